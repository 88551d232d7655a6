"""Malformed input gets a clear 4xx or a failed ack, never a 500 or silence (issue 11, items 7-8).

Each case is one the issue found answered with a traceback: integers past 2**63 in paths
and bodies, lone surrogates and control characters in texts, JSON nested 1,000 deep (on
the unauthenticated join and token endpoints too), socket events with two or three
arguments, and clients emitting the reserved ``connect`` / ``disconnect``.
"""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.e2e.support import (
    FACILITATOR_EMAIL,
    FACILITATOR_PASSWORD,
    ApiClient,
    ClientFactory,
    ServerProcess,
    join,
)

pytestmark = pytest.mark.e2e

DEEP_JSON = "[" * 1_000 + "]" * 1_000
TOPICS = ["Hva gjør et hjem trygt?", "Hvordan blir vi hørt?"]


@pytest.fixture
def cafe(api: ApiClient) -> dict[str, object]:
    body = {"title": "Kafé", "tables": 2, "topics": TOPICS, "rounds": 2, "round_minutes": 20}
    created = api.post_json("/api/sessions", body, expect=201)
    api.post_json(f"/api/sessions/{created['id']}/rounds/next")
    return created


def _nested(depth: int) -> object:
    value: object = "bunn"
    for _ in range(depth):
        value = [value]
    return value


def _raw(
    server: ServerProcess, method: str, path: str, body: str, **headers: str
) -> requests.Response:
    return requests.request(
        method,
        server.url + path,
        data=body.encode("utf-8", "surrogatepass"),
        headers={"Content-Type": "application/json", **headers},
        timeout=10,
    )


@pytest.mark.parametrize("path", ["/api/auth/token", "/api/join/{code}", "/api/sessions"])
def test_json_nested_a_thousand_deep_is_a_400(
    live_server: ServerProcess, api: ApiClient, cafe: dict[str, object], path: str
) -> None:
    answer = _raw(
        live_server,
        "POST",
        path.format(code=cafe["join_code"]),
        DEEP_JSON,
        Authorization=f"Bearer {api.token}",
    )
    assert answer.status_code == 400, answer.text[:300]
    assert answer.json()["code"] == "bad_request"


@pytest.mark.parametrize("number", [2**63, 2**64, 10**30])
def test_ids_past_the_database_range_are_404_in_paths_and_400_in_bodies(
    live_server: ServerProcess, api: ApiClient, cafe: dict[str, object], number: int
) -> None:
    assert api.request("GET", f"/api/sessions/{number}", expect=404).json()["code"]
    answer = api.request(
        "GET", f"/api/sessions/{cafe['id']}/posts?table={number}&limit={number}", expect=400
    )
    assert answer.json()["code"] == "invalid_field"
    body = {"title": "x", "tables": number, "topics": TOPICS, "rounds": 1, "round_minutes": 5}
    assert api.post_json("/api/sessions", body, expect=400)["code"] == "bad_request"
    joined = _raw(live_server, "POST", f"/api/join/{cafe['join_code']}", f'{{"table": {number}}}')
    assert joined.status_code == 400


def test_control_characters_and_lone_surrogates_are_cleaned_before_storing(
    live_server: ServerProcess, api: ApiClient, socket_clients: ClientFactory
) -> None:
    body = '{"title": "Kaf\\u00e9\\u0000 \\ud800i dag", "tables": 1, "topics": ["Sp\\u0007\\u00f8rsm\\u00e5l"], "rounds": 1, "round_minutes": 5}'  # noqa: E501
    answer = _raw(live_server, "POST", "/api/sessions", body, Authorization=f"Bearer {api.token}")
    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert created["title"] == "Kafé \ufffdi dag"
    api.post_json(f"/api/sessions/{created['id']}/rounds/next")
    token = join(live_server, created["join_code"], 1, "Gjest\u0000\ud800 1")
    phone = socket_clients("phone")
    phone.connect(live_server.url, auth={"token": token})
    ack = phone.call("post", {"client_id": str(uuid.uuid4()), "text": "a\u0000b\ud800c\r\nd"})
    assert ack["ok"], ack
    assert ack["post"]["text"] == "ab\ufffdc\nd"
    assert ack["post"]["nickname"] == "Gjest\ufffd 1"
    for fmt in ("md", "csv", "json", "docx"):
        api.request("GET", f"/api/sessions/{created['id']}/export.{fmt}")


def test_socket_events_with_odd_arguments_or_numbers_get_a_failed_ack(
    live_server: ServerProcess, cafe: dict[str, object], socket_clients: ClientFactory
) -> None:
    phone = socket_clients("phone")
    phone.connect(live_server.url, auth={"token": join(live_server, cafe["join_code"], 1, "A")})
    for args in [({"text": "x"}, {"y": 1}), ({"text": "x"}, 2, 3)]:
        ack = phone.sio.call("post", args, timeout=5)
        assert ack["ok"] is False and ack["code"] == "bad_request", ack
    assert phone.sio.call("post", timeout=5)["code"] == "bad_request"
    for event, data in [
        ("like", {"post_id": 2**64, "liked": True}),
        ("vote", {"post_id": -(2**63) - 1, "add": True}),
        ("older_posts", {"before": 10**30}),
        ("post", {"client_id": str(uuid.uuid4()), "text": "x", "nested": _nested(20)}),
        ("no such event", {"x": 1}),
    ]:
        ack = phone.call(event, data)
        assert ack["ok"] is False, (event, ack)
        assert ack["code"] in {"bad_request", "invalid_field", "unknown_post"}, (event, ack)


def test_a_client_cannot_emit_connect_or_disconnect(
    live_server: ServerProcess, cafe: dict[str, object], socket_clients: ClientFactory
) -> None:
    """``connect`` with another participant's token does not make the socket theirs, and
    ``disconnect`` does not end its presence: both are unknown events to a client."""
    mine = join(live_server, cafe["join_code"], 1, "Meg")
    theirs = join(live_server, cafe["join_code"], 2, "Deg")
    phone = socket_clients("phone")
    phone.connect(live_server.url, auth={"token": mine})
    facilitator = socket_clients("facilitator")
    api = ApiClient(live_server.url)
    api.log_in(FACILITATOR_EMAIL, FACILITATOR_PASSWORD)
    facilitator.connect(live_server.url, auth={"session": cafe["id"], "token": api.token})
    api.close()

    spoofed = phone.sio.call("connect", ({"x": 1}, {"token": theirs}), timeout=5)
    assert spoofed["ok"] is False and spoofed["code"] == "bad_request", spoofed
    ended = phone.call("disconnect", "client disconnect")
    assert ended["ok"] is False and ended["code"] == "bad_request", ended

    ack = phone.call("post", {"client_id": str(uuid.uuid4()), "text": "Fortsatt meg"})
    assert ack["ok"], ack
    assert (ack["post"]["nickname"], ack["post"]["table"]) == ("Meg", 1)
    assert phone.connections == 1 and not phone.disconnected.is_set()
