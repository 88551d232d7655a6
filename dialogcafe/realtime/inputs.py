"""The ``post`` event: a participant's input, stored before it is acknowledged."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy.orm import Session

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import hosting, posting
from dialogcafe.realtime.common import Outcome, as_participant_id, load_participant
from dialogcafe.realtime.events import on_event
from dialogcafe.realtime.limits import limited
from dialogcafe.views.payloads import new_input_payload, post_payload


@on_event("post")
@limited("post")
def on_post(data: Any = None) -> dict[str, Any]:
    """Store an input, then send it to the table and the facilitators (not back to its author)."""
    sid = request.sid

    def store(db: Session, participant_id: int, body: dict[str, Any]) -> Outcome:
        if body.get("on_behalf") is True:  # a host writing for someone without a phone
            result = hosting.post_on_behalf(
                db,
                load_participant(db, participant_id),
                client_id=body.get("client_id"),
                text=body.get("text"),
                name=body.get("on_behalf_name"),
                now=utcnow(),
            )
            payload, created = post_payload(result.post), result.created
            session_id = result.post.session_id
        else:
            stored = posting.store_input(
                db,
                participant_id,
                client_id=body.get("client_id"),
                text=body.get("text"),
                now=utcnow(),
            )
            payload, created = new_input_payload(stored), stored.created
            session_id = stored.post.session_id
        ack = {"post": payload, "duplicate": not created}
        if not created:
            return Outcome(ack)
        return Outcome(ack, lambda: notifier.post_created(session_id, payload, skip_sid=sid))

    return as_participant_id(data, store)
