"""The per-session change counter (sequence.py) and the reconnect deltas it makes possible."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from dialogcafe.domain import likes, moderation, posting, sequence, sessions
from dialogcafe.domain.models import CafeSession, Participant, Post
from dialogcafe.views import facilitator, phone

Seat = Callable[..., Participant]


def write(db: Session, person: Participant, text: str, now: datetime, client_id: str) -> Post:
    return posting.create_post(db, person, client_id=client_id, text=text, now=now).post


def test_every_displayed_change_bumps_the_counter_and_stamps_the_post(
    db: Session, running: CafeSession, seat: Seat, now: datetime
) -> None:
    kari, ola = seat(running, table=1), seat(running, table=1)
    start = running.seq
    assert start >= 1 and running.resync_seq == start  # the round start

    first = write(db, kari, "Gode naboer", now, "client-0001")
    assert first.seq == running.seq == start + 1
    second = write(db, ola, "Lys i trappa", now, "client-0002")
    assert second.seq == start + 2

    likes.toggle_like(db, ola, first.id, liked=True, now=now)
    assert first.seq == running.seq == start + 3
    likes.toggle_like(db, ola, first.id, liked=True, now=now)  # no change: no bump
    assert running.seq == start + 3
    likes.toggle_like(db, ola, first.id, liked=False, now=now)
    assert first.seq == start + 4

    moderation.hide(db, second, now=now)
    assert second.seq == running.seq == start + 5
    assert running.resync_seq == start  # posts alone never force a whole snapshot


def test_a_resend_of_a_stored_input_changes_no_post(
    db: Session, running: CafeSession, seat: Seat, now: datetime
) -> None:
    kari = seat(running, table=1)
    stored = write(db, kari, "Gode naboer", now, "client-0001")
    again = posting.create_post(db, kari, client_id="client-0001", text="Gode naboer", now=now)
    assert (again.created, again.post.id, again.post.seq) == (False, stored.id, stored.seq)
    # The counter may skip a number (the resend's bump, undone by nothing): a harmless
    # gap, since clients only compare numbers.
    assert running.seq >= stored.seq


def test_the_counter_is_read_back_from_the_row(
    db: Session, running: CafeSession, seat: Seat, now: datetime
) -> None:
    write(db, seat(running, table=1), "Gode naboer", now, "client-0001")
    db.expire(running)
    stored = running.seq
    assert sequence.advance(db, running) == stored + 1
    db.expire(running)
    assert running.seq == stored + 1


def test_round_changes_harvest_and_close_force_a_whole_snapshot(
    db: Session, running: CafeSession, now: datetime
) -> None:
    sessions.advance_round(db, running, now=now)
    assert running.resync_seq == running.seq
    sessions.start_harvest(db, running, now=now)
    assert running.resync_seq == running.seq
    sessions.close_session(db, running, now=now)
    assert running.resync_seq == running.seq


@pytest.mark.parametrize("since", [None, "3", True, -1, 1.5, {"seq": 3}])
def test_anything_but_a_seq_asks_for_a_whole_snapshot(running: CafeSession, since: object) -> None:
    assert sequence.delta_since(running, since) is None


def test_a_delta_starts_only_from_a_seq_between_the_last_resync_and_now(
    db: Session, running: CafeSession, seat: Seat, now: datetime
) -> None:
    write(db, seat(running, table=1), "Gode naboer", now, "client-0001")
    assert sequence.delta_since(running, running.resync_seq - 1) is None  # before the round
    assert sequence.delta_since(running, running.resync_seq) == running.resync_seq
    assert sequence.delta_since(running, running.seq) == running.seq
    assert sequence.delta_since(running, running.seq + 1) is None  # from another database


def test_a_participant_delta_holds_what_changed_and_what_went(
    db: Session, running: CafeSession, seat: Seat, now: datetime
) -> None:
    kari, ola, guest = seat(running, table=1), seat(running, table=1), seat(running, table=2)
    untouched = write(db, kari, "Gode naboer", now, "client-0001")
    liked = write(db, kari, "Lys i trappa", now, "client-0002")
    doomed = write(db, ola, "Noe stygt", now, "client-0003")
    whole = phone.participant_snapshot(db, ola)
    assert whole["full"] is True and whole["removed"] == []
    assert [p["id"] for p in whole["posts"]] == [untouched.id, liked.id, doomed.id]
    since = whole["seq"]

    likes.toggle_like(db, ola, liked.id, liked=True, now=now)
    moderation.hide(db, doomed, now=now)
    fresh = write(db, kari, "Benk ved inngangen", now, "client-0004")
    elsewhere = write(db, guest, "Bord to", now, "client-0005")

    delta = phone.participant_snapshot(db, ola, since=since)
    assert delta["full"] is False and delta["seq"] == running.seq
    assert [(p["id"], p["likes"], p["seq"]) for p in delta["posts"]] == [
        (liked.id, 1, liked.seq),
        (fresh.id, 0, fresh.seq),
    ]
    assert delta["removed"] == [{"id": doomed.id, "seq": doomed.seq}]
    assert [p["id"] for p in delta["other_posts"]] == [elsewhere.id]
    assert delta["liked"] == [liked.id]  # always whole

    nothing = phone.participant_snapshot(db, ola, since=delta["seq"])
    assert (nothing["full"], nothing["posts"], nothing["removed"]) == (False, [], [])


def test_hidden_other_tables_stay_out_of_a_delta(
    db: Session, running: CafeSession, seat: Seat, now: datetime
) -> None:
    kari, guest = seat(running, table=1), seat(running, table=2)
    running.hide_other_tables = True
    since = phone.participant_snapshot(db, kari)["seq"]
    hidden_elsewhere = write(db, guest, "Bord to", now, "client-0001")
    moderation.hide(db, hidden_elsewhere, now=now)
    delta = phone.participant_snapshot(db, kari, since=since)
    assert (delta["other_posts"], delta["removed"]) == ([], [])


def test_a_facilitator_delta_covers_every_table(
    db: Session, running: CafeSession, seat: Seat, now: datetime
) -> None:
    kari, guest = seat(running, table=1), seat(running, table=2)
    old = write(db, kari, "Gode naboer", now, "client-0001")
    since = facilitator.facilitator_snapshot(db, running)["seq"]
    new = write(db, guest, "Bord to", now, "client-0002")
    moderation.hide(db, old, now=now)
    delta = facilitator.facilitator_snapshot(db, running, since=since)
    assert delta["full"] is False
    assert {t["table"]: [p["id"] for p in t["posts"]] for t in delta["tables"]} == {
        1: [],
        2: [new.id],
        3: [],
    }
    assert delta["removed"] == [{"id": old.id, "seq": old.seq}]
