"""What the report's title page says and whether it names anyone: set by the facilitator.

The date, place, organiser, target group and purpose of the event, and the "anonymised
report" switch, are given on the new-session form (or ``POST /api/sessions``) and can be
changed on the session page (or ``PATCH /api/sessions/<id>``) until the session is closed:
a closed session's report is final. Every field is optional.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogcafe.domain import errors, fields
from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.status import SessionStatus

MAX_PLACE = 200  # the columns' length (migration 0004)
MAX_ORGANISER = 200
MAX_TARGET_GROUP = 200  # e.g. "young people", "elderly" (migration 0007)
MAX_PURPOSE = 2000
FIELDS = ("event_date", "place", "organiser", "target_group", "purpose", "anonymous_report")
# The one-line texts and their lengths.
_LINES = {"place": MAX_PLACE, "organiser": MAX_ORGANISER, "target_group": MAX_TARGET_GROUP}


@dataclass(frozen=True)
class ReportDetails:
    event_date: date | None = None
    place: str = ""
    organiser: str = ""
    target_group: str = ""
    purpose: str = ""
    anonymous_report: bool = False


def clean_field(name: str, raw: object) -> Any:
    """One field as it may be stored; :class:`errors.InvalidField` when it may not."""
    if name == "event_date":
        return fields.calendar_date(raw, field=name)
    if name == "anonymous_report":
        return fields.flag(raw, field=name)
    if name == "purpose":
        return fields.text(raw, field=name, max_length=MAX_PURPOSE)
    return fields.text(raw, field=name, max_length=_LINES[name], one_line=True)


def make_details(raw: Mapping[str, object]) -> ReportDetails:
    """The details of a new session from a form or JSON body (missing ones: empty)."""
    return ReportDetails(**{name: clean_field(name, raw[name]) for name in FIELDS if name in raw})


def apply(cafe: CafeSession, changes: Mapping[str, Any]) -> None:
    """Store cleaned details; refused once the session is closed (its report is final)."""
    if changes and cafe.status == SessionStatus.CLOSED:
        raise errors.ReportFinal()
    for name, value in changes.items():
        setattr(cafe, name, value)


def details_of(cafe: CafeSession) -> dict[str, Any]:
    """The details as the API shows them (the date as ``YYYY-MM-DD`` or ``null``)."""
    return {
        "event_date": cafe.event_date.isoformat() if cafe.event_date else None,
        "place": cafe.place,
        "organiser": cafe.organiser,
        "target_group": cafe.target_group,
        "purpose": cafe.purpose,
        "anonymous_report": cafe.anonymous_report,
    }
