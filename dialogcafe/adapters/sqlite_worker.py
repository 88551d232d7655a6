"""SQLite transactions and other blocking calls, kept off the event loop of a green process.

Python's ``sqlite3`` driver is C code that eventlet and gevent cannot switch out of, so a
query on the hub would stop every connection of the process until it returns. Each app has a
:class:`SqliteWorker` (made by the app factory, kept in ``app.extensions``) that runs them in
real OS threads while the calling green thread waits; how it came about and what it bought is
in bench/README.md, "SQLite off the event loop".
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import os
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from dialogcafe.adapters import metrics
from dialogcafe.adapters.database import WAL_SIZE_LIMIT, Database, make_engine
from dialogcafe.adapters.green import original
from dialogcafe.adapters.green_postgres import green_library

if TYPE_CHECKING:
    from flask import Flask

T = TypeVar("T")
EXTENSION_KEY = "dialogcafe.sqlite_worker"
CHECKPOINT_SECONDS = 1.0
TRUNCATE_WAIT_MS = 200  # a TRUNCATE checkpoint holds writers back while it waits for readers
TRUNCATE_ATTEMPTS = 10
MAX_BATCH = 64
BLOCKING_THREADS = 2


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


# --- the app's worker ---------------------------------------------------------------------


class SqliteWorker:
    """One app's worker thread for SQLite transactions, its WAL checkpointer, and its pool
    for other blocking calls (password hashes).

    Threads start at first use, on the hub, and only where they are needed: SQLite in a
    green process for the first two, any green process for the pool. :meth:`stop` ends the
    checkpointer at shutdown (server.py) and when a test is done with its app.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self.blocking_pool = BlockingPool(BLOCKING_THREADS)
        self._dispatcher: _Dispatcher | None = None
        self._checkpointer: _Checkpointer | None = None

    @property
    def blocks_the_hub(self) -> bool:
        """Whether this app's transactions go to the worker thread (SQLite, green process)."""
        return _blocks_the_hub(self.database)

    def run_transaction(self, work: Callable[[Session], T]) -> T:
        """``work(session)`` in the worker thread, in arrival order, possibly sharing one
        commit with other callers' work (each in its own savepoint). Only where
        :attr:`blocks_the_hub`; elsewhere :func:`run_transaction` runs the work inline."""
        assert self.blocks_the_hub, "no event loop to keep free: run the work inline"
        if self._dispatcher is None:  # made here, on the hub, so only jobs run in the thread
            self._dispatcher = self._start()
        return self._dispatcher.call(work)

    def queue_length(self) -> int:
        """Transactions waiting for the worker thread now (the metrics read it on a scrape)."""
        return 0 if self._dispatcher is None else self._dispatcher.waiting()

    def _start(self) -> _Dispatcher:
        library = green_library()
        assert library is not None and self.database.engine is not None
        sessions = _worker_sessions(self.database)
        path = self.database.engine.url.database
        if path and path != ":memory:":
            self._checkpointer = _Checkpointer(path)
        return _Dispatcher(library, lambda jobs: _run_batch(sessions, jobs))

    def stop(self) -> None:
        """Stop the checkpointer after a last TRUNCATE, so a stopped server leaves no
        ``-wal`` file with inputs in it. Safe from any thread (server.py calls it from its
        SIGTERM handler's) and more than once."""
        if self._checkpointer is not None:
            self._checkpointer.stop()


def init_app(app: Flask, database: Database) -> SqliteWorker:
    """Give ``app`` its worker, for its ``database``: the app factory calls it."""
    worker = SqliteWorker(database)
    app.extensions[EXTENSION_KEY] = worker
    return worker


def worker_of(app: Flask) -> SqliteWorker:
    """The worker :func:`init_app` gave ``app``."""
    worker: SqliteWorker = app.extensions[EXTENSION_KEY]
    return worker


def _blocks_the_hub(database: Database) -> bool:
    engine = database.engine
    return engine is not None and engine.dialect.name == "sqlite" and green_library() is not None


def run_transaction(database: Database, work: Callable[[Session], T]) -> T:
    """``work(session)`` in a transaction (committed before this returns; a failure undoes
    all of ``work``), without blocking the event loop.

    With a driver that blocks the hub (SQLite under eventlet or gevent) the work goes to the
    current app's worker thread; ``work`` must not touch Flask's request context: read what
    it needs from the request first, and translate errors afterwards. Elsewhere (threading
    mode, the CLI, PostgreSQL, whose waits yield to the hub by themselves: green_postgres.py)
    it runs right here, and needs no app.
    """
    if not _blocks_the_hub(database):
        with database.transaction() as session:
            recorder = metrics.current()
            if recorder.enabled:  # the connection and BEGIN the work would wait for anyway
                asked = metrics.clock()
                session.connection()
                recorder.database_waited("connection", metrics.clock() - asked)
            return work(session)
    worker = worker_of(current_app)
    assert worker.database is database, "not the current app's database"
    return worker.run_transaction(work)


