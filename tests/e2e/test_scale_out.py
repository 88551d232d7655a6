"""Two server processes serve one café: shared PostgreSQL, events through Redis.

Real processes (eventlet), a fresh PostgreSQL database per test (dropped at the end) and
a Redis channel of this run's own, so parallel runs never hear each other. Phones of
one table sit on different processes and see each other's inputs; the facilitator on
process A starts a round and phones on process B hear it; the facilitator's "connected"
counts include both processes; a phone that switches to the other process with
``auth.since`` gets a delta from the database. A second test kills a Redis the test
started itself and shows that an input is still stored and acknowledged (the machine's
own Redis is never touched).
"""

from __future__ import annotations

import signal
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import redis

from scripts import processes
from tests.e2e.support import (
    ApiClient,
    ClientFactory,
    RecordingClient,
    ServerFactory,
    ServerProcess,
    free_port,
    join,
)
from tests.postgres import connect, fresh_database

pytestmark = pytest.mark.e2e

WAIT = 10.0  # seconds any single expected event may take (two processes, one queue)
MACHINE_REDIS = "redis://127.0.0.1:6379/0"
TOPICS = ["Hva gjør et hjem trygt?", "Hvem spør du om hjelp?"]


@dataclass(frozen=True)
class Phone:
    name: str
    table: int
    token: str
    server: ServerProcess
    client: RecordingClient


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_database("scaleout") as url:
        yield url


def _cluster_env(database_url: str, queue: str, channel: str, server_id: str) -> dict[str, str]:
    return {
        "DIALOGCAFE_DATABASE_URL": database_url,
        "DIALOGCAFE_MESSAGE_QUEUE": queue,
        "DIALOGCAFE_MESSAGE_QUEUE_CHANNEL": channel,
        "DIALOGCAFE_SERVER_ID": server_id,
    }


def _start_cafe(api: ApiClient) -> dict[str, Any]:
    api.log_in()
    return api.post_json(
        "/api/sessions",
        {
            "title": "Flere prosesser",
            "tables": 2,
            "topics": TOPICS,
            "rounds": 2,
            "round_minutes": 15,
        },
        expect=201,
    )


def _phone(
    name: str, table: int, cafe: dict[str, Any], server: ServerProcess, make: ClientFactory
) -> Phone:
    """Join over HTTP on ``server``, then connect a socket to it and wait for ``state``."""
    token = join(server, cafe["join_code"], table, name)
    phone = Phone(name, table, token, server, make(name))
    phone.client.connect(server.url, {"token": phone.token})
    assert phone.client.first("state").wait(WAIT), name
    return phone


def _post(phone: Phone, text: str) -> dict[str, Any]:
    ack = phone.client.call("post", {"client_id": str(uuid.uuid4()), "text": text}, timeout=WAIT)
    assert ack["ok"] is True, ack
    return ack["post"]


def _has_post(text: str) -> Any:
    return lambda post: post.get("text") == text


def _counts(payload: dict[str, Any]) -> dict[int, int]:
    return {row["table"]: row["connected"] for row in payload["tables"]}


