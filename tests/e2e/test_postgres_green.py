"""On PostgreSQL, a query that waits does not stop the rest of its server process.

psycopg2 is C code: eventlet's and gevent's monkey-patching does not reach its socket, so
without a wait callback (``dialogcafe/adapters/green_postgres.py``) one slow query freezes every
connection of the process. Here the test's own connection holds a SHARE lock on
``posts`` (reads go on, inserts wait), phone A posts — its insert waits on the lock, as
PostgreSQL's ``pg_locks`` shows — and then phone B connects to the same process and gets
its ``state``, which reads ``posts`` and writes its presence row. Only then is the lock
released, and A's ack arrives. With a blocking driver B could not connect until the
lock was gone. Order is checked by events, not by timing.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.support import ApiClient, ClientFactory, ServerFactory
from tests.postgres import connect, fresh_database

pytestmark = pytest.mark.e2e

WAIT = 10.0  # seconds any single expected event may take


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_database("green") as url:
        yield url


def _wait_for_lock_waiter(observer: Any, timeout: float = WAIT) -> None:
    """Poll ``pg_locks`` until some backend waits for a lock on ``posts``.

    PostgreSQL sends no event for "a backend started waiting", so this is a bounded poll
    of a condition, like waiting for a port to open.
    """
    deadline = time.monotonic() + timeout
    with observer.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'posts'::regclass"
            )
            if cursor.fetchone()[0] > 0:
                return
            time.sleep(0.02)
    raise AssertionError("the server's insert never waited on the lock")


@pytest.mark.parametrize("mode", ["eventlet", "gevent", "threading"])
def test_a_waiting_write_does_not_block_other_phones(
    mode: str,
    postgres_url: str,
    server_factory: ServerFactory,
    socket_clients: ClientFactory,
) -> None:
    server = server_factory(
        name=mode,
        extra_env={"DIALOGCAFE_DATABASE_URL": postgres_url, "DIALOGCAFE_ASYNC_MODE": mode},
    )
    server.create_facilitator()
    server.start()
    api = ApiClient(server.url)
    try:
        api.log_in()
        cafe = api.post_json(
            "/api/sessions",
            {
                "title": "Grønn database",
                "tables": 2,
                "topics": ["Hva er et godt hjem?"],
                "rounds": 1,
                "round_minutes": 10,
            },
            expect=201,
        )
        api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
        tokens = [
            api.post_json(f"/api/join/{cafe['join_code']}", {"table": 1}, expect=201)[
                "participant"
            ]["token"]
            for _ in range(2)
        ]
    finally:
        api.close()

    writer, reader = socket_clients("writer"), socket_clients("reader")
    writer.connect(server.url, {"token": tokens[0]})
    assert writer.first("state").wait(WAIT)

    locker, observer = connect(postgres_url), connect(postgres_url)
    observer.autocommit = True
    acked = threading.Event()
    acks: list[Any] = []

    def on_ack(ack: Any) -> None:
        acks.append(ack)
        acked.set()

    try:
        with locker.cursor() as cursor:
            cursor.execute("LOCK TABLE posts IN SHARE MODE")  # held until rollback
        writer.sio.emit("post", {"client_id": str(uuid.uuid4()), "text": "Venter"}, callback=on_ack)
        _wait_for_lock_waiter(observer)

        reader.connect(server.url, {"token": tokens[1]})
        assert reader.first("state").wait(WAIT), "the waiting insert blocked the process"
        assert not acked.is_set(), "the post was stored while the lock was held?"
    finally:
        locker.rollback()
        locker.close()
        observer.close()

    assert acked.wait(WAIT)
    assert acks[0]["ok"] is True, acks
    assert reader.wait_for_event("post", lambda post: post["text"] == "Venter", timeout=WAIT)
