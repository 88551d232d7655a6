"""Child process of ``test_green_worker_locks.py``: monkey-patch, then race the worker."""

from __future__ import annotations

import sys

from dialogcafe.server import prepare

MODE = prepare()

from datetime import UTC, datetime  # noqa: E402

from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from dialogcafe.adapters.database import Database  # noqa: E402
from dialogcafe.adapters.sqlite_worker import SqliteWorker  # noqa: E402
from dialogcafe.domain.models import Facilitator  # noqa: E402

WHEN = datetime(2026, 12, 1, tzinfo=UTC)
STRESS_JOBS = 100


def _spawn(function, *args):  # type: ignore[no-untyped-def]
    if MODE == "eventlet":
        import eventlet

        return eventlet.spawn(function, *args)
    import gevent

    return gevent.spawn(function, *args)


def _sleep(seconds: float) -> None:
    if MODE == "eventlet":
        import eventlet

        eventlet.sleep(seconds)
    else:
        import gevent

        gevent.sleep(seconds)


def _counter_locks() -> list[object]:
    """Every lock object the ORM's id counters close over (none, once they are lock-free)."""
    import sqlalchemy.orm.loading as loading
    import sqlalchemy.orm.session as orm_session

    locks = []
    for counter in (orm_session._new_sessionid, loading._new_runid):
        for cell in getattr(counter, "__closure__", None) or ():
            if hasattr(cell.cell_contents, "acquire"):
                locks.append(cell.cell_contents)
    return locks


def _add_and_count(session: Session) -> int:
    session.add(
        Facilitator(
            email=f"{id(session)}-{datetime.now(UTC).timestamp()}@x.no",
            password_hash="x",
            created_at=WHEN,
        )
    )
    session.flush()
    return len(session.scalars(select(Facilitator)).all())


def held_locks(worker: SqliteWorker) -> None:
    """The hub holds the counters' locks while the worker needs them, then lets go."""
    locks = _counter_locks()
    for lock in locks:
        lock.acquire()
    job = _spawn(worker.run_transaction, _add_and_count)
    _sleep(0.2)  # the worker is now inside the job, at the counter
    for lock in locks:
        lock.release()
    result = job.wait() if MODE == "eventlet" else job.get(timeout=10)
    assert result >= 1
    print("held-locks: ok", flush=True)


def stress(worker: SqliteWorker) -> None:
    """The hub opens sessions and loads rows while the worker runs jobs that do the same."""
    stop = False

    def hub_reader() -> None:
        while not stop:
            with Session(worker.database.engine) as session:
                session.scalars(select(Facilitator).limit(1)).all()
            _sleep(0)

    readers = [_spawn(hub_reader) for _ in range(4)]
    for _ in range(STRESS_JOBS):
        worker.run_transaction(_add_and_count)
    stop = True
    for reader in readers:
        reader.wait() if MODE == "eventlet" else reader.get(timeout=10)
    print("stress: ok", flush=True)


def main(path: str) -> None:
    database = Database()
    database.configure(f"sqlite:///{path}")
    database.create_tables()
    worker = SqliteWorker(database)
    held_locks(worker)
    stress(worker)
    worker.stop()


if __name__ == "__main__":
    main(sys.argv[1])
