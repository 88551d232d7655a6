"""The round timer: pause, resume and extend as stored times, with a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from dialogcafe.domain import broadcast, errors, sessions, timer
from dialogcafe.domain.models import CafeSession
from dialogcafe.views.payloads import timer_payload


def test_pause_keeps_the_seconds_left_and_clears_the_end_time(
    db: Session, running: CafeSession, now: datetime
) -> None:
    timer.pause(db, running, now=now + timedelta(minutes=5))
    assert running.paused_remaining == 15 * 60
    assert running.round_ends_at is None
    assert timer.is_paused(running)
    # The clock stands still while paused.
    assert timer.seconds_left(running, now=now + timedelta(hours=2)) == 15 * 60


def test_pause_rounds_part_seconds_up_so_nobody_loses_time(
    db: Session, running: CafeSession, now: datetime
) -> None:
    timer.pause(db, running, now=now + timedelta(minutes=5, milliseconds=400))
    assert running.paused_remaining == 15 * 60


def test_resume_sets_a_new_end_from_the_kept_seconds(
    db: Session, running: CafeSession, now: datetime
) -> None:
    timer.pause(db, running, now=now + timedelta(minutes=5))
    later = now + timedelta(minutes=30)
    timer.resume(db, running, now=later)
    assert running.round_ends_at == later + timedelta(minutes=15)
    assert running.paused_remaining is None
    assert timer.seconds_left(running, now=later) == 15 * 60


def test_pausing_after_time_is_up_keeps_zero(
    db: Session, running: CafeSession, now: datetime
) -> None:
    timer.pause(db, running, now=now + timedelta(minutes=25))
    assert running.paused_remaining == 0


@pytest.mark.parametrize("minutes", [1, 5])
def test_extend_moves_the_end_time(
    db: Session, running: CafeSession, now: datetime, minutes: int
) -> None:
    ends = running.round_ends_at
    assert ends is not None
    timer.extend(db, running, minutes, now=now + timedelta(minutes=3))
    assert running.round_ends_at == ends + timedelta(minutes=minutes)


def test_extend_while_paused_adds_to_the_kept_seconds(
    db: Session, running: CafeSession, now: datetime
) -> None:
    timer.pause(db, running, now=now + timedelta(minutes=19))
    timer.extend(db, running, 5, now=now + timedelta(minutes=40))
    assert running.paused_remaining == 60 + 5 * 60
    assert running.round_ends_at is None


def test_extend_after_time_is_up_counts_from_now(
    db: Session, running: CafeSession, now: datetime
) -> None:
    late = now + timedelta(minutes=23)
    timer.extend(db, running, 1, now=late)
    assert running.round_ends_at == late + timedelta(minutes=1)


@pytest.mark.parametrize("minutes", [0, 2, 10, -1, "5", None, True, 1.0])
def test_only_one_or_five_minutes_can_be_added(
    db: Session, running: CafeSession, now: datetime, minutes: object
) -> None:
    with pytest.raises(errors.InvalidField) as caught:
        timer.extend(db, running, minutes, now=now)
    assert caught.value.params["field"] == "minutes"


def test_pausing_twice_or_resuming_a_running_timer_is_refused(
    db: Session, running: CafeSession, now: datetime
) -> None:
    with pytest.raises(errors.TimerNotPaused):
        timer.resume(db, running, now=now)
    timer.pause(db, running, now=now)
    with pytest.raises(errors.TimerAlreadyPaused):
        timer.pause(db, running, now=now)


def test_timer_changes_need_a_running_round(db: Session, cafe: CafeSession, now: datetime) -> None:
    for change in (timer.pause, timer.resume):
        with pytest.raises(errors.TimerNotRunning):
            change(db, cafe, now=now)
    with pytest.raises(errors.TimerNotRunning):
        timer.extend(db, cafe, 1, now=now)


def test_timer_changes_are_refused_in_harvest_and_when_closed(
    db: Session, running: CafeSession, now: datetime
) -> None:
    sessions.start_harvest(db, running, now=now)
    with pytest.raises(errors.TimerNotRunning):
        timer.pause(db, running, now=now)
    sessions.close_session(db, running, now=now)
    with pytest.raises(errors.SessionClosed):
        timer.extend(db, running, 5, now=now)


def test_the_next_round_starts_with_a_running_clock_even_after_a_pause(
    db: Session, running: CafeSession, now: datetime
) -> None:
    timer.pause(db, running, now=now)
    later = now + timedelta(minutes=40)
    sessions.advance_round(db, running, now=later)
    assert running.paused_remaining is None
    assert running.round_ends_at == later + timedelta(minutes=20)


def test_timer_payload_carries_the_server_time(
    db: Session, running: CafeSession, now: datetime
) -> None:
    timer.pause(db, running, now=now + timedelta(seconds=30))
    payload = timer_payload(running, now=now + timedelta(seconds=31))
    assert payload == {
        "round": 1,
        "status": "running",
        "round_ends_at": None,
        "paused_remaining": 20 * 60 - 30,
        "server_time": "2026-11-24T12:00:31Z",
        "seq": running.seq,  # the session's change counter (sequence.py)
    }


def test_a_broadcast_is_kept_trimmed_with_its_time_and_an_empty_one_clears_it(
    db: Session, cafe: CafeSession, now: datetime
) -> None:
    broadcast.set_broadcast(db, cafe, "  Pause: kaffe i gangen!  ", now=now)
    assert (cafe.broadcast_text, cafe.broadcast_at) == ("Pause: kaffe i gangen!", now)
    broadcast.set_broadcast(db, cafe, "   ", now=now + timedelta(minutes=1))
    assert (cafe.broadcast_text, cafe.broadcast_at) == ("", None)


def test_a_broadcast_has_at_most_280_characters(
    db: Session, cafe: CafeSession, now: datetime
) -> None:
    broadcast.set_broadcast(db, cafe, "x" * 280, now=now)
    with pytest.raises(errors.InvalidField) as caught:
        broadcast.set_broadcast(db, cafe, "x" * 281, now=now)
    assert caught.value.params["field"] == "text"
    with pytest.raises(errors.InvalidField):
        broadcast.set_broadcast(db, cafe, 42, now=now)
    assert cafe.broadcast_text == "x" * 280


def test_a_closed_session_takes_no_broadcast(db: Session, cafe: CafeSession, now: datetime) -> None:
    sessions.close_session(db, cafe, now=now)
    with pytest.raises(errors.SessionClosed):
        broadcast.set_broadcast(db, cafe, "Hei", now=now)


def test_every_change_screens_show_bumps_the_change_counter(
    db: Session, running: CafeSession, now: datetime
) -> None:
    """The domain bumps ``seq`` itself, so no caller can forget it (sequence.py)."""
    changes = [
        lambda: timer.pause(db, running, now=now),
        lambda: timer.extend(db, running, 1, now=now),
        lambda: timer.resume(db, running, now=now),
        lambda: broadcast.set_broadcast(db, running, "Hei", now=now),
    ]
    for change in changes:
        before = running.seq
        change()
        assert running.seq == before + 1
