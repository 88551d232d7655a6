"""A facilitator's own templates: saved from a café, listed, used for a new draft, deleted
(domain/saved_templates.py). Built-in plans and saved ones share one way in: a key."""

from __future__ import annotations

from typing import Any

from dialogcafe.clock import utcnow
from dialogcafe.domain import errors, ready_made, saved_templates, sessions
from dialogcafe.domain.models import SavedTemplate
from dialogcafe.domain.roles import Action
from dialogcafe.services.lifecycle import session_details
from dialogcafe.services.ownership import load_facilitator, owned_session
from dialogcafe.services.retention import retention_setting
from dialogcafe.services.unit_of_work import UnitOfWork, run


def template_payload(template: SavedTemplate) -> dict[str, Any]:
    """A saved template as ``GET /api/templates`` and the new-session page show it: the
    plan's fields, or ``problem`` (the plan no longer reads) and no plan."""
    payload: dict[str, Any] = {
        "key": saved_templates.key_of(template.id),
        "id": template.id,
        "saved": True,
        "name": template.name,
        "created_at": template.created_at.isoformat(),
    }
    try:
        stored = saved_templates.read_document(template.plan_json)
    except errors.TemplateBroken as exc:
        return {**payload, "problem": exc}
    plan = stored.plan
    return {
        **payload,
        "title": plan.title,
        "description": plan.description,
        "topics": list(plan.topics),
        "tables": plan.tables,
        "rounds": plan.rounds,
        "round_minutes": plan.round_minutes,
        "rotation": plan.rotation,
    }


def save_template(facilitator_id: int, session_id: int, name: object) -> dict[str, Any]:
    """Keep a café's plan and settings as the facilitator's own template (anyone who may
    see the café may keep its plan, as with a copy)."""
    saved_templates.clean_name(name)  # checked before the transaction

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id, Action.VIEW)
        return template_payload(
            saved_templates.save(uow.db, facilitator_id, cafe, name, now=utcnow())
        )

    return run(work)


def list_templates(facilitator_id: int) -> list[dict[str, Any]]:
    """The facilitator's own templates, newest first."""

    def read(uow: UnitOfWork) -> list[dict[str, Any]]:
        load_facilitator(uow.db, facilitator_id)
        return [template_payload(t) for t in saved_templates.templates_of(uow.db, facilitator_id)]

    return run(read)


def delete_template(facilitator_id: int, key: str) -> None:
    run(lambda uow: saved_templates.delete_template(uow.db, facilitator_id, key))


def create_from_template(facilitator_id: int, key: str, language: str) -> dict[str, Any]:
    """A new draft from a built-in plan (in ``language``) or one of the facilitator's own
    templates (``saved-<id>``); answers with its details."""
    if saved_templates.template_id_of(key) is None:
        built_in = ready_made.built_in_plan(key, language)  # checked before the transaction
    server_days = retention_setting()

    def work(uow: UnitOfWork) -> dict[str, Any]:
        owner = load_facilitator(uow.db, facilitator_id)
        if saved_templates.template_id_of(key) is None:
            made = sessions.create_session(uow.db, owner, built_in, now=utcnow())
            return session_details(made, server_days)
        template = saved_templates.template_of(uow.db, facilitator_id, key)
        stored = saved_templates.read_document(template.plan_json)
        cafe = sessions.create_session(uow.db, owner, stored.plan, now=utcnow())
        saved_templates.apply_settings(cafe, stored)
        return session_details(cafe, server_days)

    return run(work)
