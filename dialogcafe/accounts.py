"""Facilitator accounts and API tokens."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from dialogcafe import errors
from dialogcafe.codes import new_token, token_hash
from dialogcafe.errors import N_
from dialogcafe.models import ApiToken, Facilitator

MIN_PASSWORD_LENGTH = 8
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively and without stray spaces."""
    return email.strip().lower()


def create_facilitator(db: Session, email: str, password: str, *, now: datetime) -> Facilitator:
    """Register a facilitator; the password is kept only as a salted hash."""
    email = normalise_email(email)
    if not _EMAIL.match(email) or len(email) > 254:
        raise errors.InvalidField(field=N_("E-mail"), problem=N_("not a valid address"))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise errors.InvalidField(field=N_("Password"), problem=N_("use at least 8 characters"))
    if db.scalar(select(Facilitator.id).where(Facilitator.email == email)) is not None:
        raise errors.EmailTaken()
    facilitator = Facilitator(
        email=email, password_hash=generate_password_hash(password), created_at=now
    )
    db.add(facilitator)
    db.flush()
    return facilitator


def authenticate(db: Session, email: str, password: str) -> Facilitator:
    """Return the facilitator for these credentials or raise :class:`BadCredentials`."""
    facilitator = db.scalar(select(Facilitator).where(Facilitator.email == normalise_email(email)))
    if facilitator is None or not check_password_hash(facilitator.password_hash, password):
        raise errors.BadCredentials()
    return facilitator


def issue_api_token(db: Session, facilitator: Facilitator, *, now: datetime) -> str:
    """Create a bearer token; the caller sees it once, the database keeps its hash."""
    token = new_token()
    db.add(ApiToken(facilitator_id=facilitator.id, token_hash=token_hash(token), created_at=now))
    db.flush()
    return token


def facilitator_for_token(db: Session, token: str) -> Facilitator:
    """Resolve a bearer token or raise :class:`InvalidToken`."""
    api_token = db.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    if api_token is None:
        raise errors.InvalidToken()
    return api_token.facilitator


def get_facilitator(db: Session, facilitator_id: int) -> Facilitator | None:
    """Load a facilitator by id (for the web login cookie)."""
    return db.get(Facilitator, facilitator_id)