def run_blocking(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` without holding up the event loop: in the current app's
    :class:`BlockingPool` under eventlet or gevent, right here in ``threading`` mode. For
    work that releases the GIL (hashlib's scrypt and PBKDF2 do); ``fn`` must not touch
    green locks or the request context."""
    if green_library() is None:
        return fn(*args)
    return worker_of(current_app).blocking_pool.call(fn, args)


# --- the worker thread --------------------------------------------------------------------


class _Job:
    """One transaction's work, waiting for the worker thread; ``queued`` and ``started``
    (:func:`metrics.clock`) say how long it waited for its turn and the database."""

    __slots__ = ("done", "error", "queued", "result", "started", "work")

    def __init__(self, work: Callable[[Session], Any], done: Any) -> None:
        self.work, self.done = work, done
        self.result: Any = None
        self.error: BaseException | None = None
        self.queued = metrics.clock()
        self.started: float | None = None


def _no_autocheckpoint(dbapi_connection: Any, _record: Any) -> None:
    """The worker's commits leave checkpoints to :class:`_Checkpointer`: SQLite would run
    one, with an ``fsync``, inside whichever commit crossed its 1,000 pages."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA wal_autocheckpoint=0")
    cursor.close()


def _worker_sessions(database: Database) -> sessionmaker[Session]:
    """Sessions of an engine of the worker's own on ``database``: eventlet's monkey-patched
    locks (those inside SQLAlchemy's pool) cannot wake a waiter on another OS thread, so the
    worker shares no pool with the request handlers."""
    assert database.engine is not None
    engine = make_engine(
        database.engine.url.render_as_string(hide_password=False), lock_wait=database.lock_wait
    )
    event.listen(engine, "connect", _no_autocheckpoint)
    return sessionmaker(engine, expire_on_commit=False)


def _run_batch(sessions: sessionmaker[Session], jobs: list[_Job]) -> None:
    """In the worker thread: the waiting jobs in order, in one transaction (group commit).

    Each job runs in its own savepoint, so a job that fails (a refused input) undoes only
    its own changes; the others commit together. If the commit itself fails, every job of
    the batch gets that error: none of them is acknowledged as stored.
    """
    if len(jobs) == 1:
        _run_alone(sessions, jobs[0])
        return
    try:
        with sessions.begin() as session:
            for job in jobs:
                try:
                    with session.begin_nested():
                        job.started = metrics.clock()
                        job.result = job.work(session)
                except BaseException as exc:  # handed back to the waiting green thread
                    job.error = exc
    except BaseException as exc:
        for job in jobs:
            if job.error is None:
                job.error, job.result = exc, None


def _run_alone(sessions: sessionmaker[Session], job: _Job) -> None:
    """A job with a transaction of its own needs no savepoint: if it fails, the rollback
    undoes it. (Two statements fewer, each a wait for the GIL when the loop is busy.)"""
    try:
        with sessions.begin() as session:
            session.connection()  # BEGIN IMMEDIATE: the wait for the write lock is a wait
            job.started = metrics.clock()
            job.result = job.work(session)
    except BaseException as exc:  # handed back to the waiting green thread
        job.error, job.result = exc, None


class _Dispatcher:
    """A FIFO of jobs and one green thread that hands them, batch by batch, to an OS thread.

    One batch at a time, in arrival order: a phone's inputs are stored in the order they
    arrived, and this path never uses the database from two OS threads at once (SQLite
    allows one writer anyway). eventlet's ``tpool`` or gevent's hub thread pool runs it.
    """

    def __init__(self, library: str, run_batch: Callable[[list[_Job]], None]) -> None:
        self.library = library
        if library == "eventlet":
            self._event = importlib.import_module("eventlet.event").Event
            tpool = importlib.import_module("eventlet.tpool")
            # One batch at a time needs one thread; eventlet starts 20 at its first use,
            # and each that ran a batch would keep a malloc arena of its own.
            tpool.set_num_threads(1)
            self._in_thread = lambda jobs: tpool.execute(run_batch, jobs)
            self._queue = importlib.import_module("eventlet.queue").LightQueue()
            importlib.import_module("eventlet").spawn(self._loop)
        else:
            gevent = importlib.import_module("gevent")
            self._event = importlib.import_module("gevent.event").AsyncResult
            pool = gevent.get_hub().threadpool
            self._in_thread = lambda jobs: pool.apply(run_batch, (jobs,))
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

    def waiting(self) -> int:
        """Jobs in the queue, not yet handed to the thread."""
        waiting: int = self._queue.qsize()
        return waiting

    def call(self, work: Callable[[Session], T]) -> T:
        job = _Job(work, self._event())
        self._queue.put(job)
        job.done.wait() if self.library == "eventlet" else job.done.get()
        if job.started is not None:  # recorded here, on the hub, never in the worker thread
            metrics.current().database_waited("sqlite_worker", job.started - job.queued)
        if job.error is not None:
            raise job.error
        result: T = job.result
        return result


# --- SQLite WAL checkpoints ----------------------------------------------------------------


class _Checkpointer:
    """Checkpoints the WAL every second from a real OS thread with its own plain connection,
    until :meth:`stop`.

    PASSIVE checkpoints never wait for readers or writers, so commits go on meanwhile; the
    ``fsync`` happens here, outside the event loop and without the GIL. A TRUNCATE
    checkpoint cuts the ``-wal`` file to zero bytes when a second went by without a commit,
    and when the file grew past ``WAL_SIZE_LIMIT``: under steady commits a PASSIVE one
    rarely catches up with the last frame, so SQLite would never start the log over and it
    would grow for as long as the café is busy.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        # Held while the thread runs; released by stop(). A plain OS lock: the thread is no
        # green thread, and stop() may come from any thread.
        self._running = original("_thread", "allocate_lock")()
        self._running.acquire()
        original("_thread", "start_new_thread")(self._checkpoint_until_stopped, ())

    def _checkpoint_until_stopped(self) -> None:
        connection = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        try:
            connection.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
            last_frames = -1
            while not self._running.acquire(timeout=CHECKPOINT_SECONDS):
                with contextlib.suppress(sqlite3.Error):  # busy or gone: try again next time
                    _busy, frames, done = connection.execute(
                        "PRAGMA wal_checkpoint(PASSIVE)"
                    ).fetchone()
                    quiet = frames > 0 and frames == done == last_frames
                    if quiet or _file_size(self.path + "-wal") > WAL_SIZE_LIMIT:
                        _truncate(self.path, TRUNCATE_WAIT_MS)
                        frames = 0
                    last_frames = frames
        finally:
            connection.close()

    def stop(self) -> None:
        """End the thread (after the checkpoint it may be running) and TRUNCATE once more."""
        with contextlib.suppress(RuntimeError):  # stopped before: nothing holds the lock
            self._running.release()
        _truncate_with_retries(self.path)


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # not there: nothing to cut
        return 0


def _truncate(path: str, wait_ms: int) -> bool:
    """A TRUNCATE checkpoint of the database at ``path``: True if the ``-wal`` file is empty.

    It waits (in C, up to ``wait_ms``; never call it on the hub) for readers to finish, and
    holds the write lock meanwhile, so the wait is short: the next quiet second tries again.
    """
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


def _truncate_with_retries(path: str) -> bool:
    """:func:`_truncate`, tried a few times while readers hold the log (after "Delete
    session", and at exit, when the last transactions may still be finishing)."""
    return any(_truncate(path, TRUNCATE_WAIT_MS) for _ in range(TRUNCATE_ATTEMPTS))


def truncate_wal(database: Database) -> bool:
    """Empty the ``-wal`` file of a SQLite ``database`` now (off the event loop); True if done.

    After "Delete session" (``domain/erasure.py``): the log still holds the deleted rows'
    pages, which a TRUNCATE checkpoint writes over in the database file (``secure_delete``
    has zeroed them there) and then cuts from the log. Tried a few times while readers hold
    it.
    """
    engine = database.engine
    if engine is None or engine.dialect.name != "sqlite":
        return True
    path = engine.url.database
    if not path or path == ":memory:":
        return True
    return run_blocking(_truncate_with_retries, path)


# --- blocking calls in real threads (password hashes) ----------------------------------------


class BlockingPool:
    """A few real OS threads for slow calls that release the GIL, such as password hashes.

    Apart from the SQLite worker's thread, so a burst of logins never delays a batch of
    inputs, and made of the standard library's original (un-patched) primitives, so no
    green lock is ever shared with the hub. The waiting green thread is woken through a
    pipe of its own: a file descriptor is the one cross-thread signal the hub waits on.
    The worker owns the pipe's write end and the waiter its read end, so a waiter that
    is killed meanwhile leaves the worker writing into a broken pipe, never a reused fd.
    The threads start at the first call (on the hub).
    """

    def __init__(self, threads: int) -> None:
        self._threads = threads
        self._jobs: Any = None

    def _work(self) -> None:
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
        """``fn(*args)`` in one of the threads; the calling green thread waits meanwhile."""
        if self._jobs is None:
            self._jobs = original("queue", "SimpleQueue")()
            for _ in range(self._threads):
                original("_thread", "start_new_thread")(self._work, ())
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
