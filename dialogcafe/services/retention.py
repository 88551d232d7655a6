"""Deleting closed cafés whose retention period is over (domain/retention.py).

Each café goes the way "Delete session" takes it (domain/erasure.py, then
``erasure.remove_traces`` after the commit), a batch per transaction. Several server
processes may run this at once: each batch first takes a lock (PostgreSQL: an advisory
lock, adapters/task_lock.py; SQLite: the write lock every transaction takes first) and
only then chooses its cafés, so the processes take turns and no café is deleted twice.
Server processes run it every ``RETENTION_INTERVAL`` seconds (:func:`start_purging`);
``flask sessions purge`` runs it by hand.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select

from dialogcafe.adapters import task_lock
from dialogcafe.clock import utcnow
from dialogcafe.domain import erasure, retention
from dialogcafe.domain.models import CafeSession
from dialogcafe.extensions import socketio
from dialogcafe.services.erasure import remove_traces
from dialogcafe.services.unit_of_work import UnitOfWork, run

logger = logging.getLogger(__name__)
BATCH = 20  # cafés per transaction: the write lock is held for one batch at a time
TASK_KEY = "dialogcafe.retention_task"


@dataclass(frozen=True)
class DueCafe:
    """A café the purge deleted (or, in a dry run, would delete)."""

    id: int
    join_code: str
    title: str
    closed_at: datetime | None
    deletes_at: datetime


def retention_setting() -> int:
    """The server's ``RETENTION_DAYS``; read before a unit of work, which may run where no
    app is (the SQLite worker)."""
    days: int = current_app.config["RETENTION_DAYS"]
    return days


def _due(cafe: CafeSession, server_days: int) -> DueCafe:
    deletes_at = retention.retention_of(cafe, server_days).deletes_at
    assert deletes_at is not None  # only due cafés come here
    return DueCafe(cafe.id, cafe.join_code, cafe.title, cafe.closed_at, deletes_at)


def purge(*, now: datetime | None = None) -> list[DueCafe]:
    """Delete every café past its deletion date; the ones this process deleted (another
    process purging at the same time takes the batches in turn with this one)."""
    server_days = retention_setting()
    data_dir: Path = current_app.config["DATA_DIR"]
    moment = now or utcnow()
    deleted: list[DueCafe] = []

    def batch(uow: UnitOfWork) -> list[DueCafe]:
        task_lock.take_turn(uow.db, task_lock.RETENTION_LOCK_KEY)  # chosen under the lock
        cafes = retention.due_sessions(uow.db, server_days=server_days, now=moment, limit=BATCH)
        done = []
        for cafe in cafes:
            done.append(_due(cafe, server_days))
            traces = {"id": cafe.id, "title": cafe.title, "join_code": cafe.join_code}
            erasure.delete_session(uow.db, cafe)
            uow.after_commit(remove_traces, traces, data_dir)
        return done

    while True:
        done = run(batch)
        for cafe in done:
            logger.info(
                "Retention: deleted café %s (id %d), closed %s, due %s",
                cafe.join_code,
                cafe.id,
                cafe.closed_at.isoformat() if cafe.closed_at else "-",
                cafe.deletes_at.isoformat(),
            )
        deleted.extend(done)
        if len(done) < BATCH:
            break
    return deleted


def due_now(*, now: datetime | None = None) -> list[DueCafe]:
    """The cafés :func:`purge` would delete now (``flask sessions purge --dry-run``)."""
    server_days = retention_setting()
    moment = now or utcnow()

    def read(uow: UnitOfWork) -> list[DueCafe]:
        ids = retention.due_ids(uow.db, server_days=server_days, now=moment, limit=10**9)
        cafes = {
            cafe.id: cafe
            for cafe in uow.db.scalars(select(CafeSession).where(CafeSession.id.in_(ids)))
        }
        return [_due(cafes[i], server_days) for i in ids if i in cafes]

    return run(read)


def start_purging(app: Flask) -> None:
    """Run :func:`purge` now and then every ``RETENTION_INTERVAL`` seconds in this server
    process, as a background task of the async mode (a green thread: it never blocks the
    event loop; SQLite work goes through the SQLite worker). Once per app."""
    if app.extensions.get(TASK_KEY):
        return
    app.extensions[TASK_KEY] = True
    interval = float(app.config["RETENTION_INTERVAL"])

    def loop() -> None:
        while True:
            try:
                with app.app_context():
                    purge()
            except Exception:  # a database outage: the next turn tries again
                logger.exception("Retention: the deletion of due cafés failed")
            socketio.sleep(interval)

    socketio.start_background_task(loop)
