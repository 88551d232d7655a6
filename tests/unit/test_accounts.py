"""Facilitator accounts, logins and API tokens (only hashes are stored)."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from dialogcafe.adapters.database import Database
from dialogcafe.domain import errors
from dialogcafe.domain.codes import token_hash
from dialogcafe.domain.models import ApiToken, Facilitator, LoginThrottle
from dialogcafe.services import accounts

PASSWORD = "a long password"
POLICY = accounts.LoginPolicy(free_tries=3, first_delay=2.0, max_delay=30.0)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cheap work factor: the rules, not scrypt's cost, are under test here."""
    cheap = functools.partial(generate_password_hash, method="pbkdf2:sha256:1000")
    monkeypatch.setattr(accounts, "generate_password_hash", cheap)


def _kari(database: Database, now: datetime) -> int:
    return accounts.create_facilitator(database, "kari@example.no", PASSWORD, now=now)


def test_create_and_authenticate(database: Database, now: datetime) -> None:
    created = accounts.create_facilitator(database, "  Kari@Example.NO ", PASSWORD, now=now)
    with database.transaction() as db:
        kari = db.get(Facilitator, created)
        assert kari is not None
        assert kari.email == "kari@example.no"
        assert kari.created_at == now
        assert PASSWORD not in kari.password_hash
        assert accounts.get_facilitator(db, created + 1) is None
    login = accounts.authenticate(database, "KARI@example.no", PASSWORD, now=now)
    assert login == accounts.Login(created, generation=0)


def test_wrong_password_or_email_is_refused(database: Database, now: datetime) -> None:
    _kari(database, now)
    with pytest.raises(errors.BadCredentials) as caught:
        accounts.authenticate(database, "kari@example.no", PASSWORD + "!", now=now)
    assert caught.value.status == 401
    with pytest.raises(errors.BadCredentials):
        accounts.authenticate(database, "ola@example.no", PASSWORD, now=now)


def test_an_email_is_taken_once_whatever_its_case(database: Database, now: datetime) -> None:
    _kari(database, now)
    with pytest.raises(errors.EmailTaken) as caught:
        accounts.create_facilitator(database, "KARI@example.no", PASSWORD, now=now)
    assert caught.value.status == 409


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [
        ("not-an-address", PASSWORD, "E-mail"),
        ("two@@example.no", PASSWORD, "E-mail"),
        ("a b@example.no", PASSWORD, "E-mail"),
        ("x" * 250 + "@example.no", PASSWORD, "E-mail"),
        ("kari@example.no", "short", "Password"),
        ("kari@example.no", "", "Password"),
        ("kari@example.no", "x" * 1025, "Password"),
    ],
)
def test_bad_email_or_password_is_refused(
    database: Database, now: datetime, email: str, password: str, field: str
) -> None:
    with pytest.raises(errors.InvalidField) as caught:
        accounts.create_facilitator(database, email, password, now=now)
    assert caught.value.params["field"] == field


def test_the_delay_grows_after_the_free_tries() -> None:
    assert [POLICY.delay_after(n) for n in range(1, 9)] == [0, 0, 2, 4, 8, 16, 30, 30]
    assert POLICY.delay_after(10**9) == 30  # no overflow however many


def _fail(database: Database, email: str, now: datetime) -> None:
    with pytest.raises(errors.BadCredentials):
        accounts.authenticate(database, email, "wrong password", now=now, policy=POLICY)


@pytest.mark.parametrize("email", ["kari@example.no", "nobody@example.no"])
def test_failed_logins_delay_the_address_known_or_not(
    database: Database, now: datetime, email: str
) -> None:
    """An unknown address is delayed exactly like a known one: the delay tells nothing."""
    _kari(database, now)
    _fail(database, email, now)
    _fail(database, email, now)
    _fail(database, email, now)  # the third failure: wait 2 s
    with pytest.raises(errors.LoginDelayed) as caught:
        accounts.authenticate(database, email, PASSWORD, now=now, policy=POLICY)
    assert (caught.value.status, caught.value.code, caught.value.retry_after) == (
        429,
        "login_delayed",
        2,
    )
    assert isinstance(caught.value, errors.RateLimited)
    _fail(database, email, now + timedelta(seconds=2))  # checked again: wait 4 s
    with pytest.raises(errors.LoginDelayed) as caught:
        accounts.authenticate(
            database, email, PASSWORD, now=now + timedelta(seconds=3), policy=POLICY
        )
    assert caught.value.retry_after == 3
    # Another address is not affected; no address is stored in clear.
    with database.transaction() as db:
        assert db.scalars(select(LoginThrottle.email_hash)).all() == [token_hash(email)]


def test_a_success_clears_the_count_and_a_quiet_day_forgets_it(
    database: Database, now: datetime
) -> None:
    _kari(database, now)
    for _ in range(3):
        _fail(database, "kari@example.no", now)
    later = now + timedelta(seconds=2)
    accounts.authenticate(database, "kari@example.no", PASSWORD, now=later, policy=POLICY)
    with database.transaction() as db:
        assert db.scalars(select(LoginThrottle)).all() == []
    for _ in range(3):
        _fail(database, "ola@example.no", now)
    next_day = now + timedelta(days=1, seconds=1)
    _fail(database, "ola@example.no", next_day)  # counts as the first failure again
    with database.transaction() as db:
        (throttle,) = db.scalars(select(LoginThrottle)).all()
        assert (throttle.failures, throttle.blocked_until) == (1, None)


