"""The ``like`` and ``vote`` events: participants' reactions to inputs."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import likes, voting
from dialogcafe.domain.models import Participant
from dialogcafe.realtime.common import Outcome, as_participant
from dialogcafe.realtime.events import on_event
from dialogcafe.realtime.limits import limited


@on_event("like")
@limited("like")
def on_like(data: Any = None) -> dict[str, Any]:
    """Like or unlike an input; its table (or every table) and the facilitators get the count."""

    def toggle(db: Session, participant: Participant, body: dict[str, Any]) -> Outcome:
        result = likes.toggle_like(
            db, participant, body.get("post_id"), liked=body.get("liked"), now=utcnow()
        )
        cafe = participant.session
        session_id = cafe.id
        post_id, table, count = result.post.id, result.post.table_number, result.likes
        seq = result.post.seq
        tables = (
            list(range(1, cafe.table_count + 1)) if likes.other_tables_visible(cafe) else [table]
        )
        ack = {"post_id": post_id, "likes": count, "liked": result.liked, "seq": seq}
        return Outcome(
            ack,
            lambda: notifier.likes_changed(
                session_id, post_id, table, count, tables=tables, seq=seq
            ),
        )

    return as_participant(data, toggle)


@on_event("vote")
@limited("vote")
def on_vote(data: Any = None) -> dict[str, Any]:
    """Put a dot on an input or take one back; only the voter hears of it (no steering)."""

    def cast(db: Session, participant: Participant, body: dict[str, Any]) -> Outcome:
        result = voting.vote(
            db, participant, body.get("post_id"), add=body.get("add"), now=utcnow()
        )
        return Outcome(
            {
                "post_id": result.post.id,
                "dots_left": result.dots_left,
                "post_votes": result.post_votes,
            }
        )

    return as_participant(data, cast)
