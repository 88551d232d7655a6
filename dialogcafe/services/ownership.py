"""Loading what a facilitator's command is for, by the id the edge authorised."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dialogcafe.domain import errors, sessions
from dialogcafe.domain.models import CafeSession, Facilitator
from dialogcafe.services import accounts


def load_facilitator(db: Session, facilitator_id: int) -> Facilitator:
    """The facilitator the edge identified (gone only if the account was removed since)."""
    owner = accounts.get_facilitator(db, facilitator_id)
    if owner is None:
        raise errors.NotAuthenticated()
    return owner


def owned_session(db: Session, facilitator_id: int, session_id: int) -> CafeSession:
    """The facilitator's session; another's looks the same as a missing one."""
    return sessions.get_owned_session(db, load_facilitator(db, facilitator_id), session_id)