def test_two_processes_share_one_cafe(
    tmp_path: Path,
    postgres_url: str,
    server_factory: ServerFactory,
    socket_clients: ClientFactory,
) -> None:
    channel = f"dialogcafe-test-{uuid.uuid4().hex}"
    a = server_factory(
        tmp_path / "a",
        name="a",
        extra_env=_cluster_env(postgres_url, MACHINE_REDIS, channel, "a"),
    )
    b = server_factory(
        tmp_path / "b",
        name="b",
        extra_env=_cluster_env(postgres_url, MACHINE_REDIS, channel, "b"),
    )
    a.create_facilitator()
    a.start()
    b.start()
    api = ApiClient(a.url)
    try:
        cafe = _start_cafe(api)
        facilitator = socket_clients("facilitator")
        facilitator.connect(a.url, {"token": api.token, "session": cafe["id"]})
        assert facilitator.first("state").wait(WAIT)

        one_a = _phone("en-a", 1, cafe, a, socket_clients)
        one_b = _phone("en-b", 1, cafe, b, socket_clients)
        two_a = _phone("to-a", 2, cafe, a, socket_clients)
        two_b = _phone("to-b", 2, cafe, b, socket_clients)

        # Presence rows of both processes count (the facilitator is on A only).
        assert facilitator.wait_for_event(
            "presence", lambda p: _counts(p) == {1: 2, 2: 2}, timeout=WAIT
        ), facilitator.events("presence")

        # The facilitator on A starts round 1: phones on B hear their own table's question.
        api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
        for phone in (one_a, one_b, two_a, two_b):
            assert phone.client.wait_for_event(
                "round", lambda r: r.get("round") == 1, timeout=WAIT
            ), phone.name
        assert one_b.client.events("round")[-1]["topic"] == TOPICS[0]
        assert two_b.client.events("round")[-1]["topic"] == TOPICS[1]
        assert facilitator.wait_for_event("round", lambda r: r.get("round") == 1, timeout=WAIT)

        # One phone's connection blips: back on A, its state is of round 1 now.
        one_a.client.disconnect()
        one_a = replace(one_a, client=socket_clients("en-a-igjen"))
        one_a.client.connect(a.url, {"token": one_a.token})
        assert one_a.client.first("state").wait(WAIT)

        # An input posted on B reaches its table on A (and the facilitator on A) ...
        _post(one_b, "Fra prosess B")
        assert one_a.client.wait_for_event("post", _has_post("Fra prosess B"), timeout=WAIT)
        assert facilitator.wait_for_event("post", _has_post("Fra prosess B"), timeout=WAIT)
        # ... and one posted on A reaches its table on B.
        _post(one_a, "Fra prosess A")
        assert one_b.client.wait_for_event("post", _has_post("Fra prosess A"), timeout=WAIT)
        # Table 2 hears table 2 only (its phones do not watch the other tables): A delivered
        # "Fra prosess B" before two_b's input (one_a got it from A), so two_a would have it
        # by now if it were sent there.
        _post(two_b, "Bord to")
        assert two_a.client.wait_for_event("post", _has_post("Bord to"), timeout=WAIT)
        assert [p["text"] for p in two_a.client.events("post")] == ["Bord to"]

        # A phone of A switches network and reconnects to B with its last state's seq:
        # B answers with a delta from the database (seq lives there, not in a process).
        since = one_a.client.events("state")[-1]["seq"]
        one_a.client.disconnect()
        assert facilitator.wait_for_event(
            "presence", lambda p: _counts(p) == {1: 1, 2: 2}, timeout=WAIT
        )
        moved = socket_clients("en-a-again")
        moved.connect(b.url, {"token": one_a.token, "since": since})
        assert moved.first("state").wait(WAIT)
        state = moved.events("state")[0]
        assert state["round"] == 1
        assert state["table"] == 1
        assert state["full"] is False, "a delta, although another process made the first state"
        assert {p["text"] for p in state["posts"]} == {"Fra prosess A", "Fra prosess B"}
        assert facilitator.wait_for_event(
            "presence", lambda p: _counts(p) == {1: 2, 2: 2}, timeout=WAIT
        )

        # Round 2 from A reaches the resumed phone on B.
        api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
        assert moved.wait_for_event("round", lambda r: r.get("round") == 2, timeout=WAIT)
        assert moved.events("round")[-1]["topic"] == TOPICS[1]  # the questions moved on
    finally:
        api.close()


class RedisServer:
    """A ``redis-server`` of the test's own on a free port, started and killed by it."""

    def __init__(self, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = processes.spawn(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            log=log_path,
        )
        processes.wait_for_port(
            self.port, self.process, name="redis-server", log=log_path, timeout=10.0
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=2)
        try:
            assert client.ping()
        finally:
            client.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=5)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis.log")
    yield server
    server.kill()


def test_an_input_is_stored_and_acknowledged_while_redis_is_down(
    tmp_path: Path,
    postgres_url: str,
    own_redis: RedisServer,
    server_factory: ServerFactory,
    socket_clients: ClientFactory,
) -> None:
    c = server_factory(
        tmp_path / "c",
        name="c",
        extra_env=_cluster_env(postgres_url, own_redis.url, "dialogcafe", "c"),
    )
    c.create_facilitator()
    c.start()
    api = ApiClient(c.url)
    try:
        cafe = _start_cafe(api)
        api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
        author = _phone("skriver", 1, cafe, c, socket_clients)
        neighbour = _phone("nabo", 1, cafe, c, socket_clients)
        _post(author, "Mens Redis går")
        assert neighbour.client.wait_for_event("post", _has_post("Mens Redis går"), timeout=WAIT)

        own_redis.kill()
        stored = _post(author, "Mens Redis er borte")  # acknowledged ...
        # ... sent to this process's own phones (delivered before the queue is tried) ...
        assert neighbour.client.wait_for_event(
            "post", _has_post("Mens Redis er borte"), timeout=WAIT
        )
        # ... and stored.
        connection = connect(postgres_url)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT text FROM posts WHERE id = %s", (stored["id"],))
                assert cursor.fetchone() == ("Mens Redis er borte",)
        finally:
            connection.close()
    finally:
        api.close()
