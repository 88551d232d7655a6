"""The hosts', syntheses' and seating parts of the ``state`` snapshots.

Kept apart from ``snapshots.py`` so that the table-host and people-move features add
their keys with one ``update`` call there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.domain import hosting, moving
from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.domain.sessions import TableTopic
from dialogcafe.views.payloads import host_payload, synthesis_payload


def seating_payload(seating: moving.RoundSeating) -> dict[str, Any]:
    """The facilitator's figures for a round change: how many moved, how many repeats."""
    return {"moved": seating.moved, "repeat_encounters": seating.repeat_encounters}


def participant_hosting(db: Session, participant: Participant) -> dict[str, Any]:
    """``is_host``, ``stay_seated`` and the syntheses written at the participant's table.

    ``syntheses`` holds every round's synthesis at this table; the page shows the earlier
    rounds as "What the group before you found" and gives the host the current one to edit.
    """
    cafe: CafeSession = participant.session
    table = participant.table_number
    return {
        "is_host": hosting.is_host(participant),
        "stay_seated": participant.stay_seated,
        "host": host_payload(table, hosting.host_of(db, cafe, table))["host"],
        "syntheses": [synthesis_payload(s) for s in hosting.syntheses_for_table(db, cafe, table)],
    }


def table_people(db: Session, cafe: CafeSession) -> dict[int, list[dict[str, Any]]]:
    """Who sits at each table now (id and name), for the facilitator's "Make host" choice."""
    people: dict[int, list[dict[str, Any]]] = {t: [] for t in range(1, cafe.table_count + 1)}
    rows = db.scalars(
        select(Participant).where(Participant.session_id == cafe.id).order_by(Participant.id)
    )
    for p in rows:
        people.setdefault(p.table_number, []).append(
            {"id": p.id, "nickname": p.nickname, "host": p.hosted_table == p.table_number}
        )
    return people


def people_overview(db: Session, cafe: CafeSession) -> dict[str, Any]:
    """The facilitators' ``people`` message: per table, how many sit there and who, so
    the "Make host" choice follows joins and moves without a reload."""
    people = table_people(db, cafe)
    return {
        "tables": [
            {"table": t, "participants": len(persons), "people": persons}
            for t, persons in sorted(people.items())
        ]
    }


def facilitator_hosting(db: Session, cafe: CafeSession) -> dict[str, Any]:
    """The host code, the round's seating figures, and per table: host, people, syntheses.

    ``table_hosting`` is keyed by the table number as text (JSON object keys are text).
    """
    hosts = hosting.hosts_by_table(db, cafe)
    people = table_people(db, cafe)
    syntheses = hosting.syntheses_for_session(db, cafe)
    return {
        "host_code": cafe.host_code,
        "seating": seating_payload(moving.round_seating(db, cafe)),
        "table_hosting": {
            str(t): {
                "host": host_payload(t, hosts.get(t))["host"],
                "people": people.get(t, []),
                "syntheses": [synthesis_payload(s) for s in syntheses if s.table_number == t],
            }
            for t in range(1, cafe.table_count + 1)
        },
    }


def move_payloads(seating: moving.RoundSeating, topics: list[TableTopic]) -> list[dict[str, Any]]:
    """One ``move`` message per moved participant: the new table, round and question."""
    topic_of = {t.table: t.topic for t in topics}
    return [
        {
            "participant_id": move.participant_id,
            "table": move.to_table,
            "round": seating.round,
            "topic": topic_of.get(move.to_table, ""),
        }
        for move in seating.moves
    ]
