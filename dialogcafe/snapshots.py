"""Whole-screen snapshots: what a phone or the facilitator view shows at this moment.

The pages render them on load and the socket sends them as ``state`` on every
(re)connect, so both always agree and a reconnecting client can simply redraw.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialogcafe import participants, posting, sessions
from dialogcafe.models import CafeSession, Participant
from dialogcafe.payloads import participant_payload, post_payload, round_payload, session_payload


def facilitator_snapshot(db: Session, cafe: CafeSession) -> dict[str, Any]:
    """Every table with its question, headcount and inputs."""
    posts = [post_payload(p) for p in posting.posts_for_session(db, cafe)]
    headcounts = participants.table_headcounts(db, cafe)
    return {
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


def participant_snapshot(db: Session, participant: Participant) -> dict[str, Any]:
    """The participant's table: its question now and every input made at it."""
    cafe = participant.session
    table_topic = sessions.topic_for_table(cafe, participant.table_number)
    return {
        "role": "participant",
        "session": session_payload(cafe),
        "participant": participant_payload(participant),
        "round": cafe.current_round,
        "round_info": round_payload(cafe, table_topic),
        "table": participant.table_number,
        "topic": table_topic.topic,
        "posts": [
            post_payload(p) for p in posting.posts_for_table(db, cafe, participant.table_number)
        ],
    }
