"""The ``post`` event: a participant's input, stored before it is acknowledged."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy.orm import Session

from dialogcafe import hosting, notifier, posting
from dialogcafe.clock import utcnow
from dialogcafe.extensions import socketio
from dialogcafe.models import Participant
from dialogcafe.payloads import post_payload
from dialogcafe.realtime.common import Outcome, as_participant


@socketio.on("post")
def on_post(data: Any = None) -> dict[str, Any]:
    """Store an input, then send it to the table and the facilitators (not back to its author)."""
    sid = request.sid

    def store(db: Session, participant: Participant, body: dict[str, Any]) -> Outcome:
        if body.get("on_behalf") is True:  # a host writing for someone without a phone
            result = hosting.post_on_behalf(
                db,
                participant,
                client_id=body.get("client_id"),
                text=body.get("text"),
                name=body.get("on_behalf_name"),
                now=utcnow(),
            )
        else:
            result = posting.create_post(
                db,
                participant,
                client_id=body.get("client_id"),
                text=body.get("text"),
                now=utcnow(),
            )
        payload = post_payload(result.post)
        session_id = participant.session_id
        ack = {"post": payload, "duplicate": not result.created}
        if not result.created:
            return Outcome(ack)
        return Outcome(ack, lambda: notifier.post_created(session_id, payload, skip_sid=sid))

    return as_participant(data, store)
