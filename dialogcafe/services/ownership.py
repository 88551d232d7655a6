"""Loading what a facilitator's command is for, by the id the edge authorised."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dialogcafe.domain import errors, roles
from dialogcafe.domain.models import CafeSession, Facilitator
from dialogcafe.domain.roles import Action
from dialogcafe.services import accounts


def load_facilitator(db: Session, facilitator_id: int) -> Facilitator:
    """The facilitator the edge identified (gone only if the account was removed since)."""
    owner = accounts.get_facilitator(db, facilitator_id)
    if owner is None:
        raise errors.NotAuthenticated()
    return owner


def owned_session(
    db: Session, facilitator_id: int, session_id: int, action: Action = Action.RUN
) -> CafeSession:
    """The café, if the facilitator's role there allows ``action`` (by default running it:
    its owner and co-facilitators, not readers); one they have no role in looks the same
    as a missing one (roles.py)."""
    load_facilitator(db, facilitator_id)
    return roles.session_for(db, facilitator_id, session_id, action)
