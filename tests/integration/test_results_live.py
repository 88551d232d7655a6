"""The vote's results, live: the facilitators always, the tables and the projector once shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.received import events, send

Connect = Callable[..., Any]
Headers = Callable[[str], dict[str, str]]


def received(socket: Any) -> dict[str, list[Any]]:
    """Every event since the last read, by name (one read: ``events`` would empty the rest)."""
    by_name: dict[str, list[Any]] = {}
    for event in socket.get_received():
        by_name.setdefault(event["name"], []).append(event["args"][0])
    return by_name


def first_question(results: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(p["text"], p["dots"], p["likes"]) for p in results["questions"][0]["posts"]]


@pytest.fixture
def harvest(
    client: Any,
    bearer: Headers,
    host: str,
    running: dict[str, Any],
    seated: Callable[..., Any],
) -> dict[str, Any]:
    """Two inputs at table 1, three dots each, and the harvest started over the API."""
    _, kari = seated(1, "Kari")
    first = send(kari, "Bedre lys", "client-0001")
    second = send(kari, "Flere benker", "client-0002")
    url = f"/api/sessions/{running['id']}"
    patch = client.patch(url, json={"dots_per_participant": 3}, headers=bearer(host))
    assert patch.status_code == 200
    assert client.post(f"{url}/harvest", headers=bearer(host)).status_code == 200
    return {**running, "posts": (first, second)}


def test_votes_update_the_facilitators_results_and_reach_phones_only_once_shown(
    client: Any,
    bearer: Headers,
    host: str,
    harvest: dict[str, Any],
    seated: Callable[..., Any],
    watcher: Any,
) -> None:
    first, second = harvest["posts"]
    _, ola = seated(2)
    _, per = seated(3)
    watcher.get_received()

    ack = ola.emit("vote", {"post_id": second["id"], "add": True}, callback=True)
    assert ack["ok"] is True
    (results,) = events(watcher, "results")
    assert first_question(results) == [("Flere benker", 1, 0)]  # no 0-dot padding
    assert (results["dots_given"], results["voters"], results["show_results"]) == (1, 1, False)
    assert results["questions"][0]["count"] == 2
    assert "results" not in received(per)  # hidden: no running totals steer the room

    response = client.patch(
        f"/api/sessions/{harvest['id']}", json={"show_results": True}, headers=bearer(host)
    )
    assert response.status_code == 200 and response.get_json()["show_results"] is True
    phone = received(per)
    assert phone["settings"][0]["show_results"] is True
    assert phone["results"][0]["show_results"] is True
    assert first_question(phone["results"][0]) == [("Flere benker", 1, 0)]

    per.emit("vote", {"post_id": first["id"], "add": True}, callback=True)
    per.emit("vote", {"post_id": first["id"], "add": True}, callback=True)
    per.emit("like", {"post_id": second["id"], "liked": True}, callback=True)
    latest = received(ola)["results"][-1]
    assert latest == events(watcher, "results")[-1]
    assert first_question(latest) == [("Bedre lys", 2, 0), ("Flere benker", 1, 1)]
    assert (latest["dots_given"], latest["voters"]) == (3, 2)

    hide = f"/api/sessions/{harvest['id']}/posts/{first['id']}/hide"
    assert client.post(hide, headers=bearer(host)).status_code == 200
    after_hide = received(ola)["results"][-1]
    assert first_question(after_hide) == [("Flere benker", 1, 1)]


def test_state_carries_the_results_for_whom_may_see_them(
    client: Any,
    bearer: Headers,
    host: str,
    harvest: dict[str, Any],
    make_participant: Callable[..., Any],
    socket_client: Connect,
) -> None:
    person = make_participant(harvest["join_code"], table=2)

    def state_of(auth: dict[str, Any]) -> dict[str, Any]:
        socket = socket_client(auth=auth)
        (state,) = events(socket, "state")
        socket.disconnect()
        return state

    facilitator = {"token": host, "session": harvest["id"]}
    assert state_of(facilitator)["results"]["show_results"] is False
    assert state_of({"token": person["token"]})["results"] is None
    client.patch(
        f"/api/sessions/{harvest['id']}", json={"show_results": True}, headers=bearer(host)
    )
    phone = state_of({"token": person["token"]})["results"]
    assert [q["count"] for q in phone["questions"]] == [2, 0, 0]


def test_results_switch_and_views_on_the_pages(
    client: Any, auth: Any, harvest: dict[str, Any], english: None
) -> None:
    assert auth.login("host@example.no").status_code == 302
    session_page = client.get(f"/sessions/{harvest['id']}").get_data(as_text=True)
    assert "Show results on the projector and phones" in session_page
    assert 'role="switch" aria-checked="false"' in session_page
    assert "Only you see the results." in session_page
    projector = client.get(f"/sessions/{harvest['id']}/projector").get_data(as_text=True)
    assert '<section class="results" data-results aria-labelledby="results-heading" hidden>' in (
        projector
    )

    page = client.get(f"/sessions/{harvest['id']}")
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        f"/sessions/{harvest['id']}/settings",
        data={"csrf_token": token, "show_results": "on"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200 and response.get_json()["show_results"] is True
    projector = client.get(f"/sessions/{harvest['id']}/projector").get_data(as_text=True)
    assert '<section class="results" data-results aria-labelledby="results-heading" >' in projector
    assert "Vote results" in projector and "Flere benker" in projector
