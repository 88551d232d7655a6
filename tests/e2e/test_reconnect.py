"""A phone loses its connection while its table keeps posting, and comes back.

Real server process, real Socket.IO clients. The phone talks to the server through a
relay the test cuts and restores (a Wi-Fi drop, not a polite disconnect); it reconnects on
its own with ``auth.since`` and gets a delta. Its screen (rebuilt as the browser's
static/js/core/sync.js builds it) ends with every post of its table exactly once; the delta
brought only what it had not seen; and its own input whose ack was lost in the drop is stored
once.
"""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.phone_model import FlakyLink, PhoneScreen, PostStream
from tests.e2e.support import ApiClient, ClientFactory, ServerFactory, ServerProcess, join

pytestmark = pytest.mark.e2e

WAIT = 10.0


@pytest.fixture
def live_server(server_factory: ServerFactory) -> ServerProcess:
    """The server, with a page bigger than what the table posts while the phone is away.

    The table posts back to back, hundreds of inputs while the link is down: past a page
    (``DIALOGCAFE_STATE_POSTS``) the reconnect would get the whole, paged, state instead
    of the delta this test is about (that bound: tests/e2e/test_polling_and_paging.py and
    tests/integration/test_paging.py).
    """
    server = server_factory(extra_env={"DIALOGCAFE_STATE_POSTS": "5000"})
    server.create_facilitator()
    server.start()
    return server


def test_a_dropped_phone_ends_with_every_post_exactly_once(
    live_server: ServerProcess, api: ApiClient, socket_clients: ClientFactory
) -> None:
    cafe = api.post_json(
        "/api/sessions",
        {
            "title": "Dårlig nett",
            "tables": 2,
            "topics": ["Hva trenger du?"],
            "rounds": 2,
            "round_minutes": 15,
        },
        expect=201,
    )
    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")

    writer = socket_clients("writer")
    writer.connect(live_server.url, {"token": join(live_server, cafe["join_code"], 1, "Kari")})
    assert writer.first("state").wait(WAIT)
    elsewhere = socket_clients("elsewhere")  # another table: its posts are not Ola's
    elsewhere.connect(live_server.url, {"token": join(live_server, cafe["join_code"], 2, "Ali")})
    assert elsewhere.first("state").wait(WAIT)

    link = FlakyLink(live_server.port)
    phone = socket_clients(
        "phone", reconnection=True, reconnection_delay=0.1, reconnection_delay_max=0.5
    )
    screen = PhoneScreen(phone, join(live_server, cafe["join_code"], 1, "Ola"))
    phone.connect(link.url, screen.auth)
    assert phone.first("state").wait(WAIT)
    stream = PostStream(writer, "Kari sier")
    other_table = PostStream(elsewhere, "Ali sier")
    try:
        assert stream.wait_for(5, WAIT)
        assert phone.wait_until(lambda: len(screen.shown()) >= 5, WAIT)

        # Ola's own input leaves just as the network goes: its ack may never come back.
        mine = {"client_id": str(uuid.uuid4()), "text": "Ola skrev dette i farten"}
        phone.sio.emit("post", mine)
        link.cut()
        assert phone.disconnected.wait(WAIT)
        missed_from = len(stream.acked)
        assert stream.wait_for(missed_from + 5, WAIT), "the table goes on posting"
        missed_to = len(stream.acked)
        link.restore()

        assert phone.wait_until(lambda: phone.connections == 2, WAIT), "it reconnects by itself"
        ack = phone.call("post", mine, timeout=WAIT)  # the outbox sends it again
        assert ack["ok"] is True, ack
        screen.confirm(ack["post"])
        assert stream.wait_for(len(stream.acked) + 5, WAIT), "and goes on after the return"
    finally:
        stream.stop()
        other_table.stop()
        link.close()

    expected = sorted([post["id"] for post in stream.acked] + [ack["post"]["id"]])
    assert phone.wait_until(lambda: screen.shown_ids() == expected, WAIT), (
        f"missing {sorted(set(expected) - set(screen.shown_ids()))}, "
        f"extra {sorted(set(screen.shown_ids()) - set(expected))}"
    )
    assert other_table.acked, "the other table posted all along"

    states = phone.events("state")
    first, delta = states[0], states[-1]
    assert first["full"] is True
    assert delta["full"] is False, "a reconnect with since gets a delta"
    assert all(post["seq"] > first["seq"] for post in delta["posts"]), delta["posts"]
    missed = {post["id"] for post in stream.acked[missed_from:missed_to]}
    assert missed <= {post["id"] for post in delta["posts"]}, "the delta holds what was missed"
    deliveries = screen.deliveries()
    twice = {post_id: n for post_id, n in deliveries.items() if n > 1}
    assert set(twice) <= {post["id"] for post in delta["posts"]}, (
        "only posts that came live before the drop and again in the delta may arrive twice",
        twice,
    )

    # Stored once: Ola's input (sent, maybe stored, then sent again) is one post.
    texts = [post["text"] for post in screen.shown()]
    assert texts.count(mine["text"]) == 1
    assert len(texts) == len(set(texts)), "no text twice on Ola's screen"
    assert all(post["table"] == 1 for post in screen.shown())
