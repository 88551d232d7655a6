"""Late inputs over the socket and the form: an input written before a phase change arrives
after it, is stored late in its round, and the table, the facilitators and the export see it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.integration.received import events

Connect = Callable[..., Any]
Seat = Callable[..., tuple[dict[str, Any], Any]]
Bearer = Callable[[str], dict[str, str]]


def send(socket: Any, client_id: str, **extra: Any) -> dict[str, Any]:
    body = {"client_id": client_id, "text": "skrevet offline", **extra}
    ack = socket.emit("post", body, callback=True)
    assert isinstance(ack, dict)
    return ack


def test_an_input_of_the_last_round_is_stored_late_and_told_to_the_rooms(
    running: dict[str, Any],
    host: str,
    seated: Seat,
    watcher: Any,
    next_round: Callable[..., Any],
) -> None:
    _writer, phone = seated(2)
    _neighbour, neighbour = seated(2)
    next_round(host, running["id"])
    for socket in (phone, neighbour, watcher):
        socket.get_received()

    ack = send(phone, "late-round-1", round=1)
    assert ack["ok"] is True and ack["duplicate"] is False
    post = ack["post"]
    assert (post["round"], post["table"], post["late"]) == (1, 2, True)
    assert events(neighbour, "post") == [post]
    assert events(watcher, "post") == [post]

    again = send(phone, "late-round-1", round=1)  # the ack was lost: exactly once
    assert again["duplicate"] is True and again["post"]["id"] == post["id"]
    assert events(neighbour, "post") == []

    now = send(phone, "this-round-2", round=2)
    assert (now["post"]["round"], now["post"]["late"]) == (2, False)


def test_after_the_harvest_began_the_written_round_keeps_the_input(
    client: Any, host: str, running: dict[str, Any], seated: Seat, bearer: Bearer
) -> None:
    _writer, phone = seated(1)
    assert (
        client.post(f"/api/sessions/{running['id']}/harvest", headers=bearer(host)).status_code
        == 200
    )

    assert send(phone, "old-client-01")["code"] == "harvest_started"  # no round: as before
    ack = send(phone, "harvest-late-1", round=1)
    assert ack["ok"] is True and ack["post"]["late"] is True

    export = client.get(f"/api/sessions/{running['id']}/export.json", headers=bearer(host))
    (item,) = export.get_json()["tables"][0]["rounds"][0]["inputs"]
    assert (item["text"], item["late"]) == ("skrevet offline", True)
    csv_text = client.get(f"/api/sessions/{running['id']}/export.csv", headers=bearer(host))
    header, row = csv_text.get_data(as_text=True).lstrip("\ufeff").splitlines()[:2]
    assert header.endswith(",Kom sent") and row.endswith(",1")  # a Norwegian export


def test_a_closed_session_or_a_round_to_come_refuses(
    client: Any, host: str, running: dict[str, Any], seated: Seat, bearer: Bearer
) -> None:
    _writer, phone = seated(1)
    future = send(phone, "future-round-2", round=2)
    assert (future["ok"], future["code"]) == (False, "bad_request")
    client.post(f"/api/sessions/{running['id']}/close", headers=bearer(host))
    closed = send(phone, "after-close-01", round=1)
    assert (closed["ok"], closed["code"]) == (False, "session_closed")


def test_the_form_without_javascript_sends_its_round(
    app: Any,
    client: Any,
    host: str,
    cafe: dict[str, Any],
    next_round: Callable[..., Any],
    input_values: Callable[[str], dict[str, list[str]]],
    bearer: Bearer,
) -> None:
    phone = app.test_client()
    code = cafe["join_code"]
    assert phone.post(f"/j/{code}", data={"nickname": "", "table": "1"}).status_code == 302
    next_round(host, cafe["id"])
    fields = input_values(phone.get(f"/j/{code}").get_data(as_text=True))
    assert fields["round"] == ["1"]
    client.post(f"/api/sessions/{cafe['id']}/harvest", headers=bearer(host))
    data = {"client_id": fields["client_id"][0], "text": "skrevet før høsten", "round": "1"}
    assert phone.post(f"/j/{code}/posts", data=data).status_code == 302
    export = client.get(f"/api/sessions/{cafe['id']}/export.json", headers=bearer(host))
    (item,) = export.get_json()["tables"][0]["rounds"][0]["inputs"]
    assert (item["text"], item["late"]) == ("skrevet før høsten", True)
