"""A list of cafés as the dashboard and a project's page show them: date, place, target
group, status and counts (participants, visible inputs, tables), in two queries however
many cafés there are."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogcafe.domain.models import CafeSession, Participant, Post
from dialogcafe.domain.status import PostStatus


def counts_of(db: Session, cafes: Sequence[CafeSession]) -> dict[int, dict[str, int]]:
    """Per café id: its participants, its inputs everyone may see, and its tables."""
    ids = [cafe.id for cafe in cafes]
    if not ids:
        return {}
    people = {
        key: value
        for key, value in db.execute(
            select(Participant.session_id, func.count())
            .where(Participant.session_id.in_(ids))
            .group_by(Participant.session_id)
        )
    }
    inputs = {
        key: value
        for key, value in db.execute(
            select(Post.session_id, func.count())
            .where(Post.session_id.in_(ids), Post.status == PostStatus.VISIBLE)
            .group_by(Post.session_id)
        )
    }
    return {
        cafe.id: {
            "participants": people.get(cafe.id, 0),
            "inputs": inputs.get(cafe.id, 0),
            "tables": cafe.table_count,
        }
        for cafe in cafes
    }


def cafe_row(cafe: CafeSession, counts: dict[str, int]) -> dict[str, Any]:
    """One café of a list (the API's shape; pages read the same keys)."""
    return {
        "id": cafe.id,
        "title": cafe.title,
        "event_date": cafe.event_date.isoformat() if cafe.event_date else None,
        "created_at": cafe.created_at.isoformat(),
        "place": cafe.place,
        "target_group": cafe.target_group,
        "status": cafe.status,
        "join_code": cafe.join_code,
        "counts": counts,
    }


def cafe_rows(db: Session, cafes: Sequence[CafeSession]) -> list[dict[str, Any]]:
    counts = counts_of(db, cafes)
    return [cafe_row(cafe, counts[cafe.id]) for cafe in cafes]
