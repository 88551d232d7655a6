"""Whose address the per-address limits count, and where they keep their counts.

Behind nginx (``TRUSTED_PROXIES``) the client's address comes from X-Forwarded-For, and
without a trusted proxy that header changes nothing (a guesser cannot dodge the limit by
making addresses up). With Redis the counts are shared by every process; with Redis down
the limits go on in memory, never a 500. (The limits themselves, on a real server:
tests/e2e/test_limits.py.)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from dialogcafe import create_app
from dialogcafe.extensions import DATABASE_KEY
from dialogcafe.realtime.limits import LIMITER_KEY

MACHINE_REDIS = "redis://127.0.0.1:6379/0"
WRONG_CODE_TRIES = 20  # the café default (config.ADDRESS_LIMITS)


@pytest.fixture
def build(tmp_path: Path) -> Iterator[Any]:
    """``build(**config)``: an app on its own SQLite file; all are disposed of at the end."""
    apps: list[Any] = []

    def make(**config: Any) -> Any:
        app = create_app(
            {
                "DATA_DIR": tmp_path / "data",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'limits.sqlite3'}",
                "ASYNC_MODE": "threading",
                "TESTING": True,
                "SECRET_KEY": "limits-test",
                "MESSAGE_QUEUE": None,
                "SCHEMA_SETUP": "create_all",
                **config,
            }
        )
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions[DATABASE_KEY].engine.dispose()


def wrong_code(client: Any, **headers: str) -> int:
    status: int = client.post("/api/join/ZZZZZZ", json={}, headers=headers).status_code
    return status


def test_behind_a_trusted_proxy_each_client_address_has_its_own_count(build: Any) -> None:
    client = build(TRUSTED_PROXIES=1).test_client()
    guesser = {"X-Forwarded-For": "203.0.113.7"}
    assert [wrong_code(client, **guesser) for _ in range(WRONG_CODE_TRIES)] == [404] * 20
    assert wrong_code(client, **guesser) == 429
    # Someone else behind the same proxy is not held back by the guesser.
    assert wrong_code(client, **{"X-Forwarded-For": "198.51.100.2"}) == 404
    # Only the last hop counts: what the client wrote before it is not believed.
    assert wrong_code(client, **{"X-Forwarded-For": "10.9.9.9, 203.0.113.7"}) == 429


def test_without_a_trusted_proxy_made_up_addresses_change_nothing(build: Any) -> None:
    client = build().test_client()
    for n in range(WRONG_CODE_TRIES):
        assert wrong_code(client, **{"X-Forwarded-For": f"10.0.0.{n}"}) == 404
    assert wrong_code(client, **{"X-Forwarded-For": "10.0.1.1"}) == 429


def test_with_redis_every_process_counts_the_same_tries(build: Any) -> None:
    channel = f"dialogcafe-test-{uuid.uuid4().hex}"
    shared = {"RATELIMIT_STORAGE_URI": MACHINE_REDIS, "MESSAGE_QUEUE_CHANNEL": channel}
    first = build(**shared).test_client()
    assert [wrong_code(first) for _ in range(WRONG_CODE_TRIES - 1)] == [404] * 19
    keys = redis.Redis.from_url(MACHINE_REDIS).keys(f"*{channel}*")
    assert keys, "the counts are in Redis, under this cluster's channel"
    second = build(**shared).test_client()  # another process of the same cluster
    assert wrong_code(second) == 404
    assert wrong_code(second) == 429


def test_with_redis_down_the_limits_go_on_in_memory(build: Any) -> None:
    client = build(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0").test_client()
    assert [wrong_code(client) for _ in range(WRONG_CODE_TRIES)] == [404] * 20
    refused = client.post("/api/join/ZZZZZZ", json={})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1


def test_the_form_for_phones_without_javascript_has_the_socket_rate(
    app: Any, cafe: dict[str, Any], host: str, next_round: Any
) -> None:
    """The no-JavaScript form is no way round the post limit: 10 per 30 s per seat."""
    next_round(host, cafe["id"])
    code = cafe["join_code"]
    flooder, neighbour = app.test_client(), app.test_client()
    for browser in (flooder, neighbour):
        assert browser.post(f"/j/{code}", data={"nickname": "Uten JS"}).status_code == 302

    def send(browser: Any, text: str) -> Any:
        return browser.post(f"/j/{code}/posts", data={"client_id": uuid.uuid4().hex, "text": text})

    assert [send(flooder, f"Skjema {n}").status_code for n in range(10)] == [302] * 10
    refused = send(flooder, "Ett for mye")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "For mange forsøk på kort tid." in refused.get_data(as_text=True)
    assert send(neighbour, "Naboen skriver").status_code == 302  # another seat, its own count


def test_reconnecting_does_not_refill_a_participants_buckets(
    app: Any, running: dict[str, Any], seated: Any, socket_client: Any
) -> None:
    """The post limit follows the participant, not the socket: a flood cannot go on by
    opening a new connection every ten inputs. (A facilitator's socket has its own.)"""
    limiter = app.extensions[LIMITER_KEY]
    person, phone = seated(1)

    def post(socket: Any) -> Any:
        return socket.emit("post", {"client_id": uuid.uuid4().hex, "text": "Hei"}, callback=True)

    assert all(post(phone)["ok"] for _ in range(10))
    assert post(phone)["code"] == "rate_limited"
    phone.disconnect()
    again = socket_client(auth={"token": person["token"]})
    assert again.is_connected()
    refused = post(again)
    assert refused["code"] == "rate_limited" and refused["retry_after"] >= 1
    assert len(limiter) == 1  # one participant, however many sockets


def test_a_socket_of_no_participant_is_forgotten_when_it_disconnects(
    app: Any, watcher: Any
) -> None:
    limiter = app.extensions[LIMITER_KEY]
    ack = watcher.emit("like", {"post_id": 1, "liked": True}, callback=True)
    assert ack["ok"] is False and ack["code"] != "rate_limited"
    assert len(limiter) == 1  # counted under the socket's own id
    watcher.disconnect()
    assert len(limiter) == 0
