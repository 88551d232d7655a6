"""A facilitator's own templates over the API: save a café's plan, delete a template.
Listing and using them go through ``/api/templates`` with the built-in plans."""

from __future__ import annotations

from typing import Any

from dialogcafe.services import saved_templates
from dialogcafe.translation import describe
from dialogcafe.web.api import bp
from dialogcafe.web.edge import current_facilitator_id, json_body


def shown(template: dict[str, Any]) -> dict[str, Any]:
    """A template's payload with its problem, if any, in the request's language."""
    if "problem" in template:
        return {**template, "problem": describe(template["problem"])}
    return template


@bp.post("/sessions/<int:session_id>/template")
def save_template(session_id: int) -> tuple[dict[str, Any], int]:
    """``{"name": ...}``: keep this café's plan and settings as the caller's own template."""
    owner = current_facilitator_id()
    name = json_body().get("name")
    return shown(saved_templates.save_template(owner, session_id, name)), 201


@bp.delete("/templates/<key>")
def delete_template(key: str) -> dict[str, Any]:
    """Only the caller's own (``saved-<id>``); a built-in plan's key is no template of theirs."""
    saved_templates.delete_template(current_facilitator_id(), key)
    return {"deleted": key}
