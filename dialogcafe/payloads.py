"""The JSON shapes the API and the socket events send (see docs/protocol.md).

One module builds them so that a post looks the same in an ack, a room emit, the
initial ``state`` and the JSON export.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dialogcafe.models import CafeSession, Participant, Post
from dialogcafe.sessions import TableTopic


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``, the form browsers parse everywhere."""
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def post_payload(post: Post) -> dict[str, Any]:
    return {
        "id": post.id,
        "client_id": post.client_id,
        "table": post.table_number,
        "round": post.round_number,
        "topic": post.topic.text,
        "text": post.text,
        "nickname": post.participant.nickname,
        "created_at": iso(post.created_at),
    }


def session_payload(cafe: CafeSession) -> dict[str, Any]:
    return {
        "id": cafe.id,
        "title": cafe.title,
        "description": cafe.description,
        "join_code": cafe.join_code,
        "status": cafe.status,
        "tables": cafe.table_count,
        "rounds": cafe.round_count,
        "round_minutes": cafe.round_minutes,
        "rotation": cafe.rotation,
        "topics": [topic.text for topic in cafe.topics],
        "round": cafe.current_round,
        "round_started_at": iso(cafe.round_started_at),
        "round_ends_at": iso(cafe.round_ends_at),
    }


def table_topics_payload(topics: list[TableTopic]) -> list[dict[str, Any]]:
    return [{"table": t.table, "topic": t.topic} for t in topics]


def round_payload(cafe: CafeSession, table_topic: TableTopic | None = None) -> dict[str, Any]:
    """What phones need when a round changes: the number, their question, the end time."""
    payload: dict[str, Any] = {
        "round": cafe.current_round,
        "rounds": cafe.round_count,
        "status": cafe.status,
        "round_started_at": iso(cafe.round_started_at),
        "round_ends_at": iso(cafe.round_ends_at),
    }
    if table_topic is not None:
        payload.update(table=table_topic.table, topic=table_topic.topic)
    return payload


def participant_payload(participant: Participant, token: str | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": participant.id,
        "table": participant.table_number,
        "nickname": participant.nickname,
    }
    if token is not None:
        payload["token"] = token
    return payload
