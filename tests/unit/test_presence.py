"""Presence rows: one per live socket, counted per table, stale rows kept from counting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from dialogcafe.domain import presence
from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.views.payloads import presence_payload


def _connect(
    db: Session, person: Participant, sid: str, now: datetime, server_id: str = "server-a"
) -> None:
    presence.connected(
        db,
        sid=sid,
        session_id=person.session_id,
        role=presence.ROLE_PARTICIPANT,
        server_id=server_id,
        now=now,
        participant_id=person.id,
        table=person.table_number,
    )


def test_counts_are_per_table_and_include_empty_tables(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    kari, ola, per = seat(cafe, table=1), seat(cafe, table=1), seat(cafe, table=3)
    for number, person in enumerate((kari, ola, per)):
        _connect(db, person, f"sid-{number}", now)
    assert presence.table_connections(db, cafe) == {1: 2, 2: 0, 3: 1}


def test_two_tabs_of_one_person_count_once(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    kari = seat(cafe, table=2)
    _connect(db, kari, "tab-1", now)
    _connect(db, kari, "tab-2", now)
    assert presence.table_connections(db, cafe)[2] == 1
    assert presence.disconnected(db, "tab-1") == cafe.id
    assert presence.table_connections(db, cafe)[2] == 1
    presence.disconnected(db, "tab-2")
    assert presence.table_connections(db, cafe)[2] == 0


def test_disconnecting_an_unknown_socket_is_harmless(db: Session) -> None:
    assert presence.disconnected(db, "never-seen") is None


def test_a_reused_sid_replaces_its_row(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    kari, ola = seat(cafe, table=1), seat(cafe, table=2)
    _connect(db, kari, "same-sid", now)
    _connect(db, ola, "same-sid", now)
    assert presence.table_connections(db, cafe) == {1: 0, 2: 1, 3: 0}


def test_people_count_at_the_table_they_sit_at_now(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    kari = seat(cafe, table=1)
    _connect(db, kari, "sid-1", now)
    kari.table_number = 3  # moved by the people-move rotation
    db.flush()
    assert presence.table_connections(db, cafe) == {1: 0, 2: 0, 3: 1}


def test_only_live_servers_rows_count_and_a_restart_clears_its_own(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    kari, ola = seat(cafe, table=1), seat(cafe, table=1)
    _connect(db, kari, "sid-1", now, server_id="crashed")
    _connect(db, ola, "sid-2", now, server_id="alive")
    assert presence.table_connections(db, cafe)[1] == 2
    assert presence.table_connections(db, cafe, live_servers=["alive"])[1] == 1
    assert presence.forget_server(db, "crashed") == 1
    assert presence.table_connections(db, cafe)[1] == 1


def test_facilitator_sockets_are_not_counted_as_people(
    db: Session, cafe: CafeSession, now: datetime
) -> None:
    presence.connected(
        db,
        sid="facilitator-sid",
        session_id=cafe.id,
        role=presence.ROLE_FACILITATOR,
        server_id="server-a",
        now=now,
    )
    assert presence.table_connections(db, cafe) == {1: 0, 2: 0, 3: 0}


def test_server_ids_differ_per_start() -> None:
    assert presence.new_server_id() != presence.new_server_id()


def test_presence_payload_lists_tables_in_order() -> None:
    assert presence_payload({2: 0, 1: 3}) == {
        "tables": [{"table": 1, "connected": 3}, {"table": 2, "connected": 0}]
    }
