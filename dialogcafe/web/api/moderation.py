"""Moderation over the API: hide, unhide and approve inputs; the list and the log."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from dialogcafe.domain import moderation as rules
from dialogcafe.domain.fields import form_number
from dialogcafe.services import moderation, participant_erasure
from dialogcafe.web.api import attachment, bp
from dialogcafe.web.edge import current_facilitator_id, json_body


def _reason() -> object:
    return json_body().get("reason", "") if request.get_data() else ""


@bp.post("/sessions/<int:session_id>/posts/<int:post_id>/<action>")
def moderate(session_id: int, post_id: int, action: str) -> dict[str, Any]:
    """``hide`` (optional ``{"reason": …}``), ``unhide`` or ``approve`` one input."""
    owner = current_facilitator_id()
    reason = _reason() if action == rules.HIDE else ""
    return moderation.moderate(owner, session_id, post_id, action, reason)


def _page_size() -> tuple[int, int]:
    limit = form_number(request.args.get("limit", ""))
    offset = form_number(request.args.get("offset", ""))
    return (
        limit if isinstance(limit, int) else rules.DEFAULT_PAGE_SIZE,
        offset if isinstance(offset, int) else 0,
    )


@bp.get("/sessions/<int:session_id>/posts")
def posts(session_id: int) -> dict[str, Any]:
    """Inputs for moderation: ``?table=&round=&status=&q=&limit=&offset=``."""
    limit, offset = _page_size()
    return moderation.posts_page(
        current_facilitator_id(), session_id, request.args, limit=limit, offset=offset
    )


@bp.get("/sessions/<int:session_id>/moderation.csv")
def moderation_log_csv(session_id: int) -> Response:
    """The organiser's log of every hide, unhide and approval, with reasons."""
    return attachment(moderation.moderation_log(current_facilitator_id(), session_id))


@bp.get("/sessions/<int:session_id>/participants/<int:participant_id>/data.json")
def participant_data(session_id: int, participant_id: int) -> Response:
    """An access request: everything the café keeps about one participant, as JSON."""
    owner = current_facilitator_id()
    return attachment(participant_erasure.person_data(owner, session_id, participant_id))


@bp.post("/sessions/<int:session_id>/participants/<int:participant_id>/erase")
def erase_participant(session_id: int, participant_id: int) -> dict[str, Any]:
    """An erasure request: delete one participant's inputs for good (logged, no text)."""
    owner = current_facilitator_id()
    return participant_erasure.erase_person(owner, session_id, participant_id)
