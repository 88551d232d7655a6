"""Table hosts over HTTP and Socket.IO: host code, on-behalf posts, syntheses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import DEFAULT_TOPICS as TOPICS
from tests.integration.received import events

Connect = Callable[..., Any]


@pytest.fixture
def phone(
    cafe: dict[str, Any], make_participant: Callable[..., Any], socket_client: Connect
) -> Callable[..., tuple[dict[str, Any], Any]]:
    def seat(table: int, nickname: str | None = None) -> tuple[dict[str, Any], Any]:
        person = make_participant(cafe["join_code"], table=table, nickname=nickname)
        socket = socket_client(auth={"token": person["token"]})
        socket.get_received()
        return person, socket

    return seat


def _host_code(socket_client: Connect, host: str, cafe: dict[str, Any]) -> str:
    watcher = socket_client(auth={"token": host, "session": cafe["id"]})
    (state,) = events(watcher, "state")
    watcher.disconnect()
    code: str = state["host_code"]
    return code


def test_become_host_with_the_right_code_tells_the_table_and_facilitators(
    running: dict[str, Any], host: str, phone: Callable[..., Any], socket_client: Connect
) -> None:
    code = _host_code(socket_client, host, running)
    assert len(code) == 7  # domain/codes.py: JOIN_CODE_LENGTH
    kari, kari_socket = phone(2, "Kari")
    _ola, ola_socket = phone(2, "Ola")
    _per, per_socket = phone(3, "Per")
    facilitator = socket_client(auth={"token": host, "session": running["id"]})
    facilitator.get_received()

    wrong = kari_socket.emit("become_host", {"code": "AAAAAA"}, callback=True)
    assert (wrong["ok"], wrong["code"]) == (False, "wrong_host_code")
    assert events(ola_socket, "host") == []

    ack = kari_socket.emit("become_host", {"code": code.lower()}, callback=True)
    expected = {"table": 2, "host": {"id": kari["id"], "nickname": "Kari"}}
    assert ack == {"ok": True, "is_host": True, **expected}
    assert events(ola_socket, "host") == [expected]
    assert events(facilitator, "host") == [expected]
    assert events(per_socket, "host") == []
    kari_socket.disconnect()
    (state,) = events(socket_client(auth={"token": kari["token"]}), "state")
    assert state["is_host"] is True


def test_on_behalf_posts_only_from_hosts(
    running: dict[str, Any],
    host: str,
    phone: Callable[..., Any],
    client: Any,
    bearer: Callable[[str], dict[str, str]],
    auth: Any,
    english: None,
) -> None:
    kari, kari_socket = phone(1, "Kari")
    _ola, ola_socket = phone(1, "Ola")
    body = {"client_id": "behalf-0001", "text": "Mer lys", "on_behalf": True}
    refused = ola_socket.emit("post", {**body, "client_id": "behalf-0002"}, callback=True)
    assert (refused["ok"], refused["code"]) == (False, "not_host")
    assert refused["error"] == "Only the table host can do this."
    response = client.post(
        f"/api/sessions/{running['id']}/tables/1/host",
        json={"participant_id": kari["id"]},
        headers=bearer(host),
    )
    assert response.status_code == 200
    ack = kari_socket.emit("post", {**body, "on_behalf_name": "Anna"}, callback=True)
    assert ack["ok"] is True
    assert (ack["post"]["on_behalf"], ack["post"]["on_behalf_name"]) == (True, "Anna")
    (seen,) = events(ola_socket, "post")
    assert seen["on_behalf"] is True
    auth.login("host@example.no")
    page = client.get(f"/sessions/{running['id']}").get_data(as_text=True)
    assert "written by the host for Anna" in page


def test_host_api_rejects_people_at_other_tables_and_strangers(
    running: dict[str, Any],
    host: str,
    phone: Callable[..., Any],
    client: Any,
    bearer: Callable[[str], dict[str, str]],
) -> None:
    kari, _socket = phone(1)
    url = f"/api/sessions/{running['id']}/tables/2/host"
    response = client.post(url, json={"participant_id": kari["id"]}, headers=bearer(host))
    assert (response.status_code, response.get_json()["code"]) == (409, "not_at_table")
    response = client.post(url, json={"participant_id": 9999}, headers=bearer(host))
    assert (response.status_code, response.get_json()["code"]) == (404, "unknown_participant")
    response = client.post(url, json={"participant_id": kari["id"]})
    assert response.status_code == 401


def test_synthesis_reaches_table_and_facilitators_and_the_next_group(
    running: dict[str, Any],
    host: str,
    phone: Callable[..., Any],
    socket_client: Connect,
    next_round: Callable[..., Any],
    client: Any,
    english: None,
) -> None:
    code = _host_code(socket_client, host, running)
    _kari, kari_socket = phone(3, "Kari")
    ola, ola_socket = phone(3, "Ola")
    _per, per_socket = phone(1, "Per")
    facilitator = socket_client(auth={"token": host, "session": running["id"]})
    facilitator.get_received()

    refused = ola_socket.emit("synthesis", {"text": "Not mine"}, callback=True)
    assert (refused["ok"], refused["code"]) == (False, "not_host")
    assert kari_socket.emit("become_host", {"code": code}, callback=True)["ok"]
    events(ola_socket, "host")
    too_long = kari_socket.emit("synthesis", {"text": "x" * 2001}, callback=True)
    assert (too_long["ok"], too_long["code"]) == (False, "input_too_long")
    ack = kari_socket.emit("synthesis", {"text": "  Trygghet er naboer  "}, callback=True)
    expected = {"table": 3, "round": 1, "text": "Trygghet er naboer"}
    assert ack["ok"] is True
    assert {k: ack["synthesis"][k] for k in expected} == expected
    (seen,) = events(ola_socket, "synthesis")
    assert {k: seen[k] for k in expected} == expected
    (seen,) = events(facilitator, "synthesis")
    assert {k: seen[k] for k in expected} == expected
    assert events(per_socket, "synthesis") == []

    next_round(host, running["id"])
    # Table 3's question goes on to table 2, and what Kari's group said about it goes along.
    newcomer, _socket = phone(2, "Nina")
    (state,) = events(socket_client(auth={"token": newcomer["token"]}), "state")
    assert (state["table"], state["round"]) == (2, 2)
    assert [(s["table"], s["round"], s["text"]) for s in state["syntheses"]] == [
        (3, 1, "Trygghet er naboer")
    ]
    (state,) = events(socket_client(auth={"token": ola["token"]}), "state")
    assert (state["table"], state["syntheses"]) == (3, [])


def test_facilitator_page_shows_host_code_and_make_host_form(
    running: dict[str, Any],
    host: str,
    phone: Callable[..., Any],
    client: Any,
    auth: Any,
    socket_client: Connect,
    english: None,
) -> None:
    kari, kari_socket = phone(2, "Kari")
    auth.login("host@example.no")
    page = client.get(f"/sessions/{running['id']}").get_data(as_text=True)
    assert _host_code(socket_client, host, running) in page
    assert "Make host" in page
    response = client.post(
        f"/sessions/{running['id']}/tables/2/host", data={"participant_id": str(kari["id"])}
    )
    assert response.status_code == 302
    (state,) = events(socket_client(auth={"token": kari["token"]}), "state")
    assert state["is_host"] is True
    page = client.get(f"/sessions/{running['id']}").get_data(as_text=True)
    assert "Host:" in page
    assert kari_socket.emit("synthesis", {"text": "Notat"}, callback=True)["ok"]
    page = client.get(f"/sessions/{running['id']}").get_data(as_text=True)
    assert "Notat" in page


def test_host_sees_host_tools_and_others_do_not(
    running: dict[str, Any], client: Any, english: None, auth: Any, host: str
) -> None:
    join = client.post(f"/j/{running['join_code']}", data={"nickname": "Kari", "table": "1"})
    assert join.status_code == 302
    page = client.get(f"/j/{running['join_code']}").get_data(as_text=True)
    assert 'data-host-tools aria-labelledby="host-tools-heading" hidden' in page
    assert "I am the table host" in page


def test_the_synthesis_goes_with_its_question_to_the_next_group(
    running: dict[str, Any],
    host: str,
    phone: Callable[..., Any],
    socket_client: Connect,
    next_round: Callable[..., Any],
    client: Any,
    english: None,
) -> None:
    # Table 1's question 1 goes to table 3 in round 2 (each table gets the next question).
    code = _host_code(socket_client, host, running)
    _kari, kari_socket = phone(1, "Kari")
    _per, per_socket = phone(3, "Per")
    assert kari_socket.emit("become_host", {"code": code}, callback=True)["ok"]
    saved = kari_socket.emit("synthesis", {"text": "Lys i trappene"}, callback=True)
    assert (saved["synthesis"]["question"], saved["synthesis"]["topic"]) == (0, TOPICS[0])
    join = client.post(f"/j/{running['join_code']}", data={"nickname": "Nina", "table": "3"})
    assert join.status_code == 302
    page = client.get(f"/j/{running['join_code']}").get_data(as_text=True)
    assert 'data-syntheses aria-labelledby="syntheses-heading" hidden' in page  # same round
    kari_socket.get_received()
    next_round(host, running["id"])
    page = client.get(f"/j/{running['join_code']}").get_data(as_text=True)
    assert "What the previous group said about this question" in page
    assert "Lys i trappene" in page
    assert 'data-syntheses aria-labelledby="syntheses-heading" hidden' not in page
    (round_three,) = events(per_socket, "round")
    assert [s["text"] for s in round_three["syntheses"]] == ["Lys i trappene"]
    (round_one,) = events(kari_socket, "round")  # table 1 has question 2 now
    assert round_one["topic"] == TOPICS[1] and round_one["syntheses"] == []


def test_in_the_harvest_a_synthesis_reaches_every_table_and_not_before(
    running: dict[str, Any],
    host: str,
    phone: Callable[..., Any],
    socket_client: Connect,
    client: Any,
    bearer: Callable[[str], dict[str, str]],
) -> None:
    code = _host_code(socket_client, host, running)
    _kari, kari_socket = phone(3, "Kari")
    _per, per_socket = phone(1, "Per")
    facilitator = socket_client(auth={"token": host, "session": running["id"]})
    assert kari_socket.emit("become_host", {"code": code}, callback=True)["ok"]

    # During the rounds the synthesis stays at its table: table 1 must not see it early.
    assert kari_socket.emit("synthesis", {"text": "Naboer først"}, callback=True)["ok"]
    assert events(per_socket, "synthesis") == []
    assert [s["text"] for s in events(facilitator, "synthesis")] == ["Naboer først"]

    response = client.post(f"/api/sessions/{running['id']}/harvest", headers=bearer(host))
    assert response.status_code == 200
    for socket in (per_socket, facilitator):
        socket.get_received()
    ack = kari_socket.emit("synthesis", {"text": "Naboer og lys"}, callback=True)
    assert ack["ok"] is True
    expected = {"table": 3, "round": 1, "question": 2, "text": "Naboer og lys"}
    (seen,) = events(per_socket, "synthesis")  # a phone at another table, in the harvest
    assert {k: seen[k] for k in expected} == expected
    (seen,) = events(facilitator, "synthesis")  # and so the projector
    assert {k: seen[k] for k in expected} == expected
