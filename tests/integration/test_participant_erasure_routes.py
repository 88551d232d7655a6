"""One participant's access and erasure requests through the pages, the API and live events."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import DEFAULT_PASSWORD
from tests.integration.received import events

Headers = Callable[[str], dict[str, str]]

_counter = iter(range(1, 10_000))


def send(socket: Any, text: str) -> dict[str, Any]:
    ack = socket.emit(
        "post", {"client_id": f"erase-{next(_counter):05d}", "text": text}, callback=True
    )
    assert isinstance(ack, dict) and ack["ok"], ack
    return ack["post"]


def _person_url(cafe: dict[str, Any], person: dict[str, Any], tail: str) -> str:
    return f"/sessions/{cafe['id']}/participants/{person['id']}/{tail}"


def test_erasing_from_the_moderation_page_drops_the_inputs_everywhere_and_logs_it(
    app: Any,
    client: Any,
    auth: Any,
    bearer: Headers,
    host: str,
    running: dict[str, Any],
    seated: Any,
    watcher: Any,
    english: None,
) -> None:
    kari, kari_socket = seated(1, "Kari")
    _, neighbour = seated(1)
    mine = [send(kari_socket, "Naboen i 3. etasje bråker"), send(kari_socket, "Mer lys")]
    theirs = send(neighbour, "Benker i parken")
    # The files under the data dir are written at the round change and on download.
    assert (
        client.get(f"/api/sessions/{running['id']}/export.md", headers=bearer(host)).status_code
        == 200
    )
    for socket in (kari_socket, neighbour, watcher):
        socket.get_received()

    assert auth.login("host@example.no").status_code == 302
    page = client.get(f"/sessions/{running['id']}/moderation?participant={kari['id']}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Inputs by one person" in text and "Kari" in text
    assert "Mer lys" in text and "Benker i parken" not in text
    assert _person_url(running, kari, "erase") in text
    everyone = client.get(f"/sessions/{running['id']}/moderation").get_data(as_text=True)
    assert f"participant={kari['id']}" in everyone  # "All inputs by this person" on each input

    done = client.post(_person_url(running, kari, "erase"))
    assert done.status_code == 302
    assert "2 inputs were deleted for good." in client.get(done.location).get_data(as_text=True)

    erased = {post["id"] for post in mine}
    for socket in (neighbour, watcher):
        dropped = events(socket, "hide")
        assert {hide["id"] for hide in dropped} == erased
        assert all(set(hide) == {"id", "table", "seq"} for hide in dropped)  # no text goes out
    statuses = [e["args"][0] for e in kari_socket.get_received() if e["name"] == "post_status"]
    assert {s["id"] for s in statuses} == erased and "text" not in statuses[0]

    summary = client.get(f"/api/sessions/{running['id']}/export.md", headers=bearer(host))
    assert "Mer lys" not in summary.get_data(as_text=True)
    assert "Benker i parken" in summary.get_data(as_text=True)
    folder = Path(app.config["DATA_DIR"]) / running["join_code"]
    for path in folder.iterdir():
        assert b"Mer lys" not in path.read_bytes(), path
    assert theirs["id"] not in erased

    log = client.get(f"/api/sessions/{running['id']}/moderation.csv?lang=en", headers=bearer(host))
    rows = list(csv.reader(io.StringIO(log.get_data(as_text=True))))
    (entry,) = rows[1:]
    assert entry[1:4] == ["", "", ""] and entry[5:7] == ["", ""]
    assert entry[4].lower() == "erased"
    assert entry[7:] == ["host@example.no", "2"]
    assert "lys" not in log.get_data(as_text=True)


def test_the_access_request_downloads_one_persons_data_as_json(
    client: Any, auth: Any, bearer: Headers, host: str, running: dict[str, Any], seated: Any
) -> None:
    kari, kari_socket = seated(2, "Kari")
    _, other = seated(2, "Per")
    send(kari_socket, "Flere benker")
    send(other, "Noe annet")
    url = f"/api/sessions/{running['id']}/participants/{kari['id']}/data.json"
    response = client.get(url, headers=bearer(host))
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.get_data(as_text=True))
    assert document["participant"]["nickname"] == "Kari"
    assert [item["text"] for item in document["inputs"]] == ["Flere benker"]
    assert "Per" not in response.get_data(as_text=True)
    assert auth.login("host@example.no").status_code == 302
    assert client.get(url).status_code == 200  # the page's link carries the login cookie
    missing = f"/api/sessions/{running['id']}/participants/999999/data.json"
    assert client.get(missing).status_code == 404


def test_only_the_owner_and_co_facilitators_may_erase_or_read_a_person(
    client: Any,
    bearer: Headers,
    host: str,
    running: dict[str, Any],
    seated: Any,
    make_facilitator: Callable[..., tuple[int, str]],
) -> None:
    kari, kari_socket = seated(1)
    send(kari_socket, "Hei")
    _, co = make_facilitator("co@example.no")
    _, reader = make_facilitator("reader@example.no")
    _, stranger = make_facilitator("stranger@example.no")
    members = f"/api/sessions/{running['id']}/members"
    for email, role in (("co@example.no", "co_facilitator"), ("reader@example.no", "reader")):
        added = client.post(members, json={"email": email, "role": role}, headers=bearer(host))
        assert added.status_code == 201
    base = f"/api/sessions/{running['id']}/participants/{kari['id']}"

    assert client.get(f"{base}/data.json", headers=bearer(reader)).status_code == 403
    assert client.post(f"{base}/erase", headers=bearer(reader)).status_code == 403
    assert client.post(f"{base}/erase", headers=bearer(stranger)).status_code == 404
    assert client.post(f"{base}/erase").status_code == 401
    client.post("/login", data={"email": "reader@example.no", "password": DEFAULT_PASSWORD})
    assert client.post(_person_url(running, kari, "erase")).status_code == 403
    page = client.get(f"/sessions/{running['id']}/moderation?participant={kari['id']}")
    assert page.status_code == 200 and "/erase" not in page.get_data(as_text=True)

    done = client.post(f"{base}/erase", headers=bearer(co))
    assert done.status_code == 200
    assert (done.get_json()["erased"], done.get_json()["participant"]) == (1, kari["id"])
    again = client.post(f"{base}/erase", headers=bearer(co))  # nothing left: still logged
    assert again.get_json()["erased"] == 0


def test_the_erase_form_needs_the_csrf_token(
    csrf_app: Any, input_values: Callable[[str], dict[str, list[str]]]
) -> None:
    browser = csrf_app.test_client()
    runner = csrf_app.test_cli_runner()
    runner.invoke(args=["facilitator", "create", "kari@example.no", "--password", DEFAULT_PASSWORD])
    login = {"email": "kari@example.no", "password": DEFAULT_PASSWORD}
    token = browser.post("/api/auth/token", json=login).get_json()["token"]
    plan = {"title": "Kafé", "tables": 2, "topics": ["Ett", "To"], "rounds": 2, "round_minutes": 10}
    cafe = browser.post("/api/sessions", json=plan, headers={"Authorization": f"Bearer {token}"})
    person = browser.post(f"/api/join/{cafe.get_json()['join_code']}", json={}).get_json()
    csrf = input_values(browser.get("/login").get_data(as_text=True))["csrf_token"][0]
    assert browser.post("/login", data={**login, "csrf_token": csrf}).status_code == 302
    url = _person_url(cafe.get_json(), person["participant"], "erase")
    assert browser.post(url).status_code == 400
    assert browser.post(url, data={"csrf_token": csrf}).status_code == 302
