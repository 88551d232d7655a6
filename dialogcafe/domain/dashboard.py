"""Which of a facilitator's cafés the dashboard shows, and in what order.

The filter comes from the query string (a small form that works without JavaScript), so
every value is untrusted: a project is one of the caller's projects or "none" (cafés in no
project), a status one of the four. Cafés are listed by date: the event's date where it is
set, else the day the café was made; the newest first.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from dialogcafe.domain import errors, fields
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.status import SessionStatus

NO_PROJECT = "none"
MAX_PARAM = 20  # longer than any id or status: refused before it is read


@dataclass(frozen=True)
class CafeFilter:
    """``project``: a project id, :data:`NO_PROJECT`, or None for all; ``status``: one
    status or None for all."""

    project: int | str | None = None
    status: str | None = None

    @property
    def active(self) -> bool:
        return self.project is not None or self.status is not None


def parse_filter(raw: Mapping[str, str], project_ids: Collection[int]) -> CafeFilter:
    """The filter the query string asks for; :class:`errors.InvalidField` for a value that
    is none of the choices (a project of someone else's reads as unknown)."""
    project_raw = raw.get("project", "").strip()
    status_raw = raw.get("status", "").strip()
    project: int | str | None = None
    if len(project_raw) > MAX_PARAM:
        raise errors.InvalidField(field="project_id", problem=N_("is not one of your projects"))
    if project_raw == NO_PROJECT:
        project = NO_PROJECT
    elif project_raw:
        number = fields.form_number(project_raw)
        if not fields.is_whole_number(number) or number not in project_ids:
            raise errors.InvalidField(field="project_id", problem=N_("is not one of your projects"))
        project = number
    status: str | None = None
    if status_raw:
        if status_raw not in tuple(SessionStatus):
            raise errors.InvalidField(
                field="status",
                problem=N_("must be one of: {choices}"),
                choices=", ".join(SessionStatus),
            )
        status = status_raw
    return CafeFilter(project=project, status=status)


def shown(
    cafes: Sequence[CafeSession], wanted: CafeFilter, project_of: Mapping[int, int]
) -> list[CafeSession]:
    """The cafés ``wanted`` lets through, by date (newest first); ``project_of`` maps a
    café's id to its project's."""
    kept = [
        cafe
        for cafe in cafes
        if (wanted.status is None or cafe.status == wanted.status)
        and (
            wanted.project is None
            or (wanted.project == NO_PROJECT and cafe.id not in project_of)
            or project_of.get(cafe.id) == wanted.project
        )
    ]
    return sorted(kept, key=_by_date, reverse=True)


def _by_date(cafe: CafeSession) -> tuple[date, datetime, int]:
    day = cafe.event_date or cafe.created_at.date()
    return day, cafe.created_at, cafe.id
