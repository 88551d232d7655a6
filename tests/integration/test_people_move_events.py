"""People move over Socket.IO: ``move`` reaches exactly the movers; reconnecting seats them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.received import events

Connect = Callable[..., Any]
TOPICS = [
    "What makes a home feel safe?",
    "What help do you need to keep your home?",
    "How should we involve residents?",
]


@pytest.fixture
def people_cafe(host: str, make_session: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    return make_session(host, rotation="people", tables=3, rounds=3)


@pytest.fixture
def table_of_people(
    people_cafe: dict[str, Any], make_participant: Callable[..., Any], socket_client: Connect
) -> list[tuple[dict[str, Any], Any]]:
    """Nine people, three per table, each with a connected phone (received events cleared)."""
    seated = []
    for table in (1, 2, 3):
        for n in range(3):
            person = make_participant(
                people_cafe["join_code"], table=table, nickname=f"P{table}{n}"
            )
            socket = socket_client(auth={"token": person["token"]})
            socket.get_received()
            seated.append((person, socket))
    return seated


def test_round_change_sends_move_only_to_the_people_who_moved(
    people_cafe: dict[str, Any],
    host: str,
    next_round: Callable[..., Any],
    table_of_people: list[tuple[dict[str, Any], Any]],
    socket_client: Connect,
    client: Any,
    bearer: Callable[[str], dict[str, str]],
) -> None:
    sid = people_cafe["id"]
    hosts = {t: table_of_people[(t - 1) * 3][0] for t in (1, 2, 3)}
    for table, person in hosts.items():
        response = client.post(
            f"/api/sessions/{sid}/tables/{table}/host",
            json={"participant_id": person["id"]},
            headers=bearer(host),
        )
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["host"]["id"] == person["id"]
    first = next_round(host, sid)
    assert (first["moved"], first["repeat_encounters"]) == (0, 0)
    for _person, socket in table_of_people:
        assert events(socket, "move") == []
    facilitator = socket_client(auth={"token": host, "session": sid})
    facilitator.get_received()

    overview = next_round(host, sid)

    moved = {}
    for person, socket in table_of_people:
        received = events(socket, "move")
        if received:
            (move,) = received
            moved[person["id"]] = move
    assert overview["moved"] == len(moved) == 6  # everybody but the three hosts
    assert overview["repeat_encounters"] == 0  # three movers of three tables can all mix
    assert not set(moved) & {p["id"] for p in hosts.values()}
    for move in moved.values():
        assert move["round"] == 2
        assert move["topic"] == TOPICS[move["table"] - 1]  # the question stays with the table
    (round_overview,) = events(facilitator, "round")
    assert (round_overview["moved"], round_overview["repeat_encounters"]) == (6, 0)

    # Reconnecting puts the phone in the new table's room and state.
    person, socket = next(pair for pair in table_of_people if pair[0]["id"] in moved)
    new_table = moved[person["id"]]["table"]
    assert new_table != person["table"]
    socket.disconnect()
    again = socket_client(auth={"token": person["token"]})
    (state,) = events(again, "state")
    assert (state["table"], state["topic"], state["round"]) == (new_table, TOPICS[new_table - 1], 2)
    # ... and it now hears its new table's posts.
    host_socket = socket_client(auth={"token": hosts[new_table]["token"]})
    host_socket.get_received()
    ack = host_socket.emit(
        "post", {"client_id": "host-post-001", "text": "Velkommen"}, callback=True
    )
    assert ack["ok"] and ack["post"]["table"] == new_table
    assert [p["text"] for p in events(again, "post")] == ["Velkommen"]


def test_stay_seated_from_the_join_form_and_the_phone(
    people_cafe: dict[str, Any],
    client: Any,
    make_participant: Callable[..., Any],
    socket_client: Connect,
) -> None:
    response = client.post(
        f"/j/{people_cafe['join_code']}",
        data={"nickname": "Eva", "table": "2", "stay_seated": "on"},
    )
    assert response.status_code == 302
    page = client.get(f"/j/{people_cafe['join_code']}?lang=en").get_data(as_text=True)
    assert "I stay at my table" in page
    person = make_participant(people_cafe["join_code"], table=1)
    socket = socket_client(auth={"token": person["token"]})
    (state,) = events(socket, "state")
    assert state["stay_seated"] is False
    assert socket.emit("stay_seated", {"value": True}, callback=True) == {
        "ok": True,
        "stay_seated": True,
    }
    bad = socket.emit("stay_seated", {"value": "yes"}, callback=True)
    assert (bad["ok"], bad["code"]) == (False, "invalid_field")
    socket.disconnect()
    (state,) = events(socket_client(auth={"token": person["token"]}), "state")
    assert state["stay_seated"] is True


def test_join_page_offers_stay_seated_and_new_session_offers_people_move(
    client: Any, people_cafe: dict[str, Any], auth: Any, english: None
) -> None:
    page = client.get(f"/j/{people_cafe['join_code']}").get_data(as_text=True)
    assert 'name="stay_seated"' in page
    assert "I stay at my table (for example because moving is hard)" in page
    auth.login("host@example.no")
    form = client.get("/sessions/new").get_data(as_text=True)
    assert 'value="people"' in form and "People move" in form


def test_api_join_accepts_stay_seated(client: Any, people_cafe: dict[str, Any]) -> None:
    response = client.post(f"/api/join/{people_cafe['join_code']}", json={"stay_seated": True})
    assert response.status_code == 201
    participant = response.get_json()["participant"]
    assert (participant["stay_seated"], participant["hosted_table"]) == (True, None)
    assert "host_code" not in response.get_json()["session"]
