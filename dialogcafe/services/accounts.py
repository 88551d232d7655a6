"""Facilitator accounts, logins and API tokens.

A password hash never runs inside a transaction or on the event loop: read, hash in a real
thread (``sqlite_worker.run_blocking``), then write. Unknown addresses are hashed and
counted like known ones, so timing and log-in delays never tell which have accounts
(docs/architecture.md, "Identity").
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from dialogcafe.adapters.database import Database
from dialogcafe.adapters.sqlite_worker import run_blocking, run_transaction
from dialogcafe.clock import utcnow
from dialogcafe.domain import admins, errors
from dialogcafe.domain.codes import new_token, token_hash
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import ApiToken, Facilitator, LoginThrottle

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

T = TypeVar("T")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024  # hashing a megabyte-long "password" is work nobody needs
MAX_TOKEN_ID = 2**63 - 1
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class LoginPolicy:
    """How failed log-ins are delayed and how long API tokens live (config.py sets it)."""

    free_tries: int = 5
    first_delay: float = 1.0  # seconds after the first failure beyond the free ones
    max_delay: float = 300.0
    forget_after: timedelta = timedelta(hours=24)  # a quiet day resets the count
    token_lifetime: timedelta = timedelta(days=30)
    keep_dead_tokens: timedelta = timedelta(days=30)  # to say "expired"/"revoked" for a while

    def delay_after(self, failures: int) -> float:
        """Seconds to wait after ``failures`` failed tries in a row: none, then doubling."""
        extra = failures - self.free_tries
        if extra < 0:
            return 0.0
        return min(self.first_delay * 2 ** min(extra, 32), self.max_delay)


DEFAULT_POLICY = LoginPolicy()


@dataclass(frozen=True)
class Login:
    """A successful log-in: what the login cookie carries."""

    facilitator_id: int
    generation: int


def normalise_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively and without stray spaces."""
    return email.strip().lower()


def _email_key(email: str) -> str:
    return token_hash(normalise_email(email))


def _hash(password: str) -> str:
    # Looked up at call time: the in-process tests swap in a cheap work factor.
    return generate_password_hash(password)


_dummy: tuple[Callable[..., str], str] | None = None


def _check(stored: str | None, password: str) -> bool:
    """In a hashing thread: the password against ``stored``, or for an unknown address
    against a dummy hash made like real ones, so that both take one hash's time. (The
    first unknown address makes the dummy instead of checking: that, too, is one hash.)"""
    global _dummy
    if stored is not None:
        return check_password_hash(stored, password)
    if _dummy is None or _dummy[0] is not generate_password_hash:
        _dummy = (generate_password_hash, _hash(new_token()))
        return False
    check_password_hash(_dummy[1], password)
    return False


MAX_WAITING_HASHES = 32  # about a second of work for the hashing threads
_waiting = 0
_waiting_lock = threading.Lock()  # green under eventlet and gevent: green threads only use it


def _hashing(fn: Callable[..., T], *args: object) -> T:
    """``fn`` in a hashing thread (``sqlite_worker.run_blocking``), unless too many hashes wait
    already: then a quick 429, so that a flood from many addresses queues no unbounded work
    (the answer is the same for every address, so it tells nothing about accounts)."""
    global _waiting
    with _waiting_lock:
        if _waiting >= MAX_WAITING_HASHES:
            raise errors.RateLimited(1)
        _waiting += 1
    try:
        return run_blocking(fn, *args)
    finally:
        with _waiting_lock:
            _waiting -= 1


