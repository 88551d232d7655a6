"""How long a closed café is kept, and which are due (domain/retention.py), on a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from dialogcafe.config import load_config
from dialogcafe.domain import errors, retention, session_settings, sessions
from dialogcafe.domain.models import CafeSession

DAY = timedelta(days=1)


def _closed(
    db: Session, make: Callable[..., CafeSession], closed_at: datetime, own_days: int | None = None
) -> CafeSession:
    cafe = make()
    sessions.close_session(db, cafe, now=closed_at)
    cafe.retention_days = own_days
    db.flush()
    return cafe


def test_closing_records_when(db: Session, cafe: CafeSession, now: datetime) -> None:
    assert cafe.closed_at is None
    sessions.close_session(db, cafe, now=now)
    assert cafe.closed_at == now


def test_the_cafés_own_period_wins_and_zero_keeps(
    db: Session, cafe: CafeSession, now: datetime
) -> None:
    assert retention.kept_days(None, 90) == 90
    assert retention.kept_days(None, retention.KEEP_FOREVER) is None
    assert retention.kept_days(30, retention.KEEP_FOREVER) == 30
    assert retention.kept_days(400, 90) == 400
    open_cafe = retention.retention_of(cafe, 90)
    assert (open_cafe.days, open_cafe.closed_at, open_cafe.deletes_at) == (90, None, None)
    assert not open_cafe.due(now + 1000 * DAY)


def test_the_deletion_date_counts_from_the_close(
    db: Session, make_cafe: Callable[..., CafeSession], now: datetime
) -> None:
    cafe = _closed(db, make_cafe, now)
    kept = retention.retention_of(cafe, 90)
    assert kept.deletes_at == now + 90 * DAY
    assert not kept.due(now + 90 * DAY - timedelta(seconds=1))
    assert kept.due(now + 90 * DAY)
    assert not kept.warn(now + 83 * DAY - timedelta(seconds=1))
    assert kept.warn(now + 83 * DAY)
    assert retention.retention_of(cafe, retention.KEEP_FOREVER).deletes_at is None


def test_due_sessions_are_exactly_those_past_their_date(
    db: Session, make_cafe: Callable[..., CafeSession], now: datetime
) -> None:
    overdue = _closed(db, make_cafe, now - 100 * DAY)
    just_due = _closed(db, make_cafe, now - 90 * DAY)
    not_yet = _closed(db, make_cafe, now - 89 * DAY)
    own_short = _closed(db, make_cafe, now - 3 * DAY, own_days=2)
    own_long = _closed(db, make_cafe, now - 100 * DAY, own_days=365)
    still_open = make_cafe()
    due = retention.due_sessions(db, server_days=90, now=now, limit=100)
    # Longest overdue first: 10 days, 1 day, due this moment.
    assert [cafe.id for cafe in due] == [overdue.id, own_short.id, just_due.id]
    assert [c.id for c in retention.due_sessions(db, server_days=90, now=now, limit=1)] == [
        overdue.id
    ]
    kept = {not_yet.id, own_long.id, still_open.id}
    assert kept.isdisjoint(retention.due_ids(db, server_days=90, now=now, limit=100))
    # With the server keeping everything, only a café's own period deletes it.
    assert retention.due_ids(db, server_days=0, now=now, limit=100) == [own_short.id]


def test_the_warning_lists_the_next_week_soonest_first(
    db: Session, make_cafe: Callable[..., CafeSession], now: datetime
) -> None:
    in_six_days = _closed(db, make_cafe, now - 84 * DAY)
    in_two_days = _closed(db, make_cafe, now - 88 * DAY)
    _closed(db, make_cafe, now - 82 * DAY)  # eight days left: no warning yet
    make_cafe()  # open: no date at all
    warned = retention.soon_deleted(db.query(CafeSession).all(), server_days=90, now=now)
    assert [(cafe.id, moment) for cafe, moment in warned] == [
        (in_two_days.id, now + 2 * DAY),
        (in_six_days.id, now + 6 * DAY),
    ]
    assert retention.soon_deleted(db.query(CafeSession).all(), server_days=0, now=now) == []


@pytest.mark.parametrize("raw", [0, 3651, -1, 1.5, True, "30", "forever", [30]])
def test_a_cafés_period_is_bounded(raw: object) -> None:
    with pytest.raises(errors.InvalidField) as refused:
        retention.clean_days(raw)
    assert refused.value.params["field"] == "retention_days"


def test_a_period_or_the_servers_default_is_a_setting(db: Session, cafe: CafeSession) -> None:
    assert retention.clean_days(1) == 1 and retention.clean_days(3650) == 3650
    session_settings.update_settings(db, cafe, {"retention_days": 30})
    assert cafe.retention_days == 30
    assert "retention_days" not in session_settings.settings_of(cafe)  # phones hear those
    session_settings.update_settings(db, cafe, {"retention_days": None})
    assert cafe.retention_days is None


@pytest.mark.parametrize("days", [-1, 3651, "90", None, 1.0])
def test_the_servers_default_is_checked(days: object) -> None:
    with pytest.raises(ValueError):
        retention.check_server_days(days)
    assert retention.check_server_days(0) == 0


@pytest.mark.parametrize(
    ("raw", "days"), [(None, 90), ("", 90), ("0", 0), (" 30 ", 30), ("3650", 3650)]
)
def test_the_environment_sets_the_servers_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, raw: str | None, days: int
) -> None:
    if raw is None:
        monkeypatch.delenv("DIALOGCAFE_RETENTION_DAYS", raising=False)
    else:
        monkeypatch.setenv("DIALOGCAFE_RETENTION_DAYS", raw)
    config = load_config({"DATA_DIR": tmp_path, "SECRET_KEY": "k"})
    assert (config["RETENTION_DAYS"], config["RETENTION_INTERVAL"]) == (days, 3600.0)


@pytest.mark.parametrize(
    "setting", [{"RETENTION_DAYS": "forever"}, {"RETENTION_DAYS": 3651}, {"RETENTION_INTERVAL": 0}]
)
def test_a_wrong_retention_setting_stops_the_start(
    tmp_path: Path, setting: dict[str, object]
) -> None:
    with pytest.raises(ValueError, match="DIALOGCAFE_RETENTION"):
        load_config({"DATA_DIR": tmp_path, "SECRET_KEY": "k", **setting})
