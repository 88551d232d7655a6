"""Invitation links to a café's or a project's team over the API: the owner makes, lists
and withdraws them; whoever holds one accepts it with their own token."""

from __future__ import annotations

from typing import Any

from dialogcafe.domain.invitations import Target
from dialogcafe.services import invitations
from dialogcafe.web.api import bp
from dialogcafe.web.edge import current_facilitator_id, json_body
from dialogcafe.web.links import public_base_url


def invitation_url(token: str) -> str:
    """The link to hand over; the token in it is shown this once and never stored."""
    return f"{public_base_url()}/invite/{token}"


def _json(invitation: dict[str, Any]) -> dict[str, Any]:
    """An invitation's times as ISO 8601, as every other time in the API."""
    times = {k: invitation[k].isoformat() for k in ("created_at", "expires_at")}
    return {**invitation, **times}


def _create(target: Target) -> tuple[dict[str, Any], int]:
    """``{"role": "co_facilitator" | "reader", "days": 1..30 (default 7)}``."""
    owner = current_facilitator_id()
    body = json_body()
    made = invitations.create(owner, target, body.get("role"), body.get("days"))
    token = made.pop("token")
    return {**_json(made), "url": invitation_url(token)}, 201


def _withdraw(target: Target, invitation_id: int) -> dict[str, Any]:
    facilitator_id = current_facilitator_id()
    invitations.withdraw(facilitator_id, target, invitation_id)
    return {"invitations": [_json(i) for i in invitations.list_open(facilitator_id, target)]}


@bp.post("/sessions/<int:session_id>/invitations")
def create_session_invitation(session_id: int) -> tuple[dict[str, Any], int]:
    return _create(Target(session_id=session_id))


@bp.get("/sessions/<int:session_id>/invitations")
def list_session_invitations(session_id: int) -> dict[str, Any]:
    target = Target(session_id=session_id)
    return {
        "invitations": [_json(i) for i in invitations.list_open(current_facilitator_id(), target)]
    }


@bp.delete("/sessions/<int:session_id>/invitations/<int:invitation_id>")
def withdraw_session_invitation(session_id: int, invitation_id: int) -> dict[str, Any]:
    """The link stops working at once; answers with the links still open."""
    return _withdraw(Target(session_id=session_id), invitation_id)


@bp.post("/projects/<int:project_id>/invitations")
def create_project_invitation(project_id: int) -> tuple[dict[str, Any], int]:
    return _create(Target(project_id=project_id))


@bp.get("/projects/<int:project_id>/invitations")
def list_project_invitations(project_id: int) -> dict[str, Any]:
    target = Target(project_id=project_id)
    return {
        "invitations": [_json(i) for i in invitations.list_open(current_facilitator_id(), target)]
    }


@bp.delete("/projects/<int:project_id>/invitations/<int:invitation_id>")
def withdraw_project_invitation(project_id: int, invitation_id: int) -> dict[str, Any]:
    """The link stops working at once; answers with the links still open."""
    return _withdraw(Target(project_id=project_id), invitation_id)


@bp.post("/invitations/<token>/accept")
def accept_invitation(token: str) -> dict[str, Any]:
    """The caller takes the invitation's role: ``{"session_id" | "project_id", "role"}``."""
    return invitations.accept(current_facilitator_id(), token)
