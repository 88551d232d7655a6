"""Facilitator accounts and API tokens (only hashes are stored)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe import accounts, errors
from dialogcafe.codes import token_hash
from dialogcafe.models import ApiToken

PASSWORD = "a long password"


def test_create_and_authenticate(db: Session, now: datetime) -> None:
    created = accounts.create_facilitator(db, "  Kari@Example.NO ", PASSWORD, now=now)
    assert created.email == "kari@example.no"
    assert created.created_at == now
    assert PASSWORD not in created.password_hash
    assert accounts.authenticate(db, "KARI@example.no", PASSWORD) is created
    assert accounts.get_facilitator(db, created.id) is created
    assert accounts.get_facilitator(db, created.id + 1) is None


def test_wrong_password_or_email_is_refused(db: Session, now: datetime) -> None:
    accounts.create_facilitator(db, "kari@example.no", PASSWORD, now=now)
    with pytest.raises(errors.BadCredentials) as caught:
        accounts.authenticate(db, "kari@example.no", PASSWORD + "!")
    assert caught.value.status == 401
    with pytest.raises(errors.BadCredentials):
        accounts.authenticate(db, "ola@example.no", PASSWORD)


def test_an_email_is_taken_once_whatever_its_case(db: Session, now: datetime) -> None:
    accounts.create_facilitator(db, "kari@example.no", PASSWORD, now=now)
    with pytest.raises(errors.EmailTaken) as caught:
        accounts.create_facilitator(db, "KARI@example.no", PASSWORD, now=now)
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
    ],
)
def test_bad_email_or_password_is_refused(
    db: Session, now: datetime, email: str, password: str, field: str
) -> None:
    with pytest.raises(errors.InvalidField) as caught:
        accounts.create_facilitator(db, email, password, now=now)
    assert caught.value.params["field"] == field


def test_api_tokens_are_shown_once_and_stored_hashed(db: Session, now: datetime) -> None:
    kari = accounts.create_facilitator(db, "kari@example.no", PASSWORD, now=now)
    token = accounts.issue_api_token(db, kari, now=now)
    second = accounts.issue_api_token(db, kari, now=now)
    assert token != second
    stored = db.scalars(select(ApiToken.token_hash)).all()
    assert sorted(stored) == sorted([token_hash(token), token_hash(second)])
    assert accounts.facilitator_for_token(db, token) is kari
    assert accounts.facilitator_for_token(db, second) is kari
    with pytest.raises(errors.InvalidToken):
        accounts.facilitator_for_token(db, token + "x")
