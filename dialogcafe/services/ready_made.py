"""Ready-made sessions: a new draft copied from a café, or from a built-in plan."""

from __future__ import annotations

from typing import Any

from dialogcafe.clock import utcnow
from dialogcafe.domain import ready_made, sessions
from dialogcafe.domain.roles import Action
from dialogcafe.services.lifecycle import session_details
from dialogcafe.services.ownership import load_facilitator, owned_session
from dialogcafe.services.retention import retention_setting
from dialogcafe.services.unit_of_work import UnitOfWork, run


def duplicate_session(facilitator_id: int, session_id: int, title_pattern: str) -> dict[str, Any]:
    """A new draft with the plan and settings of one of the facilitator's cafés (not its
    people, inputs, codes or date); answers with the new session's details."""
    server_days = retention_setting()

    def work(uow: UnitOfWork) -> dict[str, Any]:
        source = owned_session(uow.db, facilitator_id, session_id, Action.VIEW)
        plan = ready_made.copy_plan(source, title_pattern)
        owner = load_facilitator(uow.db, facilitator_id)  # a co-facilitator's copy is theirs
        copy = sessions.create_session(uow.db, owner, plan, now=utcnow())
        ready_made.copy_settings(source, copy)
        return session_details(copy, server_days)

    return run(work)
