"""Reconnect resync over Socket.IO test clients: ``auth.since`` turns ``state`` into a delta.

The real-process version (a dropped transport, a killed server) is in tests/e2e; here the
contract: which snapshot is whole, what a delta holds, and the ``seq`` on every event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.integration.received import events, send, state_of

Connect = Callable[..., Any]
Headers = Callable[[str], dict[str, str]]


def test_a_reconnect_with_since_gets_only_what_changed(
    client: Any,
    bearer: Headers,
    host: str,
    running: dict[str, Any],
    make_participant: Callable[..., Any],
    seated: Any,
    socket_client: Connect,
    watcher: Any,
) -> None:
    ola = make_participant(running["join_code"], table=1, nickname="Ola")
    first = socket_client(auth={"token": ola["token"]})
    whole = state_of(first)
    assert whole["full"] is True and whole["removed"] == []
    assert whole["round_info"]["seq"] == whole["seq"]
    _, kari = seated(1, "Kari")
    kept = send(kari, "Gode naboer", "client-0001")
    doomed = send(kari, "Noe stygt", "client-0002")
    assert events(first, "post")[-1]["seq"] == doomed["seq"] > kept["seq"] > whole["seq"]
    since = doomed["seq"]  # as if a state had come at this point
    first.disconnect()

    liked_ack = kari.emit("like", {"post_id": kept["id"], "liked": True}, callback=True)
    hide = client.post(
        f"/api/sessions/{running['id']}/posts/{doomed['id']}/hide", headers=bearer(host)
    )
    assert hide.status_code == 200
    fresh = send(kari, "Benk ved inngangen", "client-0003")
    seen = {(e["name"], e["args"][0].get("seq")) for e in watcher.get_received()}
    assert {("likes", liked_ack["seq"]), ("hide", hide.get_json()["post"]["seq"])} <= seen

    again = socket_client(auth={"token": ola["token"], "since": since})
    delta = state_of(again)
    assert delta["full"] is False
    assert delta["seq"] == fresh["seq"]
    assert [(p["id"], p["likes"]) for p in delta["posts"]] == [(kept["id"], 1), (fresh["id"], 0)]
    assert delta["removed"] == [{"id": doomed["id"], "seq": hide.get_json()["post"]["seq"]}]
    assert delta["round_info"]["round"] == 1  # the rest of the snapshot is whole


def test_a_facilitator_reconnect_gets_a_delta_too(
    host: str, running: dict[str, Any], seated: Any, socket_client: Connect
) -> None:
    _, kari = seated(2, "Kari")
    send(kari, "Gode naboer", "client-0001")
    first = socket_client(auth={"token": host, "session": running["id"]})
    since = state_of(first)["seq"]
    fresh = send(kari, "Lys i trappa", "client-0002")
    again = socket_client(auth={"token": host, "session": running["id"], "since": since})
    delta = state_of(again)
    assert delta["full"] is False
    assert {t["table"]: [p["id"] for p in t["posts"]] for t in delta["tables"]} == {
        1: [],
        2: [fresh["id"]],
        3: [],
    }


def test_a_round_change_or_a_visibility_switch_sends_the_whole_view_again(
    client: Any,
    bearer: Headers,
    host: str,
    running: dict[str, Any],
    seated: Any,
    socket_client: Connect,
    next_round: Callable[..., Any],
) -> None:
    kari_person, kari = seated(1, "Kari")
    send(kari, "Gode naboer", "client-0001")
    auth = {"token": kari_person["token"]}
    since = state_of(socket_client(auth=auth))["seq"]
    next_round(host, running["id"])
    after_round = state_of(socket_client(auth={**auth, "since": since}))
    assert after_round["full"] is True and len(after_round["posts"]) == 1

    since = after_round["seq"]
    patched = client.patch(
        f"/api/sessions/{running['id']}", json={"hide_other_tables": True}, headers=bearer(host)
    )
    assert patched.status_code == 200
    assert state_of(socket_client(auth={**auth, "since": since}))["full"] is True


def test_a_since_from_elsewhere_gets_the_whole_view(
    host: str, running: dict[str, Any], seated: Any, socket_client: Connect
) -> None:
    _, kari = seated(1, "Kari")
    send(kari, "Gode naboer", "client-0001")
    base = {"token": host, "session": running["id"]}
    for since in (10_000, "5", -1, None):
        state = state_of(socket_client(auth={**base, "since": since}))
        assert state["full"] is True
        assert sum(len(t["posts"]) for t in state["tables"]) == 1
