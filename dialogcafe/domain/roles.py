"""Who may do what with a café: its owner, co-facilitators and readers.

A café belongs to the account that made it (the owner). The owner may add co-facilitators,
who may do everything but delete the café or choose its members, and readers, who see the
café and download its reports and change nothing. Someone with no role gets the same answer
as for a café that does not exist, so ids reveal nothing. One table, checked by every edge.
"""

from __future__ import annotations

from enum import StrEnum

from dialogcafe.domain import errors


class Role(StrEnum):
    OWNER = "owner"
    CO_FACILITATOR = "co_facilitator"
    READER = "reader"


class Action(StrEnum):
    VIEW = "view"  # the session page, the projector, live updates
    DOWNLOAD = "download"  # summaries, reports, table cards
    RUN = "run"  # rounds, timer, message to everyone, projector view
    MODERATE = "moderate"  # approve, hide, restore, table hosts, themes
    CONFIGURE = "configure"  # settings, questions, report details, copies
    MANAGE_MEMBERS = "manage_members"  # add and remove co-facilitators and readers
    DELETE = "delete"  # the café and all it holds


ALLOWED: dict[Role, frozenset[Action]] = {
    Role.OWNER: frozenset(Action),
    Role.CO_FACILITATOR: frozenset(Action) - {Action.MANAGE_MEMBERS, Action.DELETE},
    Role.READER: frozenset({Action.VIEW, Action.DOWNLOAD}),
}
MEMBER_ROLES = (Role.CO_FACILITATOR, Role.READER)  # the roles an owner hands out


def may(role: Role | None, action: Action) -> bool:
    """Whether ``role`` (None: no role at all) allows ``action``."""
    return role is not None and action in ALLOWED[role]


def check(role: Role | None, action: Action) -> Role:
    """``role`` if it allows ``action``; else the error the person should see."""
    if role is None:
        raise errors.UnknownSession()
    if action not in ALLOWED[role]:
        if role is Role.READER:
            raise errors.ReadOnlyRole()
        raise errors.OwnerOnly()
    return role