def _check_password_length(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise errors.InvalidField(field=N_("Password"), problem=N_("use at least 8 characters"))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise errors.InvalidField(field=N_("Password"), problem=N_("use at most 1024 characters"))


def checked_email(email: str) -> str:
    """``email`` normalised, if it looks like an address an account can have."""
    email = normalise_email(email)
    if not _EMAIL.match(email) or len(email) > 254:
        raise errors.InvalidField(field=N_("E-mail"), problem=N_("not a valid address"))
    return email


def create_facilitator(
    database: Database, email: str, password: str, *, now: datetime, admin: bool = False
) -> int:
    """Register a facilitator and return the id; the password is kept only as a salted
    hash, made between two short transactions (see the module docstring). The first
    account on the server is an admin (``admins.py``), and so is one made with ``admin``."""
    email = checked_email(email)
    _check_password_length(password)

    def taken(db: Session) -> bool:
        return db.scalar(select(Facilitator.id).where(Facilitator.email == email)) is not None

    if _run(database, taken):
        raise errors.EmailTaken()
    password_hash = _hashing(_hash, password)

    def insert(db: Session) -> int:
        facilitator = Facilitator(
            email=email,
            password_hash=password_hash,
            created_at=now,
            is_admin=admin or admins.is_first_account(db),
        )
        db.add(facilitator)
        db.flush()
        return facilitator.id

    try:
        return _run(database, insert)
    except IntegrityError as exc:  # the same address signed up meanwhile
        raise errors.EmailTaken() from exc


@dataclass(frozen=True)
class _Found:
    facilitator_id: int | None
    generation: int
    password_hash: str | None
    failures: int  # failed tries in a row that still count
    throttled: bool  # a row of failures exists, to delete after a success


def authenticate(
    database: Database,
    email: str,
    password: str,
    *,
    now: datetime,
    policy: LoginPolicy = DEFAULT_POLICY,
) -> Login:
    """Check the credentials; raise :class:`LoginDelayed` while the address must wait,
    else :class:`BadCredentials` for a wrong address or password."""
    key = _email_key(email)

    def read(db: Session) -> _Found:
        throttle = db.get(LoginThrottle, key)
        failures = 0
        if throttle is not None and throttle.last_failure_at > now - policy.forget_after:
            if throttle.blocked_until is not None and throttle.blocked_until > now:
                wait = (throttle.blocked_until - now).total_seconds()
                raise errors.LoginDelayed(wait)
            failures = throttle.failures
        row = db.execute(
            select(Facilitator.id, Facilitator.login_generation, Facilitator.password_hash).where(
                Facilitator.email == normalise_email(email)
            )
        ).first()
        if row is None:
            return _Found(None, 0, None, failures, throttle is not None)
        return _Found(
            row.id, row.login_generation, row.password_hash, failures, throttle is not None
        )

    found = _run(database, read)
    if len(password) > MAX_PASSWORD_LENGTH:
        password = ""  # still hashed: a long password takes no longer than a wrong one
    matches = _hashing(_check, found.password_hash, password)
    if matches and found.facilitator_id is not None:
        if found.throttled:
            _run(database, lambda db: db.execute(delete(LoginThrottle).where(_key_is(key))))
        return Login(found.facilitator_id, found.generation)
    _run(database, lambda db: _count_failure(db, key, now=now, policy=policy))
    raise errors.BadCredentials()


def password_fingerprint(password_hash: str) -> str:
    """A short digest of a stored hash: a reset link carries it, so the link stops
    working once the password it was made for has changed (it works once)."""
    return token_hash(password_hash)[:16]


def reset_fingerprint(database: Database, email: str) -> tuple[int, str]:
    """The account behind ``email`` and its password's fingerprint, for a reset link;
    :class:`UnknownAccount` when there is none (only admins and the CLI ask)."""
    address = normalise_email(email)

    def read(db: Session) -> tuple[int, str]:
        row = db.execute(
            select(Facilitator.id, Facilitator.password_hash).where(Facilitator.email == address)
        ).first()
        if row is None:
            raise errors.UnknownAccount()
        return row.id, password_fingerprint(row.password_hash)

    return _run(database, read)


def set_password(
    database: Database, facilitator_id: int, new_password: str, *, fingerprint: str | None
) -> Login:
    """Store ``new_password`` and end every login of the account but the one returned.

    ``fingerprint``: the password this replaces (a reset link's), refused with
    :class:`LinkUsed` once it no longer matches; ``None`` when the caller has checked the
    current password itself (:func:`change_password`).
    """
    _check_password_length(new_password)
    password_hash = _hashing(_hash, new_password)

    def write(db: Session) -> Login:
        facilitator = db.get(Facilitator, facilitator_id)
        if facilitator is None:
            raise errors.LinkUsed()
        if (
            fingerprint is not None
            and password_fingerprint(facilitator.password_hash) != fingerprint
        ):
            raise errors.LinkUsed()
        facilitator.password_hash = password_hash
        facilitator.login_generation += 1
        return Login(facilitator.id, facilitator.login_generation)

    return _run(database, write)


def change_password(
    database: Database, facilitator_id: int, current: str, new_password: str
) -> Login:
    """A facilitator's own change: the current password first (:class:`WrongPassword`)."""
    _check_password_length(new_password)
    check_own_password(database, facilitator_id, current)
    return set_password(database, facilitator_id, new_password, fingerprint=None)


def check_own_password(database: Database, facilitator_id: int, current: str) -> None:
    """:class:`WrongPassword` unless ``current`` is the account's password (checked off the
    loop and outside any transaction, like a log-in)."""
    stored = _run(
        database,
        lambda db: db.scalar(
            select(Facilitator.password_hash).where(Facilitator.id == facilitator_id)
        ),
    )
    if len(current) > MAX_PASSWORD_LENGTH or not _hashing(_check, stored, current):
        raise errors.WrongPassword()


def _key_is(key: str) -> ColumnElement[bool]:
    return LoginThrottle.email_hash == key


def _count_failure(db: Session, key: str, *, now: datetime, policy: LoginPolicy) -> None:
    """One more failure in a row for ``key``, and how long the next try must wait.

    The row is made first if missing (one statement that cannot race another process's),
    then locked and updated, so concurrent failures each count.
    """
    insert = _dialect_insert(db)
    db.execute(
        insert(LoginThrottle)
        .values(email_hash=key, failures=0, blocked_until=None, last_failure_at=now)
        .on_conflict_do_nothing(index_elements=["email_hash"])
    )
    throttle = db.scalars(select(LoginThrottle).where(_key_is(key)).with_for_update()).one()
    fresh = throttle.last_failure_at > now - policy.forget_after
    failures = (throttle.failures if fresh else 0) + 1
    delay = policy.delay_after(failures)
    throttle.failures = failures
    throttle.last_failure_at = now
    throttle.blocked_until = now + timedelta(seconds=delay) if delay else None
    # Addresses nobody has tried for a day are forgotten (also the ones with no account).
    db.execute(
        delete(LoginThrottle).where(LoginThrottle.last_failure_at < now - policy.forget_after)
    )


def _dialect_insert(db: Session) -> Callable[..., postgresql.Insert | sqlite.Insert]:
    import importlib

    dialect = db.get_bind().dialect.name
    insert: Callable[..., postgresql.Insert | sqlite.Insert] = importlib.import_module(
        f"sqlalchemy.dialects.{dialect}"
    ).insert
    return insert


# --- the login cookie ------------------------------------------------------------------------

# Where the Flask session keeps a login: the HTTP edge writes them, the socket edge reads them.
LOGIN_KEY = "facilitator_id"
# The account's login generation when the cookie was issued: a log-out bumps the stored
# one, so every cookie issued before it (a copied one included) stops working.
LOGIN_GENERATION_KEY = "login_generation"


def facilitator_for_login(db: Session, facilitator_id: object, generation: object) -> Facilitator:
    """The facilitator a login cookie names, if it was not ended since (log-out ends every
    login of the account); else :class:`NotAuthenticated`."""
    if not isinstance(facilitator_id, int) or not isinstance(generation, int):
        raise errors.NotAuthenticated()
    if not 0 < facilitator_id <= MAX_TOKEN_ID:
        raise errors.NotAuthenticated()
    facilitator = db.get(Facilitator, facilitator_id)
    if facilitator is None or facilitator.login_generation != generation:
        raise errors.NotAuthenticated()
    return facilitator


def end_logins(db: Session, facilitator_id: int) -> None:
    """Log the account out everywhere: every cookie issued so far stops working."""
    db.execute(
        update(Facilitator)
        .where(Facilitator.id == facilitator_id)
        .values(login_generation=Facilitator.login_generation + 1)
    )


# --- API tokens ------------------------------------------------------------------------------


def issue_api_token(
    db: Session, facilitator_id: int, *, now: datetime, policy: LoginPolicy = DEFAULT_POLICY
) -> tuple[str, ApiToken]:
    """Create a bearer token; the caller sees it once, the database keeps its hash.

    Tokens of the account that expired or were revoked long ago are deleted here."""
    db.execute(
        delete(ApiToken).where(
            ApiToken.facilitator_id == facilitator_id,
            ApiToken.expires_at < now - policy.keep_dead_tokens,
        )
    )
    db.execute(
        delete(ApiToken).where(
            ApiToken.facilitator_id == facilitator_id,
            ApiToken.revoked_at < now - policy.keep_dead_tokens,
        )
    )
    token = new_token()
    api_token = ApiToken(
        facilitator_id=facilitator_id,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + policy.token_lifetime,
    )
    db.add(api_token)
    db.flush()
    return token, api_token


def facilitator_for_token(db: Session, token: str, *, now: datetime | None = None) -> Facilitator:
    """Resolve a bearer token, or raise :class:`InvalidToken` (or its expired and revoked
    kinds, so a program knows to log in again)."""
    api_token = db.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    if api_token is None:
        raise errors.InvalidToken()
    if api_token.revoked_at is not None:
        raise errors.TokenRevoked()
    if api_token.expires_at <= (now or utcnow()):
        raise errors.TokenExpired()
    return api_token.facilitator


def active_api_tokens(db: Session, facilitator: Facilitator, *, now: datetime) -> list[ApiToken]:
    """The account's tokens that still work, newest first (their secrets are not kept)."""
    return list(
        db.scalars(
            select(ApiToken)
            .where(
                ApiToken.facilitator_id == facilitator.id,
                ApiToken.revoked_at.is_(None),
                ApiToken.expires_at > now,
            )
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_api_token(
    db: Session, facilitator: Facilitator, token_id: int, *, now: datetime
) -> None:
    """Stop one of the account's active tokens from working; others' ids look unknown."""
    if not 0 < token_id <= MAX_TOKEN_ID:
        raise errors.UnknownApiToken()
    api_token = db.get(ApiToken, token_id)
    if (
        api_token is None
        or api_token.facilitator_id != facilitator.id
        or api_token.revoked_at is not None
        or api_token.expires_at <= now
    ):
        raise errors.UnknownApiToken()
    api_token.revoked_at = now


def get_facilitator(db: Session, facilitator_id: int) -> Facilitator | None:
    """Load a facilitator by id."""
    return db.get(Facilitator, facilitator_id)


def _run(database: Database, work: Callable[[Session], T]) -> T:
    """One short transaction, without blocking the event loop (``sqlite_worker.py``)."""
    return run_transaction(database, work)
