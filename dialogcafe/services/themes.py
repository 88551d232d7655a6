"""Themes in the harvest: the facilitator's (any table) and a table host's (their own table).

Each command runs in one unit of work and answers the asker's overview
(``views/themes.themes_overview``: themes, inputs, suggestions), so a page redraws from the
answer; after the commit every screen of the session hears ``themes``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import errors, hosting, themes
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession
from dialogcafe.services.ownership import owned_session
from dialogcafe.services.participants import load_participant
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.views.themes import public_themes, themes_overview

# Who acts: the session, and the table a host is limited to (None: the facilitator).
Scope = tuple[CafeSession, int | None]
Change = Callable[[Session, CafeSession, int | None], object]

HOST_ACTIONS = ("list", "create", "rename", "delete", "move", "unassign")


def _facilitator(facilitator_id: int, session_id: int) -> Callable[[Session], Scope]:
    return lambda db: (owned_session(db, facilitator_id, session_id), None)


def _host(participant_id: int) -> Callable[[Session], Scope]:
    def scope(db: Session) -> Scope:
        participant = load_participant(db, participant_id)
        hosting.require_host(participant)
        return participant.session, participant.table_number

    return scope


def _read(who: Callable[[Session], Scope]) -> dict[str, Any]:
    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe, table = who(uow.db)
        return themes_overview(uow.db, cafe, table)

    return run(work)


def _change(who: Callable[[Session], Scope], change: Change) -> dict[str, Any]:
    """Run ``change`` for the asker, answer their overview, tell every screen after commit."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe, table = who(uow.db)
        change(uow.db, cafe, table)
        uow.after_commit(
            notifier.themes_changed, cafe.id, cafe.table_count, public_themes(uow.db, cafe)
        )
        return themes_overview(uow.db, cafe, table)

    return run(work)


def _create(name: object, post_ids: object) -> Change:
    return lambda db, cafe, table: themes.create_theme(
        db, cafe, name=name, post_ids=post_ids, table=table, now=utcnow()
    )


def _rename(theme_id: object, name: object) -> Change:
    return lambda db, cafe, table: themes.rename_theme(db, cafe, theme_id, name=name, table=table)


def _delete(theme_id: object) -> Change:
    return lambda db, cafe, table: themes.delete_theme(db, cafe, theme_id, table=table)


def _move(theme_id: object, post_ids: object) -> Change:
    return lambda db, cafe, table: themes.move_posts(db, cafe, theme_id, post_ids, table=table)


def _unassign(post_id: object) -> Change:
    return lambda db, cafe, table: themes.unassign_post(db, cafe, post_id, table=table)


# --- the facilitator (the API and the session page) ------------------------------------


def overview(facilitator_id: int, session_id: int) -> dict[str, Any]:
    return _read(_facilitator(facilitator_id, session_id))


def create(
    facilitator_id: int, session_id: int, *, name: object, post_ids: object
) -> dict[str, Any]:
    """A new theme, with ``post_ids`` moved into it (accepting a suggestion is this)."""
    return _change(_facilitator(facilitator_id, session_id), _create(name, post_ids))


def rename(
    facilitator_id: int, session_id: int, theme_id: object, *, name: object
) -> dict[str, Any]:
    return _change(_facilitator(facilitator_id, session_id), _rename(theme_id, name))


def delete(facilitator_id: int, session_id: int, theme_id: object) -> dict[str, Any]:
    return _change(_facilitator(facilitator_id, session_id), _delete(theme_id))


def move(
    facilitator_id: int, session_id: int, theme_id: object, post_ids: object
) -> dict[str, Any]:
    return _change(_facilitator(facilitator_id, session_id), _move(theme_id, post_ids))


def unassign(facilitator_id: int, session_id: int, post_id: object) -> dict[str, Any]:
    return _change(_facilitator(facilitator_id, session_id), _unassign(post_id))


# --- a table host on the phone (the ``theme`` event) --------------------------------------


def host_action(participant_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """One ``theme`` event of a table host: ``action`` and its fields (docs/protocol.md)."""
    action = body.get("action")
    who = _host(participant_id)
    if action == "list":
        return _read(who)
    changes: dict[str, Callable[[], Change]] = {
        "create": lambda: _create(body.get("name"), body.get("post_ids")),
        "rename": lambda: _rename(body.get("theme_id"), body.get("name")),
        "delete": lambda: _delete(body.get("theme_id")),
        "move": lambda: _move(body.get("theme_id"), body.get("post_ids")),
        "unassign": lambda: _unassign(body.get("post_id")),
    }
    if not isinstance(action, str) or action not in changes:
        raise errors.InvalidField(
            field="action", problem=N_("must be one of: {choices}"), choices=", ".join(HOST_ACTIONS)
        )
    return _change(who, changes[action]())
