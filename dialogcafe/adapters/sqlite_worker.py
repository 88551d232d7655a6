"""Blocking work off the event loop, whatever the async mode: the one module that does it.

Python's ``sqlite3`` driver is C code that eventlet and gevent cannot switch out of, so a
query run by a socket handler stops every connection of the process until it returns
(``docs/architecture.md``, "SQLite blocks the hub"). Socket handlers therefore hand their
transaction to :func:`run_transaction`, which runs it in a real OS thread while the
calling green thread waits cooperatively:

* **eventlet**: ``eventlet.tpool``; **gevent**: the hub's thread pool; **threading**: the
  handler already runs in a real thread, so the work runs right there;
* **one job at a time, in arrival order**: a single dispatcher green thread hands the
  queued jobs to the thread pool in turn (all that are waiting, as one batch). So a phone's
  inputs are stored in the order they arrived, and the database is never used from two OS
  threads at once by this path (SQLite allows one writer anyway);
* **its own engine**: eventlet's monkey-patched locks (those inside SQLAlchemy's pool)
  cannot wake a waiter on another OS thread, so the worker gets an engine of its own
  that only it uses, instead of sharing the pool with the request handlers;
* **WAL checkpoints in the background**: SQLite copies its write-ahead log back into the
  database file (with an ``fsync``) every 1,000 pages, inside whichever commit crossed the
  line — a stall of hundreds of milliseconds on a slow disk. Here a background OS thread
  checkpoints every second instead, and the worker's connections do not checkpoint.

Databases whose driver already cooperates (PostgreSQL with its wait callback, see
``drivers.py``) run the work inline: their waits yield to the hub by themselves.

Nothing outside this module (and ``server.py``, which monkey-patches) imports eventlet or
gevent.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from dialogcafe.adapters.database import WAL_SIZE_LIMIT, Database, make_engine
from dialogcafe.adapters.green import original
from dialogcafe.adapters.green_postgres import green_library

T = TypeVar("T")
CHECKPOINT_SECONDS = 1.0
TRUNCATE_WAIT_MS = 200  # a TRUNCATE checkpoint holds writers back while it waits for readers
TRUNCATE_ATTEMPTS = 10
MAX_BATCH = 64
SWITCH_INTERVAL = 0.001


def _lock_free_orm_counters() -> None:
    """Give SQLAlchemy's per-session and per-query id counters no lock at all.

    Each ``Session()`` and each ORM load takes a number from a counter guarded by a
    ``threading.Lock`` made when SQLAlchemy was imported, i.e. after monkey-patching: a
    green lock, which the event loop (request handlers) and the worker thread share. When
    the worker found it held by the loop, it tried to wait on a green lock from another OS
    thread: ``greenlet.error: Cannot switch to a different thread``, and from then on no
    socket event was acknowledged (issue 11). ``next()`` on ``itertools.count`` is atomic
    under the GIL, so no lock is needed.
    """
    orm_session = importlib.import_module("sqlalchemy.orm.session")
    orm_loading = importlib.import_module("sqlalchemy.orm.loading")
    orm_session._new_sessionid = itertools.count(1).__next__  # type: ignore[attr-defined]
    orm_loading._new_runid = itertools.count(1).__next__  # type: ignore[attr-defined]


_lock_free_orm_counters()


class _Job:
    """One transaction's work, waiting for the worker thread."""

    __slots__ = ("database", "done", "error", "result", "work")

    def __init__(self, database: Database, work: Callable[[Session], Any], done: Any) -> None:
        self.database, self.work, self.done = database, work, done
        self.result: Any = None
        self.error: BaseException | None = None


def _run_batch(jobs: list[_Job]) -> None:
    """In the worker thread: the waiting jobs in order, in one transaction (group commit).

    Each job runs in its own savepoint, so a job that fails (a refused input) undoes only
    its own changes; the others commit together. If the commit itself fails, every job of
    the batch gets that error: none of them is acknowledged as stored.
    """
    for database in dict.fromkeys(job.database for job in jobs):
        mine = [job for job in jobs if job.database is database]
        if len(mine) == 1:
            _run_alone(mine[0])
            continue
        try:
            with _worker_sessions(database).begin() as session:
                for job in mine:
                    try:
                        with session.begin_nested():
                            job.result = job.work(session)
                    except BaseException as exc:  # handed back to the waiting green thread
                        job.error = exc
        except BaseException as exc:
            for job in mine:
                if job.error is None:
                    job.error, job.result = exc, None


def _run_alone(job: _Job) -> None:
    """A job with a transaction of its own needs no savepoint: if it fails, the rollback
    undoes it. (Two statements fewer, each a wait for the GIL when the loop is busy.)"""
    try:
        with _worker_sessions(job.database).begin() as session:
            job.result = job.work(session)
    except BaseException as exc:  # handed back to the waiting green thread
        job.error, job.result = exc, None