def test_ending_the_logins_invalidates_every_cookie(database: Database, now: datetime) -> None:
    kari_id = _kari(database, now)
    login = accounts.authenticate(database, "kari@example.no", PASSWORD, now=now)
    with database.transaction() as db:
        assert accounts.facilitator_for_login(db, kari_id, login.generation).id == kari_id
        for bad_id, generation in [(kari_id + 1, 0), ("1", 0), (kari_id, None), (2**64, 0)]:
            with pytest.raises(errors.NotAuthenticated):
                accounts.facilitator_for_login(db, bad_id, generation)
        accounts.end_logins(db, kari_id)
    with database.transaction() as db, pytest.raises(errors.NotAuthenticated):
        accounts.facilitator_for_login(db, kari_id, login.generation)
    again = accounts.authenticate(database, "kari@example.no", PASSWORD, now=now)
    assert again.generation == login.generation + 1


def test_api_tokens_are_shown_once_and_stored_hashed(database: Database, now: datetime) -> None:
    kari_id = _kari(database, now)
    with database.transaction() as db:
        token, issued = accounts.issue_api_token(db, kari_id, now=now)
        second, _ = accounts.issue_api_token(db, kari_id, now=now)
        assert token != second
        assert issued.expires_at == now + timedelta(days=30)
        stored = db.scalars(select(ApiToken.token_hash)).all()
        assert sorted(stored) == sorted([token_hash(token), token_hash(second)])
        assert accounts.facilitator_for_token(db, token, now=now).id == kari_id
        assert accounts.facilitator_for_token(db, second, now=now).id == kari_id
        with pytest.raises(errors.InvalidToken):
            accounts.facilitator_for_token(db, token + "x", now=now)


def test_api_tokens_expire_and_can_be_revoked(database: Database, now: datetime) -> None:
    kari_id = _kari(database, now)
    ola_id = accounts.create_facilitator(database, "ola@example.no", PASSWORD, now=now)
    with database.transaction() as db:
        kari = db.get(Facilitator, kari_id)
        ola = db.get(Facilitator, ola_id)
        assert kari is not None and ola is not None
        short = accounts.LoginPolicy(token_lifetime=timedelta(hours=1))
        old, old_row = accounts.issue_api_token(db, kari_id, now=now, policy=short)
        kept, kept_row = accounts.issue_api_token(db, kari_id, now=now + timedelta(minutes=1))
        later = now + timedelta(hours=1)
        with pytest.raises(errors.TokenExpired) as expired:
            accounts.facilitator_for_token(db, old, now=later)
        assert (expired.value.status, expired.value.code) == (401, "token_expired")
        assert accounts.active_api_tokens(db, kari, now=now) == [kept_row, old_row]
        assert accounts.active_api_tokens(db, kari, now=later) == [kept_row]

        for token_id in (old_row.id, kept_row.id + 100, 2**63, 0):  # expired, unknown, huge
            with pytest.raises(errors.UnknownApiToken):
                accounts.revoke_api_token(db, kari, token_id, now=later)
        with pytest.raises(errors.UnknownApiToken):  # another facilitator's
            accounts.revoke_api_token(db, ola, kept_row.id, now=later)
        accounts.revoke_api_token(db, kari, kept_row.id, now=later)
        with pytest.raises(errors.TokenRevoked) as revoked:
            accounts.facilitator_for_token(db, kept, now=later)
        assert (revoked.value.status, revoked.value.code) == (401, "token_revoked")
        assert accounts.active_api_tokens(db, kari, now=later) == []

        # Long-dead tokens are deleted when the account gets a new one.
        accounts.issue_api_token(db, kari_id, now=later + timedelta(days=31))
        assert (
            len(db.scalars(select(ApiToken).where(ApiToken.facilitator_id == kari_id)).all()) == 1
        )


def test_too_many_waiting_hashes_get_a_quick_429(
    database: Database, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flood from many addresses queues no unbounded work: over the cap, a quick 429."""
    _kari(database, now)
    monkeypatch.setattr(accounts, "MAX_WAITING_HASHES", 0)
    for attempt in (
        lambda: accounts.authenticate(database, "kari@example.no", PASSWORD, now=now),
        lambda: accounts.create_facilitator(database, "ola@example.no", PASSWORD, now=now),
    ):
        with pytest.raises(errors.RateLimited) as caught:
            attempt()
        assert (caught.value.status, caught.value.code, caught.value.retry_after) == (
            429,
            "rate_limited",
            1,
        )
    monkeypatch.setattr(accounts, "MAX_WAITING_HASHES", 1)  # the count went back to zero
    assert accounts.authenticate(database, "kari@example.no", PASSWORD, now=now).facilitator_id
