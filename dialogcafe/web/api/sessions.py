"""A session over the API: create it, read it, and move it through its rounds to the end."""

from __future__ import annotations

from typing import Any

from dialogcafe.domain import editing, report_details, sessions
from dialogcafe.services import editing as plan_editing
from dialogcafe.services import erasure, lifecycle
from dialogcafe.web import limits
from dialogcafe.web.api import bp
from dialogcafe.web.edge import current_facilitator_id, json_body
from dialogcafe.web.links import join_url


def with_join_links(details: dict[str, Any]) -> dict[str, Any]:
    """The session's details with the links phones join by (they depend on the request)."""
    link = join_url(details["join_code"])
    return {**details, "join_url": link, "qr_url": link + "/qr.svg"}


@bp.post("/sessions")
@limits.session_creation
def create_session() -> tuple[dict[str, Any], int]:
    owner = current_facilitator_id()  # who asks comes before what they ask
    body = json_body()
    plan = sessions.make_plan(
        title=body.get("title"),
        description=body.get("description", ""),
        tables=body.get("tables"),
        topics=body.get("topics"),
        rounds=body.get("rounds"),
        round_minutes=body.get("round_minutes"),
        rotation=body.get("rotation", "topics"),
        report={name: body[name] for name in report_details.FIELDS if name in body},
    )
    return with_join_links(lifecycle.create_session(owner, plan)), 201


@bp.get("/sessions/<int:session_id>")
def show_session(session_id: int) -> dict[str, Any]:
    return with_join_links(lifecycle.show_session(current_facilitator_id(), session_id))


@bp.put("/sessions/<int:session_id>/plan")
def edit_plan(session_id: int) -> dict[str, Any]:
    """The questions (the whole list), and before round 1 the tables, rounds and minutes;
    409 ``plan_locked`` for a structure change once round 1 has started."""
    owner = current_facilitator_id()
    body = json_body()
    edit = editing.make_edit(
        topics=body.get("topics"),
        tables=body.get("tables"),
        rounds=body.get("rounds"),
        round_minutes=body.get("round_minutes"),
    )
    return with_join_links(plan_editing.edit_plan(owner, session_id, edit))


@bp.put("/sessions/<int:session_id>/translations")
def edit_translations(session_id: int) -> dict[str, Any]:
    """``{"questions": [{"number": 1, "translations": {"ar": …}}], "message": {"ar": …}}``:
    each named question's translations (and the message's, when sent) replaced whole;
    allowed until the café is closed. Answers with every translation."""
    owner = current_facilitator_id()
    body = json_body()
    edit = editing.make_translation_edit(
        questions=body.get("questions"), message=body.get("message")
    )
    return plan_editing.edit_translations(owner, session_id, edit)


@bp.post("/sessions/<int:session_id>/rounds/next")
def next_round(session_id: int) -> dict[str, Any]:
    return lifecycle.advance_round(current_facilitator_id(), session_id)


@bp.post("/sessions/<int:session_id>/harvest")
def harvest(session_id: int) -> dict[str, Any]:
    return lifecycle.start_harvest(current_facilitator_id(), session_id)


@bp.post("/sessions/<int:session_id>/close")
def close_session(session_id: int) -> dict[str, Any]:
    return lifecycle.close_session(current_facilitator_id(), session_id)


@bp.delete("/sessions/<int:session_id>")
def delete_session(session_id: int) -> dict[str, Any]:
    return erasure.delete_session(current_facilitator_id(), session_id, confirm=False)
