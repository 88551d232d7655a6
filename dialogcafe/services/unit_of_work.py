"""One unit of work: a transaction, and what to do once it has committed.

Every application command runs its rules in exactly one transaction and queues its emits
and file writes with :meth:`UnitOfWork.after_commit`. They run only after the commit, so a
screen that reacts to an emit always finds the change in the database (whichever process
serves it), and nobody hears of a change that was rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from dialogcafe.adapters.sqlite_worker import run_transaction
from dialogcafe.extensions import get_database

T = TypeVar("T")


class UnitOfWork:
    """The open transaction's session, and the callbacks waiting for its commit."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self._after_commit: list[Callable[[], object]] = []

    def after_commit(self, callback: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Run ``callback(*args, **kwargs)`` once the transaction has committed."""
        self._after_commit.append(lambda: callback(*args, **kwargs))

    def _committed(self) -> None:
        for callback in self._after_commit:
            callback()


def run(work: Callable[[UnitOfWork], T]) -> T:
    """Run ``work`` in one transaction of the app's database, then its after-commit callbacks.

    The transaction runs off the event loop where the driver would block it (SQLite, see
    ``adapters/sqlite_worker.py``); a batch the worker retries alone calls ``work`` again, so
    only the unit of work of the attempt that committed sends anything.
    """
    attempts: list[UnitOfWork] = []

    def in_transaction(db: Session) -> T:
        unit = UnitOfWork(db)
        attempts.append(unit)
        return work(unit)

    result = run_transaction(get_database(), in_transaction)
    attempts[-1]._committed()
    return result
