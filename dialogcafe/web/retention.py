"""What the pages say about how long a café's data is kept (domain/retention.py): the
session page's panel and the dashboard's warning, with dates on the organisers' clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import get_locale

from dialogcafe.domain import retention
from dialogcafe.domain.models import CafeSession
from dialogcafe.exports.labels import format_date, local_moment


def deletion_day(moment: datetime) -> str:
    """The day a café will be deleted, as the reader writes dates ("3 March 2027")."""
    day = local_moment(moment, current_app.config["TIMEZONE"]).date()
    return format_date(day, str(get_locale() or ""))


def retention_values(cafe: CafeSession) -> dict[str, Any]:
    """The session page's retention panel: the period, the server's default, the date."""
    server_days = current_app.config["RETENTION_DAYS"]
    kept = retention.retention_of(cafe, server_days)
    return {
        "own_days": kept.own_days,
        "days": kept.days,
        "server_days": server_days or None,
        "deletes_on": deletion_day(kept.deletes_at) if kept.deletes_at else None,
        "min_days": retention.MIN_DAYS,
        "max_days": retention.MAX_DAYS,
    }
