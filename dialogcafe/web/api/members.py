"""A café's co-facilitators and readers over the API (the owner manages them)."""

from __future__ import annotations

from typing import Any

from dialogcafe.services import members
from dialogcafe.web.api import bp
from dialogcafe.web.edge import current_facilitator_id, json_body


@bp.get("/sessions/<int:session_id>/members")
def list_members(session_id: int) -> dict[str, Any]:
    return members.list_members(current_facilitator_id(), session_id)


@bp.post("/sessions/<int:session_id>/members")
def add_member(session_id: int) -> tuple[dict[str, Any], int]:
    """``{"email": ..., "role": "co_facilitator" | "reader"}``: an existing account."""
    owner = current_facilitator_id()
    body = json_body()
    return members.add_member(owner, session_id, body.get("email"), body.get("role")), 201


@bp.delete("/sessions/<int:session_id>/members/<int:member_id>")
def remove_member(session_id: int, member_id: int) -> dict[str, Any]:
    return members.remove_member(current_facilitator_id(), session_id, member_id)
