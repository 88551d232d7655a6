"""``kill -9`` in the middle of a round loses nothing that was acknowledged.

A real server process (eventlet, SQLite) is killed with SIGKILL while a phone is posting
as fast as acks come back; a new process starts on the same data dir and port. The
phones and the facilitator reconnect by themselves; the round, its end time, every
acknowledged input and a like come back from the database; the input that was on its way
when the server died is sent again from the "outbox" and stored once; and the table
carries on.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.phone_model import PhoneScreen, PostStream
from tests.e2e.support import (
    ClientFactory,
    RecordingClient,
    ServerFactory,
    join,
    open_cafe,
    start_server,
)

pytestmark = pytest.mark.e2e

WAIT = 10.0
RECONNECTING = {"reconnection": True, "reconnection_delay": 0.1, "reconnection_delay_max": 0.5}


def reconnected(client: RecordingClient) -> bool:
    return client.wait_until(lambda: client.connections == 2, WAIT)


def test_sigkill_mid_round_loses_nothing_acknowledged(
    server_factory: ServerFactory, socket_clients: ClientFactory
) -> None:
    server = start_server(server_factory)
    api, cafe = open_cafe(server, "Strømbrudd", ["Hva gjør deg trygg?", "Hva savner du?"], rounds=2)

    facilitator = socket_clients("facilitator", **RECONNECTING)
    facilitator.connect(server.url, {"token": api.token, "session": cafe["id"]})
    phones: dict[str, tuple[RecordingClient, PhoneScreen]] = {}
    for name in ("Kari", "Ola"):
        client = socket_clients(name, **RECONNECTING)
        screen = PhoneScreen(client, join(server, cafe["join_code"], 1, name))
        client.connect(server.url, screen.auth)
        phones[name] = (client, screen)
    (kari, kari_screen), (ola, ola_screen) = phones["Kari"], phones["Ola"]
    for client in (facilitator, kari, ola):
        assert client.first("state").wait(WAIT), client
    before = kari.events("state")[0]["round_info"]
    assert before["round"] == 1 and before["status"] == "running"

    first = ola.call("post", {"client_id": "ola-first", "text": "Lys i trappa"}, timeout=WAIT)
    assert first["ok"] is True, first
    ola_screen.confirm(first["post"])
    liked = kari.call("like", {"post_id": first["post"]["id"], "liked": True}, timeout=WAIT)
    assert liked["ok"] is True and liked["likes"] == 1, liked

    stream = PostStream(kari, "Kari sier", timeout=3.0)
    try:
        assert stream.wait_for(10, WAIT)
        server.kill()  # mid-stream: an input may be in flight
        assert kari.disconnected.wait(WAIT) and ola.disconnected.wait(WAIT)
    finally:
        stream.stop()
    server.start()

    for client in (facilitator, kari, ola):
        assert reconnected(client), f"{client} did not reconnect by itself"
    for item in stream.unacked:  # the outbox sends what got no ack, with its client id
        ack = kari.call("post", item, timeout=WAIT)
        assert ack["ok"] is True, ack
        stream.acked.append(ack["post"])

    for name, (client, _) in phones.items():  # seats come back from the database too
        assert client.events("state")[-1]["table"] == 1, name
    after = kari.events("state")[-1]["round_info"]
    assert (after["round"], after["status"]) == (1, "running")
    assert after["round_ends_at"] == before["round_ends_at"]
    assert facilitator.events("state")[-1]["round_info"]["round_ends_at"] == after["round_ends_at"]

    expected = sorted([first["post"]["id"]] + [post["id"] for post in stream.acked])
    assert ola.wait_until(lambda: ola_screen.shown_ids() == expected, WAIT), (
        f"missing {sorted(set(expected) - set(ola_screen.shown_ids()))}"
    )
    posts = _whole_table(server.url, api.token, cafe["id"], socket_clients)
    texts = [post["text"] for post in posts]
    assert len(texts) == len(set(texts)), "every input stored once"
    assert sorted(post["id"] for post in posts) == expected
    assert next(p for p in posts if p["id"] == first["post"]["id"])["likes"] == 1

    # The café carries on: a new input reaches the other phone live.
    again = ola.call("post", {"client_id": "ola-after", "text": "Vi fortsetter"}, timeout=WAIT)
    assert again["ok"] is True, again
    assert kari.wait_for_event("post", lambda post: post["text"] == "Vi fortsetter", timeout=WAIT)
    assert kari_screen.shown_ids()[-1] == again["post"]["id"]
    api.close()


def _whole_table(
    url: str, token: str | None, session_id: int, make: ClientFactory
) -> list[dict[str, Any]]:
    """Table 1's inputs as a fresh facilitator screen gets them (a whole snapshot)."""
    fresh = make("fresh facilitator")
    fresh.connect(url, {"token": token, "session": session_id})
    assert fresh.first("state").wait(WAIT)
    (table,) = [t for t in fresh.events("state")[0]["tables"] if t["table"] == 1]
    posts: list[dict[str, Any]] = table["posts"]
    fresh.disconnect()
    return posts
