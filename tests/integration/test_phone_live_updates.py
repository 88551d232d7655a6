"""What phones hear live beyond their own table: other tables' inputs (while the phone has
them open, ``watch_others``, and the café shows them; after approval when approve-first is
on) and the facilitator's message, which a round change, the harvest and the close take down."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from tests.integration.received import events

Bearer = Callable[[str], dict[str, str]]
Seat = Callable[..., tuple[dict[str, Any], Any]]

_counter = iter(range(1, 10_000))


def send(socket: Any, text: str) -> dict[str, Any]:
    body = {"client_id": f"live-{next(_counter):05d}", "text": text}
    ack = socket.emit("post", body, callback=True)
    assert isinstance(ack, dict) and ack["ok"], ack
    post: dict[str, Any] = ack["post"]
    return post


def patch(client: Any, bearer: Bearer, host: str, session_id: int, body: dict[str, Any]) -> None:
    response = client.patch(f"/api/sessions/{session_id}", json=body, headers=bearer(host))
    assert response.status_code == 200, response.get_json()


def watch(socket: Any, on: bool = True) -> bool:
    ack = socket.emit("watch_others", {"watch": on}, callback=True)
    assert isinstance(ack, dict) and ack["ok"], ack
    return bool(ack["watching"])


def test_a_phone_hears_other_tables_while_it_watches_them(
    running: dict[str, Any], seated: Seat
) -> None:
    _, author = seated(1)
    _, neighbour = seated(1)
    _, elsewhere = seated(2)
    _, not_looking = seated(3)
    assert watch(elsewhere) and watch(neighbour)  # a tablemate watching hears it once
    post = send(author, "Mer lys i trappa")
    assert [p["id"] for p in events(neighbour, "post")] == [post["id"]]
    (seen,) = events(elsewhere, "post")
    assert (seen["id"], seen["table"]) == (post["id"], 1)
    assert "participant_id" not in seen and "token" not in seen  # anonymous as before
    assert events(author, "post") == []  # the author has it in the ack
    assert events(not_looking, "post") == []  # a full hall's inputs reach only who looks
    assert not watch(elsewhere, on=False)
    send(author, "Og benker")
    assert events(elsewhere, "post") == []


def test_watch_others_is_checked(running: dict[str, Any], seated: Seat, watcher: Any) -> None:
    _, phone = seated(1)
    for bad in ({"watch": "yes"}, {}, [], "x"):
        ack = phone.emit("watch_others", bad, callback=True)
        assert ack["ok"] is False and ack["code"] in {"invalid_field", "bad_request"}, ack
    refused = watcher.emit("watch_others", {"watch": True}, callback=True)
    assert refused["ok"] is False and refused["code"] == "forbidden"


def test_hidden_until_the_harvest_keeps_other_tables_out(
    client: Any, bearer: Bearer, host: str, running: dict[str, Any], seated: Seat
) -> None:
    patch(client, bearer, host, running["id"], {"hide_other_tables": True})
    _, author = seated(1)
    _, neighbour = seated(1)
    _, elsewhere = seated(2)
    assert not watch(elsewhere)  # refused while hidden
    post = send(author, "Bare for bordet")
    assert [p["id"] for p in events(neighbour, "post")] == [post["id"]]
    assert events(elsewhere, "post") == []


def test_approve_first_shows_other_tables_only_the_approved_input(
    client: Any, bearer: Bearer, host: str, running: dict[str, Any], seated: Seat, watcher: Any
) -> None:
    patch(client, bearer, host, running["id"], {"approve_first": True})
    _, author = seated(1)
    _, elsewhere = seated(2)
    assert watch(elsewhere)
    watcher.get_received()
    post = send(author, "Venter på godkjenning")
    assert post["status"] == "pending"
    assert events(elsewhere, "post") == []
    assert [p["id"] for p in events(watcher, "post_pending")] == [post["id"]]

    url = f"/api/sessions/{running['id']}/posts/{post['id']}/approve"
    assert client.post(url, headers=bearer(host)).status_code == 200
    (shown,) = events(elsewhere, "post")
    assert (shown["id"], shown["status"]) == (post["id"], "visible")


def test_approved_input_stays_at_its_table_while_others_are_hidden(
    client: Any, bearer: Bearer, host: str, running: dict[str, Any], seated: Seat
) -> None:
    patch(client, bearer, host, running["id"], {"approve_first": True, "hide_other_tables": True})
    _, author = seated(1)
    _, neighbour = seated(1)
    _, elsewhere = seated(2)
    watch(elsewhere)
    post = send(author, "Godkjent, men bare her")
    url = f"/api/sessions/{running['id']}/posts/{post['id']}/approve"
    assert client.post(url, headers=bearer(host)).status_code == 200
    assert [p["id"] for p in events(neighbour, "post")] == [post["id"]]
    assert events(elsewhere, "post") == []


def broadcast(client: Any, bearer: Bearer, host: str, session_id: int, text: str) -> Any:
    url = f"/api/sessions/{session_id}/broadcast"
    response = client.post(url, json={"text": text}, headers=bearer(host))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_new_round_harvest_and_close_take_the_message_down(
    client: Any,
    bearer: Bearer,
    host: str,
    running: dict[str, Any],
    seated: Seat,
    watcher: Any,
    next_round: Callable[..., Any],
) -> None:
    session_id = running["id"]
    _, phone = seated(2)
    steps = [
        lambda: next_round(host, session_id),
        lambda: client.post(f"/api/sessions/{session_id}/harvest", headers=bearer(host)),
        lambda: client.post(f"/api/sessions/{session_id}/close", headers=bearer(host)),
    ]
    for step in steps:
        broadcast(client, bearer, host, session_id, "Kaffe i gangen")
        phone.get_received()
        watcher.get_received()
        step()
        for socket in (phone, watcher):
            (cleared,) = events(socket, "broadcast")
            assert (cleared["text"], cleared["at"]) == ("", None)


def test_a_round_change_without_a_message_sends_no_broadcast(
    host: str, running: dict[str, Any], seated: Seat, next_round: Callable[..., Any]
) -> None:
    _, phone = seated(1)
    next_round(host, running["id"])
    assert events(phone, "broadcast") == []


# --- the table page: the host QR's code, the phase, one's own inputs ----------------------


def page_data(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page, re.S)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def test_the_host_qr_code_goes_through_the_join_form_to_the_table_page(
    app: Any, cafe: dict[str, Any]
) -> None:
    phone = app.test_client()
    code = cafe["join_code"]
    joined = phone.post(f"/j/{code}?host=ab-c9%3Cx", data={"nickname": "", "table": "1"})
    assert joined.status_code == 302
    assert joined.headers["Location"] == f"/j/{code}?host=ABC9X"  # only a code's letters
    page = phone.get(joined.headers["Location"]).get_data(as_text=True)
    assert page_data(page)["host_code"] == "ABC9X"
    plain = phone.get(f"/j/{code}").get_data(as_text=True)
    assert "host_code" not in page_data(plain)
    long = phone.get(f"/j/{code}?host={'A' * 500}").get_data(as_text=True)
    assert page_data(long)["host_code"] == "A" * 12


def test_the_table_page_names_its_phase_and_the_phones_own_inputs(
    app: Any,
    client: Any,
    cafe: dict[str, Any],
    host: str,
    bearer: Bearer,
    socket_client: Any,
    seated: Seat,
) -> None:
    phone = app.test_client()
    code = cafe["join_code"]
    phone.post(f"/j/{code}", data={"nickname": "", "table": "1"})
    assert 'data-phase="waiting"' in phone.get(f"/j/{code}").get_data(as_text=True)
    client.post(f"/api/sessions/{cafe['id']}/rounds/next", headers=bearer(host))
    page = phone.get(f"/j/{code}").get_data(as_text=True)
    assert 'data-phase="round"' in page
    socket = socket_client(auth={"token": page_data(page)["token"]}, flask_test_client=phone)
    socket.get_received()
    mine = send(socket, "Mitt eget")
    _, neighbour = seated(1)
    send(neighbour, "Naboens")
    data = page_data(phone.get(f"/j/{code}").get_data(as_text=True))
    assert data["mine"] == [mine["id"]] and len(data["posts"]) == 2
    client.post(f"/api/sessions/{cafe['id']}/close", headers=bearer(host))
    assert 'data-phase="closed"' in phone.get(f"/j/{code}").get_data(as_text=True)