class _Dispatcher:
    """A FIFO of jobs and one green thread that hands them, batch by batch, to an OS thread."""

    def __init__(self, library: str) -> None:
        self.library = library
        # The worker's Python code (the ORM) and the event loop share the GIL. With the
        # default 5 ms switch interval the loop waits up to 5 ms for it each time the worker
        # holds it; 1 ms keeps its delays short at a small cost in switches.
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
        if library == "eventlet":
            self._event = importlib.import_module("eventlet.event").Event
            tpool = importlib.import_module("eventlet.tpool")
            # One batch at a time needs one thread; eventlet starts 20 at its first use,
            # and each that ran a batch would keep a malloc arena of its own.
            tpool.set_num_threads(1)
            self._in_thread = lambda jobs: tpool.execute(_run_batch, jobs)
            self._queue = importlib.import_module("eventlet.queue").LightQueue()
            importlib.import_module("eventlet").spawn(self._loop)
        else:
            gevent = importlib.import_module("gevent")
            self._event = importlib.import_module("gevent.event").AsyncResult
            pool = gevent.get_hub().threadpool
            self._in_thread = lambda jobs: pool.apply(_run_batch, (jobs,))
            self._queue = importlib.import_module("gevent.queue").SimpleQueue()
            gevent.spawn(self._loop)

    def _loop(self) -> None:
        while True:
            jobs = [self._queue.get()]
            while len(jobs) < MAX_BATCH and not self._queue.empty():
                jobs.append(self._queue.get())
            try:
                self._in_thread(jobs)
            except BaseException as exc:  # the pool itself failed: every job gets the error
                for job in jobs:
                    job.error = job.error or exc
            for job in jobs:
                if self.library == "eventlet":
                    job.done.send(None)
                else:
                    job.done.set(None)

    def call(self, database: Database, work: Callable[[Session], T]) -> T:
        job = _Job(database, work, self._event())
        self._queue.put(job)
        job.done.wait() if self.library == "eventlet" else job.done.get()
        if job.error is not None:
            raise job.error
        result: T = job.result
        return result


_dispatcher: _Dispatcher | None = None


# --- database transactions ----------------------------------------------------------------

_WORKER_SESSIONS = "_offload_sessions"


def _blocks_the_hub(database: Database) -> bool:
    engine = database.engine
    return engine is not None and engine.dialect.name == "sqlite" and green_library() is not None


def _worker_sessions(database: Database) -> sessionmaker[Session]:
    """The worker's own engine on the same database (see the module docstring)."""
    sessions: sessionmaker[Session] | None = getattr(database, _WORKER_SESSIONS, None)
    if sessions is None:
        assert database.engine is not None
        engine = make_engine(database.engine.url.render_as_string(hide_password=False))
        event.listen(engine, "connect", _no_autocheckpoint)
        sessions = sessionmaker(engine, expire_on_commit=False)
        setattr(database, _WORKER_SESSIONS, sessions)
        _start_checkpointer(engine)
    return sessions


def run_transaction(database: Database, work: Callable[[Session], T]) -> T:
    """``work(session)`` in a transaction (committed before this returns; a failure undoes
    all of ``work``), without blocking the event loop.

    With a driver that blocks the hub (SQLite under eventlet or gevent) the work runs in
    the worker thread, in arrival order, possibly sharing one commit with other handlers'
    work (each in its own savepoint). ``work`` must not touch Flask's request context:
    read what it needs from the request first, and translate errors afterwards.
    """
    global _dispatcher
    if not _blocks_the_hub(database):
        with database.transaction() as session:
            return work(session)
    _worker_sessions(database)  # made here, on the hub, so only jobs run in the thread
    if _dispatcher is None:
        _dispatcher = _Dispatcher(green_library() or "")
    return _dispatcher.call(database, work)


# --- SQLite WAL checkpoints ----------------------------------------------------------------


