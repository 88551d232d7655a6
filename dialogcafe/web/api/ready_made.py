"""Ready-made sessions over the API: copy a café, or start from a built-in plan."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask_babel import get_locale

from dialogcafe.domain import ready_made
from dialogcafe.domain.errors import N_
from dialogcafe.services import ready_made as ready_made_sessions
from dialogcafe.services import saved_templates
from dialogcafe.translation import translate
from dialogcafe.web import limits
from dialogcafe.web.api import bp
from dialogcafe.web.api.saved_templates import shown
from dialogcafe.web.api.sessions import with_join_links
from dialogcafe.web.edge import current_facilitator_id


@bp.get("/templates")
def built_in_templates() -> dict[str, Any]:
    """The built-in plans, in the request's language, then the caller's own (``saved``)."""
    owner = current_facilitator_id()
    plans = ready_made.built_in_plans(str(get_locale() or ""))
    built_in = [{**asdict(plan), "topics": list(plan.topics), "saved": False} for plan in plans]
    own = [shown(template) for template in saved_templates.list_templates(owner)]
    return {"templates": built_in + own}


@bp.post("/templates/<key>/sessions")
@limits.session_creation
def create_from_template(key: str) -> tuple[dict[str, Any], int]:
    """A new draft from a built-in plan, in the request's language, or a saved one."""
    owner = current_facilitator_id()
    language = str(get_locale() or "")
    return with_join_links(saved_templates.create_from_template(owner, key, language)), 201


@bp.post("/sessions/<int:session_id>/duplicate")
@limits.session_creation
def duplicate_session(session_id: int) -> tuple[dict[str, Any], int]:
    """A new draft with this café's plan and settings, not its people or inputs."""
    owner = current_facilitator_id()
    pattern = translate(N_("{title} (copy)"))
    return with_join_links(ready_made_sessions.duplicate_session(owner, session_id, pattern)), 201
