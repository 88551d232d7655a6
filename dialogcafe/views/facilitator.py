"""What the facilitator's view shows: every table's inputs and people, hosts and syntheses.

The session page renders :func:`facilitator_snapshot` on load and the socket sends it as
``state`` on every (re)connect, so both always agree; :func:`people_overview` is the
``people`` message that keeps the "Make host" choice current between snapshots.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.domain import hosting, likes, moving, participants, posting, sessions, voting
from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.views import paging
from dialogcafe.views.harvest import harvest_questions
from dialogcafe.views.payloads import (
    facilitation_state,
    host_payload,
    post_payload,
    round_payload,
    seating_payload,
    session_payload,
    synthesis_payload,
)
from dialogcafe.views.results import results_payload
from dialogcafe.views.sync import changed_before_reading, sync_state


def facilitator_snapshot(
    db: Session,
    cafe: CafeSession,
    *,
    now: datetime | None = None,
    since: object = None,
    limit: int = paging.DEFAULT_FACILITATOR_LIMIT,
) -> dict[str, Any]:
    """Every table with its question, headcount and inputs: the café's newest ``limit``
    (changed ones only for a reconnect's delta after ``since``); ``post_count`` and
    ``more_posts`` per table say how many there are and whether some were left out."""
    seq, delta, changed = changed_before_reading(db, cafe, since, None, bound=limit)
    if delta is None:
        page = paging.newest_posts(db, cafe, limit=limit)
        rows = sorted(page.posts, key=paging.by_table)
    else:
        rows = posting.posts_for_session(db, cafe, changed_after=delta)
    posts = [post_payload(p) for p in rows]
    likes.with_likes(posts, paging.like_counts_of(db, (p.id for p in rows)))
    headcounts = participants.table_headcounts(db, cafe)
    counts = paging.visible_counts(db, cafe)
    snapshot: dict[str, Any] = {
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
                "post_count": counts.get(t.table, 0),
            }
            for t in sessions.table_topics(cafe)
        ],
    }
    if delta is None:
        for table in snapshot["tables"]:
            table["more_posts"] = table["post_count"] > len(table["posts"])
    snapshot.update(facilitator_hosting(db, cafe))
    snapshot["harvest_questions"] = harvest_questions(db, cafe)
    snapshot["results"] = results_payload(db, cafe) if voting.results_open(cafe) else None
    snapshot.update(facilitation_state(cafe, now))
    snapshot.update(sync_state(seq, delta, changed, posts))
    return snapshot


def facilitator_hosting(db: Session, cafe: CafeSession) -> dict[str, Any]:
    """The host code, the round's seating figures, and per table: host, people, syntheses.

    ``table_hosting`` is keyed by the table number as text (JSON object keys are text).
    """
    hosts = hosting.hosts_by_table(db, cafe)
    people = _table_people(db, cafe)
    syntheses = hosting.syntheses_for_session(db, cafe)
    return {
        "host_code": cafe.host_code,
        "seating": seating_payload(moving.round_seating(db, cafe)),
        "table_hosting": {
            str(t): {
                "host": host_payload(t, hosts.get(t))["host"],
                "people": people.get(t, []),
                "syntheses": [synthesis_payload(s, cafe) for s in syntheses if s.table_number == t],
            }
            for t in range(1, cafe.table_count + 1)
        },
    }


def _table_people(db: Session, cafe: CafeSession) -> dict[int, list[dict[str, Any]]]:
    """Who sits at each table now (id and name), for the facilitator's "Make host" choice."""
    people: dict[int, list[dict[str, Any]]] = {t: [] for t in range(1, cafe.table_count + 1)}
    # Columns, not ORM objects: every join asks this of the whole café (hundreds of rows
    # in a hall), inside the join's write transaction.
    rows = db.execute(
        select(
            Participant.id, Participant.nickname, Participant.table_number, Participant.hosted_table
        )
        .where(Participant.session_id == cafe.id)
        .order_by(Participant.id)
    )
    for person_id, nickname, table, hosted in rows:
        people.setdefault(table, []).append(
            {"id": person_id, "nickname": nickname, "host": hosted == table}
        )
    return people


def people_overview(db: Session, cafe: CafeSession) -> dict[str, Any]:
    """The facilitators' ``people`` message: per table, how many sit there and who, so
    the "Make host" choice follows joins and moves without a reload."""
    people = _table_people(db, cafe)
    return {
        "tables": [
            {"table": t, "participants": len(persons), "people": persons}
            for t, persons in sorted(people.items())
        ]
    }