def _no_autocheckpoint(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA wal_autocheckpoint=0")
    cursor.close()


def _start_checkpointer(engine: Engine) -> None:
    """Checkpoint the WAL every second from a real OS thread with its own plain connection.

    PASSIVE checkpoints never wait for readers or writers, so commits go on meanwhile; the
    ``fsync`` happens here, outside the event loop and without the GIL. A TRUNCATE
    checkpoint cuts the ``-wal`` file to zero bytes when a second went by without a commit,
    and when the file grew past ``WAL_SIZE_LIMIT``: under steady commits a PASSIVE one
    rarely catches up with the last frame, so SQLite would never start the log over (nor
    cut it back to ``journal_size_limit``) and it would grow for as long as the café is
    busy (600 MB, issue 11). Once more when the process exits.
    """
    import atexit
    import sqlite3

    path = engine.url.database
    if not path or path == ":memory:":
        return
    sleep = original("time", "sleep")
    wal = path + "-wal"

    def checkpoint() -> None:
        connection = sqlite3.connect(path, timeout=5, isolation_level=None)
        connection.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
        last_frames = -1
        while True:
            sleep(CHECKPOINT_SECONDS)
            with contextlib.suppress(sqlite3.Error):  # busy or gone: try again next time
                _busy, frames, done = connection.execute(
                    "PRAGMA wal_checkpoint(PASSIVE)"
                ).fetchone()
                quiet = frames > 0 and frames == done == last_frames
                if quiet or _file_size(wal) > WAL_SIZE_LIMIT:
                    _truncate(path, TRUNCATE_WAIT_MS)
                    frames = 0
                last_frames = frames

    original("_thread", "start_new_thread")(checkpoint, ())
    _CHECKPOINTED.append(path)
    if len(_CHECKPOINTED) == 1:
        atexit.register(truncate_every_wal)


def _file_size(path: str) -> int:
    import os

    try:
        return os.stat(path).st_size
    except OSError:  # not there: nothing to cut
        return 0


def _truncate(path: str, wait_ms: int) -> bool:
    """A TRUNCATE checkpoint of the database at ``path``: True if the ``-wal`` file is empty.

    It waits (in C, up to ``wait_ms``; never call it on the hub) for readers to finish, and
    holds the write lock meanwhile, so the wait is short: the next quiet second tries again.
    """
    import sqlite3

    try:
        connection = sqlite3.connect(path, timeout=wait_ms / 1000, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        busy, _frames, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy
    except sqlite3.Error:
        return False
    finally:
        connection.close()


_CHECKPOINTED: list[str] = []  # the databases whose log the checkpointer keeps short


def truncate_every_wal() -> None:
    """The last TRUNCATE of every database this process checkpoints: at exit, and on
    SIGTERM (server.py), so a stopped server leaves no ``-wal`` file with inputs in it."""
    for path in _CHECKPOINTED:
        _truncate_with_retries(path)


def _truncate_with_retries(path: str) -> bool:
    """:func:`_truncate`, tried a few times while readers hold the log (after "Delete
    session", and at exit, when the last transactions may still be finishing)."""
    return any(_truncate(path, TRUNCATE_WAIT_MS) for _ in range(TRUNCATE_ATTEMPTS))


def truncate_wal(database: Database) -> bool:
    """Empty the ``-wal`` file of a SQLite ``database`` now (off the event loop); True if done.

    After "Delete session" (``erasure.py``): the log still holds the deleted rows' pages,
    which a TRUNCATE checkpoint writes over in the database file (``secure_delete`` has
    zeroed them there) and then cuts from the log. Tried a few times while readers hold it.
    """
    engine = database.engine
    if engine is None or engine.dialect.name != "sqlite":
        return True
    path = engine.url.database
    if not path or path == ":memory:":
        return True

    return run_blocking(_truncate_with_retries, path)


# --- blocking calls in real threads (password hashes) ----------------------------------------

BLOCKING_THREADS = 2


class _BlockingPool:
    """A few real OS threads for slow calls that release the GIL, such as password hashes.

    Apart from the SQLite worker's thread, so a burst of logins never delays a batch of
    inputs, and made of the standard library's original (un-patched) primitives, so no
    green lock is ever shared with the hub. The waiting green thread is woken through a
    pipe of its own: a file descriptor is the one cross-thread signal the hub waits on.
    The worker owns the pipe's write end and the waiter its read end, so a waiter that
    is killed meanwhile leaves the worker writing into a broken pipe, never a reused fd.
    """

    def __init__(self, threads: int) -> None:
        self._jobs: Any = original("queue", "SimpleQueue")()
        start = original("_thread", "start_new_thread")
        for _ in range(threads):
            start(self._work, ())

    def _work(self) -> None:
        import os

        while True:
            fn, args, box, write_fd = self._jobs.get()
            try:
                box.append((True, fn(*args)))
            except BaseException as exc:  # handed back to the waiting green thread
                box.append((False, exc))
            with contextlib.suppress(OSError):  # the waiter is gone: nobody to wake
                os.write(write_fd, b"!")
            os.close(write_fd)

    def call(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        import os

        read_fd, write_fd = os.pipe()
        box: list[tuple[bool, Any]] = []
        try:
            self._jobs.put((fn, args, box, write_fd))
            _wait_readable(read_fd)
            os.read(read_fd, 1)
        finally:
            os.close(read_fd)
        done, value = box[0]
        if not done:
            raise value
        result: T = value
        return result


def _wait_readable(fd: int) -> None:
    """Let the hub run until ``fd`` can be read."""
    if green_library() == "eventlet":
        importlib.import_module("eventlet.hubs").trampoline(fd, read=True)
    else:
        importlib.import_module("gevent.socket").wait_read(fd)


_blocking_pool: _BlockingPool | None = None


def run_blocking(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` without holding up the event loop: in a real thread of a small pool
    under eventlet or gevent (the calling green thread waits cooperatively), right here in
    ``threading`` mode. For work that releases the GIL (hashlib's scrypt and PBKDF2 do);
    ``fn`` must not touch green locks or the request context."""
    global _blocking_pool
    if green_library() is None:
        return fn(*args)
    if _blocking_pool is None:
        _blocking_pool = _BlockingPool(BLOCKING_THREADS)
    return _blocking_pool.call(fn, args)
