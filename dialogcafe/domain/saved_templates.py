"""A facilitator's own templates: a café's plan and settings kept to start new cafés from.

What is kept is what a copy keeps (``ready_made.copy_plan`` and ``copy_settings``), stored as
JSON. It is read back through the same checks as a new session's form, so a template saved
by an older version, or one whose limits have changed since, is refused with a clear error
instead of making a broken café. Keys ``saved-<id>`` sit beside the built-in plans' keys.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, fields, ready_made, session_settings, sessions
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession, SavedTemplate
from dialogcafe.domain.sessions import SessionPlan

MAX_TEMPLATES = 50  # per account
MAX_NAME = 200  # the column's length
MAX_STORED = 200_000  # characters of JSON read back; a full plan is far smaller
KEY_PREFIX = "saved-"
_KEY = re.compile(r"saved-([1-9][0-9]{0,17})")
FORMAT = 1
PLAN_FIELDS = ("title", "description", "tables", "topics", "rounds", "round_minutes", "rotation")
REPORT_FIELDS = ("place", "organiser", "purpose", "anonymous_report")  # never the date


@dataclass(frozen=True)
class StoredPlan:
    """A template read back: the new café's plan and the settings it starts with."""

    plan: SessionPlan
    settings: dict[str, Any]


def key_of(template_id: int) -> str:
    return f"{KEY_PREFIX}{template_id}"


def template_id_of(key: object) -> int | None:
    """The id in a ``saved-<id>`` key; None for any other key (a built-in plan's)."""
    if not isinstance(key, str):
        return None
    match = _KEY.fullmatch(key)
    return int(match.group(1)) if match else None


def clean_name(raw: object) -> str:
    return fields.text(raw, field="name", max_length=MAX_NAME, required=True, one_line=True)


def document_of(cafe: CafeSession) -> dict[str, Any]:
    """What a template keeps of ``cafe``: its plan (title as it is), report details but the
    date, and how it runs."""
    plan = ready_made.copy_plan(cafe, "{title}")
    return {
        "format": FORMAT,
        "title": plan.title,
        "description": plan.description,
        "tables": plan.tables,
        "topics": list(plan.topics),
        "rounds": plan.rounds,
        "round_minutes": plan.round_minutes,
        "rotation": plan.rotation,
        "report": {name: getattr(plan.report, name) for name in REPORT_FIELDS},
        "settings": {name: getattr(cafe, name) for name in ready_made.COPIED_SETTINGS},
    }


def read_document(stored: str) -> StoredPlan:
    """The plan and settings in stored JSON, checked like a new session's; fields this
    version does not know are ignored, a wrong one is :class:`TemplateBroken`."""
    if len(stored) > MAX_STORED:
        raise errors.TemplateBroken(detail=N_("too large"))
    try:
        document = json.loads(stored)
    except ValueError as exc:
        raise errors.TemplateBroken(detail=N_("not readable")) from exc
    if not isinstance(document, dict):
        raise errors.TemplateBroken(detail=N_("not readable"))
    report = document.get("report", {})
    settings = document.get("settings", {})
    try:
        if not isinstance(report, dict) or not isinstance(settings, dict):
            raise errors.TemplateBroken(detail=N_("not readable"))
        plan = sessions.make_plan(
            **{name: document.get(name) for name in PLAN_FIELDS if name in document},
            report={name: report[name] for name in REPORT_FIELDS if name in report},
        )
        kept = {k: settings[k] for k in ready_made.COPIED_SETTINGS if k in settings}
        clean = session_settings.validate(kept) if kept else {}
    except TypeError as exc:  # a required plan field is missing
        raise errors.TemplateBroken(detail=N_("not readable")) from exc
    except errors.InvalidField as exc:
        raise errors.TemplateBroken(detail=exc.params.get("field", "")) from exc
    return StoredPlan(plan, clean)


def save(
    db: Session, owner_id: int, cafe: CafeSession, name: object, *, now: datetime
) -> SavedTemplate:
    """Keep ``cafe``'s plan as the owner's template ``name`` (at most ``MAX_TEMPLATES``)."""
    clean = clean_name(name)
    count = db.scalar(
        select(func.count()).select_from(SavedTemplate).where(SavedTemplate.owner_id == owner_id)
    )
    if (count or 0) >= MAX_TEMPLATES:
        raise errors.TooManyTemplates(limit=MAX_TEMPLATES)
    template = SavedTemplate(
        owner_id=owner_id,
        name=clean,
        plan_json=json.dumps(document_of(cafe), ensure_ascii=False),
        created_at=now,
    )
    db.add(template)
    db.flush()
    return template


def templates_of(db: Session, owner_id: int) -> list[SavedTemplate]:
    """The account's templates, newest first."""
    return list(
        db.scalars(
            select(SavedTemplate)
            .where(SavedTemplate.owner_id == owner_id)
            .order_by(SavedTemplate.created_at.desc(), SavedTemplate.id.desc())
        )
    )


def template_of(db: Session, owner_id: int, key: object) -> SavedTemplate:
    """The owner's template with key ``saved-<id>``; someone else's looks like a missing one."""
    template_id = template_id_of(key)
    found = db.get(SavedTemplate, template_id) if template_id is not None else None
    if found is None or found.owner_id != owner_id:
        raise errors.UnknownTemplate()
    return found


def delete_template(db: Session, owner_id: int, key: object) -> None:
    db.delete(template_of(db, owner_id, key))
    db.flush()


def apply_settings(cafe: CafeSession, stored: StoredPlan) -> None:
    """Give a new café from a template the settings the template keeps."""
    for name, value in stored.settings.items():
        setattr(cafe, name, value)
