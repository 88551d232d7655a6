"""Admins and account deletion on PostgreSQL: foreign keys enforced at once, and two admins
taking each other's role at the same moment leave one admin (the row lock)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from dialogcafe.adapters.database import Database
from dialogcafe.domain import account_deletion, admins, errors, roles, sessions
from dialogcafe.domain.models import CafeSession, Facilitator, Project, ProjectCafe
from dialogcafe.services import accounts
from tests.conftest import _fast_password_hashing
from tests.postgres import fresh_database

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_admins_and_deletion_on_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    _fast_password_hashing(monkeypatch)
    with fresh_database("admins") as url:
        database = Database()
        database.configure(url)
        database.create_tables()
        try:
            first = accounts.create_facilitator(database, "a@example.no", "pw-long-one", now=NOW)
            second = accounts.create_facilitator(
                database, "b@example.no", "pw-long-one", now=NOW, admin=True
            )
            kari = accounts.create_facilitator(database, "k@example.no", "pw-long-one", now=NOW)
            _each_takes_the_others_role(database, first, second)
            _kari_leaves(database, kari, heir=first)
        finally:
            assert database.engine is not None
            database.engine.dispose()


def _each_takes_the_others_role(database: Database, first: int, second: int) -> None:
    outcome: list[str] = []

    def other() -> None:
        try:
            with database.transaction() as db:
                target = db.get(Facilitator, second)
                assert target is not None
                admins.set_admin(db, target, False)
            outcome.append("removed")
        except errors.LastAdmin:
            outcome.append("refused")

    with database.transaction() as db:
        target = db.get(Facilitator, first)
        assert target is not None and target.is_admin
        admins.set_admin(db, target, False)
        racer = threading.Thread(target=other)
        racer.start()  # it waits for this transaction's lock on the admin rows
    racer.join()
    assert outcome == ["refused"]
    with database.transaction() as db:
        assert admins.admin_ids(db) == [second]


def _kari_leaves(database: Database, kari: int, heir: int) -> None:
    with database.transaction() as db:
        owner = db.get(Facilitator, kari)
        helper = db.get(Facilitator, heir)
        assert owner is not None and helper is not None
        plan = sessions.make_plan(
            title="Kafé", tables=2, topics=["Hva?"], rounds=1, round_minutes=10
        )
        kept = sessions.create_session(db, owner, plan, now=NOW)
        gone = sessions.create_session(db, owner, plan, now=NOW)
        roles.add_member(db, kept, helper, "co_facilitator", now=NOW)
        project = Project(owner_id=heir, name="Andres prosjekt", created_at=NOW)
        db.add(project)
        db.flush()
        db.add(ProjectCafe(session_id=gone.id, project_id=project.id, added_at=NOW))
        db.flush()
        kept_id, gone_id = kept.id, gone.id
        account_deletion.delete_account(db, owner, {kept_id: heir, gone_id: None}, {})
    with database.transaction() as db:
        assert db.get(Facilitator, kari) is None
        handed = db.get(CafeSession, kept_id)
        assert handed is not None and handed.facilitator_id == heir
        assert db.get(CafeSession, gone_id) is None
        assert db.get(ProjectCafe, gone_id) is None
