"""Session settings a facilitator may change at any time during an event.

One generic place (used by ``PATCH /api/sessions/<id>`` and the session page's forms),
so each feature's switch (approve-first, hide other tables, dots per participant, the
vote's results on the projector and phones, how long the data is kept after the close) is
validated the same way and new ones are added here, not in another endpoint.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.domain import errors, fields, report_details, retention, sequence
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession

MAX_DOTS = 20
BOOLEAN_SETTINGS = ("approve_first", "hide_other_tables", "show_results")
SETTINGS = (
    *BOOLEAN_SETTINGS,
    "dots_per_participant",
    retention.FIELD,  # only the owner may change it (services/running.py): it deletes data
    *report_details.FIELDS,
)


def _dots(raw: object) -> int:
    return fields.whole_number(
        raw,
        field="dots_per_participant",
        minimum=0,
        maximum=MAX_DOTS,
        problem=N_("must be a whole number from {low} to {high}"),
    )


def validate(changes: Mapping[str, object]) -> dict[str, Any]:
    """Check every given setting before any is applied (all or nothing)."""
    if not changes:
        raise errors.BadRequest(detail=N_("Give at least one setting to change."))
    unknown = sorted(set(changes) - set(SETTINGS))
    if unknown:
        raise errors.InvalidField(
            field=unknown[0],
            problem=N_("is not a setting; use one of: {choices}"),
            choices=", ".join(SETTINGS),
        )
    clean: dict[str, Any] = {}
    for name, raw in changes.items():
        if name in report_details.FIELDS:
            clean[name] = report_details.clean_field(name, raw)
        elif name == "dots_per_participant":
            clean[name] = _dots(raw)
        elif name == retention.FIELD:
            clean[name] = retention.clean_days(raw)
        else:
            clean[name] = fields.flag(raw, field=name)
    return clean


def update_settings(
    db: Session, cafe: CafeSession, changes: Mapping[str, object]
) -> dict[str, Any]:
    """Apply the validated settings; returns what was asked for (for the emit).

    Switching ``hide_other_tables`` changes what phones may see as a whole, so their
    views are resynced (``sequence.resync``)."""
    clean = validate(changes)
    report_details.apply(cafe, {k: v for k, v in clean.items() if k in report_details.FIELDS})
    for name, value in clean.items():
        setattr(cafe, name, value)
    if "hide_other_tables" in clean:
        sequence.resync(db, cafe)
    return clean


def settings_of(cafe: CafeSession) -> dict[str, Any]:
    """The current value of every switch screens act on (the ``settings`` event, phones
    included); how long the data is kept is in the session's details instead."""
    return {
        "approve_first": cafe.approve_first,
        "hide_other_tables": cafe.hide_other_tables,
        "dots_per_participant": cafe.dots_per_participant,
        "show_results": cafe.show_results,
    }
