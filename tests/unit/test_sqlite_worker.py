"""The worker's group commit: jobs share one transaction, and a failing job undoes only itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogcafe.adapters import sqlite_worker
from dialogcafe.adapters.database import Database
from dialogcafe.domain.models import Facilitator

WHEN = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _add(email: str) -> Callable[[Session], str]:
    def work(session: Session) -> str:
        session.add(Facilitator(email=email, password_hash="x", created_at=WHEN))
        session.flush()
        return email

    return work


def _fail(session: Session) -> None:
    _add("half-done@example.no")(session)  # written, then undone with the failure
    raise ValueError("refused")


def _emails(database: Database) -> list[str]:
    with database.transaction() as session:
        return list(session.scalars(select(Facilitator.email).order_by(Facilitator.email)))


def _run(database: Database, *works: Callable[[Session], object]) -> list[sqlite_worker._Job]:
    jobs = [sqlite_worker._Job(work, done=None) for work in works]
    sessions = sqlite_worker._worker_sessions(database)
    sqlite_worker._run_batch(sessions, jobs)
    sessions.kw["bind"].dispose()
    return jobs


def test_a_batch_commits_its_jobs_together_and_a_failure_undoes_only_itself(
    database: Database,
) -> None:
    first, failed, last = _run(database, _add("a@example.no"), _fail, _add("b@example.no"))
    assert (first.result, first.error) == ("a@example.no", None)
    assert isinstance(failed.error, ValueError)
    assert (last.result, last.error) == ("b@example.no", None)
    assert _emails(database) == ["a@example.no", "b@example.no"]


def test_a_job_alone_commits_or_is_rolled_back_whole(database: Database) -> None:
    (stored,) = _run(database, _add("alone@example.no"))
    (failed,) = _run(database, _fail)
    assert stored.result == "alone@example.no"
    assert isinstance(failed.error, ValueError) and failed.result is None
    assert _emails(database) == ["alone@example.no"]


def test_a_broken_constraint_fails_only_the_job_that_broke_it(database: Database) -> None:
    twins = _run(database, _add("twin@example.no"), _add("twin@example.no"))
    # The second insert breaks the unique e-mail inside its own savepoint: only it fails.
    assert twins[0].error is None and twins[1].error is not None
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Facilitator)) == 1
