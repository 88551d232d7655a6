"""Whole-screen snapshots: what a phone or the facilitator view shows at this moment.

The pages render them on load and the socket sends them as ``state`` on every
(re)connect, so both always agree and a reconnecting client can simply redraw.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from dialogcafe import likes, participants, posting, sessions
from dialogcafe.hosting_snapshots import facilitator_hosting, participant_hosting
from dialogcafe.models import CafeSession, Participant
from dialogcafe.payloads import (
    broadcast_payload,
    iso,
    participant_payload,
    post_payload,
    round_payload,
    session_payload,
    timer_payload,
)
from dialogcafe.reactions import participant_reactions


def facilitation_state(cafe: CafeSession, now: datetime | None) -> dict[str, Any]:
    """The clock and the broadcast every screen shows: ``server_time`` lets a client
    correct its own clock, so all countdowns end together."""
    state: dict[str, Any] = {"server_time": iso(now), "broadcast": broadcast_payload(cafe)}
    if now is not None:
        state["timer"] = timer_payload(cafe, now=now)
    return state


def facilitator_snapshot(
    db: Session, cafe: CafeSession, *, now: datetime | None = None
) -> dict[str, Any]:
    """Every table with its question, headcount and inputs."""
    posts = [post_payload(p) for p in posting.posts_for_session(db, cafe)]
    likes.with_likes(posts, likes.like_counts(db, cafe))
    headcounts = participants.table_headcounts(db, cafe)
    snapshot = {
        "role": "facilitator",
        "session": session_payload(cafe),
        "round": cafe.current_round,
        "round_info": round_payload(cafe),
        "tables": [
            {
                "table": t.table,
                "topic": t.topic,
                "participants": headcounts[t.table],
                "posts": [p for p in posts if p["table"] == t.table],
            }
            for t in sessions.table_topics(cafe)
        ],
    }
    snapshot.update(facilitator_hosting(db, cafe))
    snapshot.update(facilitation_state(cafe, now))
    return snapshot


def participant_snapshot(
    db: Session, participant: Participant, *, now: datetime | None = None
) -> dict[str, Any]:
    """The participant's table: its question now and every input made at it."""
    cafe = participant.session
    table_topic = sessions.topic_for_table(cafe, participant.table_number)
    snapshot = {
        "role": "participant",
        "session": session_payload(cafe),
        "participant": participant_payload(participant),
        "round": cafe.current_round,
        "round_info": round_payload(cafe, table_topic),
        "table": participant.table_number,
        "topic": table_topic.topic,
        "posts": [
            post_payload(p)
            for p in posting.posts_for_table(
                db, cafe, participant.table_number, author_id=participant.id
            )
        ],
    }
    snapshot.update(participant_reactions(db, participant, snapshot["posts"]))
    snapshot.update(participant_hosting(db, participant))
    snapshot.update(facilitation_state(cafe, now))
    return snapshot
