"""Paged snapshots over Socket.IO test clients: what a ``state`` and an ``older_posts``
page hold, and how a reconnect's delta stays bounded (the real-process version, 4,400
inputs and long-polling, is tests/e2e/test_polling_and_paging.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from dialogcafe.adapters.polling import set_packet_limit
from dialogcafe.config import load_config
from tests.integration.received import send, state_of

Connect = Callable[..., Any]
PAGE = 10  # the smallest page size the config allows


def test_a_delta_bigger_than_a_page_comes_whole_and_paged(
    app: Any,
    running: dict[str, Any],
    make_participant: Callable[..., Any],
    seated: Any,
    socket_client: Connect,
) -> None:
    app.config["STATE_POSTS"] = PAGE
    ola = make_participant(running["join_code"], table=1, nickname="Ola")
    _, kari = seated(1, "Kari")
    for n in range(3):
        send(kari, f"Først {n}", f"first-{n:04d}")
    first = socket_client(auth={"token": ola["token"]})
    whole = state_of(first)
    assert len(whole["posts"]) == 3 and whole["more_posts"] is False
    first.disconnect()

    _, per = seated(1, "Per")  # two writers: each socket may send 10 inputs at once
    stored = [
        send(kari if n % 2 else per, f"Mens Ola var borte {n}", f"away-{n:04d}")
        for n in range(PAGE + 2)
    ]
    back = socket_client(auth={"token": ola["token"], "since": whole["seq"]})
    state = state_of(back)
    assert state["full"] is True  # 12 changes: more than a page, so the whole (paged) state
    assert [p["id"] for p in state["posts"]] == [p["id"] for p in stored[-PAGE:]]
    assert state["more_posts"] is True
    back.disconnect()

    fresh = send(per, "Etterpå", "after-0001")
    again = socket_client(auth={"token": ola["token"], "since": state["seq"]})
    delta = state_of(again)
    assert delta["full"] is False and [p["id"] for p in delta["posts"]] == [fresh["id"]]
    assert "more_posts" not in delta  # the client keeps what the whole state said

    page = again.emit("older_posts", {"before": state["posts"][0]["id"]}, callback=True)
    assert page["ok"] and page["more"] is False
    assert [p["text"] for p in page["posts"]] == [
        "Først 0",
        "Først 1",
        "Først 2",
        "Mens Ola var borte 0",
        "Mens Ola var borte 1",
    ]
    assert page["before"] == page["posts"][0]["id"]


def test_older_pages_hold_only_what_the_phone_may_see(
    client: Any,
    bearer: Callable[[str], dict[str, str]],
    host: str,
    running: dict[str, Any],
    seated: Any,
) -> None:
    _, kari = seated(1, "Kari")
    _, ali = seated(2, "Ali")
    kept = send(kari, "Synlig", "kept-0001")
    doomed = send(kari, "Skjules", "hide-0001")
    elsewhere = send(ali, "Ved bord 2", "other-0001")
    hidden = client.post(
        f"/api/sessions/{running['id']}/posts/{doomed['id']}/hide", headers=bearer(host)
    )
    assert hidden.status_code == 200

    own = kari.emit("older_posts", {"before": 10**9}, callback=True)
    assert [p["id"] for p in own["posts"]] == [kept["id"]]
    others = kari.emit("older_posts", {"before": 10**9, "scope": "others"}, callback=True)
    assert [p["id"] for p in others["posts"]] == [elsewhere["id"]]

    hide = client.patch(
        f"/api/sessions/{running['id']}", json={"hide_other_tables": True}, headers=bearer(host)
    )
    assert hide.status_code == 200
    refused = kari.emit("older_posts", {"before": 10**9, "scope": "others"}, callback=True)
    assert refused["ok"] is False and refused["code"] == "not_your_table"


@pytest.mark.parametrize(
    "payload",
    ["not an object", {"before": "12"}, {"before": 0}, {"before": 5, "scope": "all"}],
)
def test_a_bad_older_posts_request_gets_a_failed_ack(
    running: dict[str, Any], seated: Any, payload: object
) -> None:
    _, kari = seated(1, "Kari")
    ack = kari.emit("older_posts", payload, callback=True)
    assert ack["ok"] is False and ack["code"] in {"bad_request", "invalid_field"}
    assert ack["error"]


def test_page_sizes_and_the_packet_limit_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in (("STATE_POSTS", "9"), ("FACILITATOR_STATE_POSTS", "50000")):
        monkeypatch.setenv(f"DIALOGCAFE_{key}", value)
        with pytest.raises(ValueError, match=key):
            load_config()
        monkeypatch.delenv(f"DIALOGCAFE_{key}")
    for limit in (15, 1001):
        with pytest.raises(ValueError, match="POLLING_MAX_PACKETS"):
            set_packet_limit(limit)


def test_the_facilitator_page_and_projector_say_they_show_the_newest(
    app: Any, client: Any, auth: Any, english: None, running: dict[str, Any], seated: Any
) -> None:
    app.config["FACILITATOR_STATE_POSTS"] = PAGE
    writers = [seated(1, name)[1] for name in ("Kari", "Per")]
    for n in range(PAGE + 2):
        send(writers[n % 2], f"Innspill {n}", f"input-{n:04d}")
    assert auth.login("host@example.no").status_code == 302

    page = client.get(f"/sessions/{running['id']}").get_data(as_text=True)
    # The cockpit's card counts every input and links to them all (it shows the newest).
    assert 'data-unshown="2">12</strong>' in page
    assert "All inputs at table 1" in page
    wall = client.get(f"/sessions/{running['id']}/projector").get_data(as_text=True)
    data = json.loads(wall.split('id="page-data">', 1)[1].split("</script>", 1)[0])
    assert len(data["posts"]) == PAGE and data["wall_more"] is True
    assert [p["text"] for p in data["posts"]][-1] == "Innspill 11"


def test_paging_is_limited_per_connection(running: dict[str, Any], seated: Any) -> None:
    _, kari = seated(1, "Kari")
    answers = [kari.emit("older_posts", {"before": 10**9}, callback=True) for _ in range(21)]
    assert all(answer["ok"] for answer in answers[:20])  # a burst of 20, then one every 1.5 s
    assert answers[20]["ok"] is False and answers[20]["code"] == "rate_limited"
    assert answers[20]["retry_after"] >= 1 and answers[20]["error"]
