"""Links that stand in for a mail server: a one-time password reset and a sign-up invitation.

Both are signed with the app's secret key and timed (itsdangerous); nothing is stored. A
reset link carries a fingerprint of the password it replaces, so it works once. An
invitation names the address it is for, so it makes at most one account (addresses are
unique). An admin hands the link over in person or by their own mail.
"""

from __future__ import annotations

from datetime import datetime

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from dialogcafe.adapters.database import Database
from dialogcafe.domain import errors
from dialogcafe.services import accounts

RESET_HOURS = 24
INVITE_DAYS = 14
MAX_LINK_TOKEN = 600  # characters: a real token is about 120


def _signer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=f"dialogcafe-{purpose}")


def _read(secret: str, purpose: str, token: str, max_age: int) -> object:
    if len(token) > MAX_LINK_TOKEN:
        raise errors.LinkInvalid()
    try:
        return _signer(secret, purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature) as exc:
        raise errors.LinkInvalid() from exc


def reset_token(database: Database, secret: str, email: str) -> str:
    """A reset link's token for the account behind ``email`` (:class:`UnknownAccount`)."""
    facilitator_id, fingerprint = accounts.reset_fingerprint(database, email)
    return _signer(secret, "reset").dumps([facilitator_id, fingerprint])


def check_reset_token(secret: str, token: str) -> tuple[int, str]:
    """The account and fingerprint a reset token names, if it is whole and fresh."""
    value = _read(secret, "reset", token, RESET_HOURS * 3600)
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
    ):
        raise errors.LinkInvalid()
    return value[0], value[1]


def reset_password(
    database: Database, secret: str, token: str, new_password: str
) -> accounts.Login:
    """Set a new password through a reset link; every other login of the account ends."""
    facilitator_id, fingerprint = check_reset_token(secret, token)
    return accounts.set_password(database, facilitator_id, new_password, fingerprint=fingerprint)


def invite_token(secret: str, email: str) -> str:
    """A sign-up invitation for ``email`` (normalised, as accounts store it)."""
    return _signer(secret, "invite").dumps(accounts.normalise_email(email))


def invited_email(secret: str, token: str) -> str:
    """The address an invitation is for, if it is whole and fresh."""
    value = _read(secret, "invite", token, INVITE_DAYS * 24 * 3600)
    if not isinstance(value, str):
        raise errors.LinkInvalid()
    return value


def sign_up_invited(
    database: Database, secret: str, token: str, password: str, *, now: datetime
) -> int:
    """Make the account an invitation is for; a second use finds the address taken."""
    email = invited_email(secret, token)
    try:
        return accounts.create_facilitator(database, email, password, now=now)
    except errors.EmailTaken as exc:
        raise errors.LinkUsed() from exc
