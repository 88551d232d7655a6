"""Moderation end to end through Flask and Socket.IO test clients: API, pages and live events."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

from tests.integration.received import events, names

Connect = Callable[..., Any]
Headers = Callable[[str], dict[str, str]]


_counter = iter(range(1, 10_000))


def send(socket: Any, text: str) -> dict[str, Any]:
    ack = socket.emit(
        "post", {"client_id": f"client-{next(_counter):05d}", "text": text}, callback=True
    )
    assert isinstance(ack, dict) and ack["ok"], ack
    return ack


def api(client: Any, bearer: Headers, host: str, method: str, url: str, body: Any = None) -> Any:
    return client.open(url, method=method, json=body, headers=bearer(host))


def test_hidden_post_disappears_for_table_and_facilitators(
    client: Any, bearer: Headers, host: str, running: dict[str, Any], seated: Any, watcher: Any
) -> None:
    _, author_socket = seated(1, "Kari")
    _, neighbour = seated(1)
    _, elsewhere = seated(2)
    _, not_looking = seated(3)
    assert elsewhere.emit("watch_others", {"watch": True}, callback=True)["watching"]
    post = send(author_socket, "Noe som må bort")["post"]
    assert post["status"] == "visible"
    assert [p["id"] for p in events(neighbour, "post")] == [post["id"]]
    watcher.get_received()

    response = api(
        client,
        bearer,
        host,
        "POST",
        f"/api/sessions/{running['id']}/posts/{post['id']}/hide",
        {"reason": "Personangrep"},
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["previous"], body["post"]["status"]) == ("visible", "hidden")
    assert body["post"]["hidden_reason"] == "Personangrep"

    hide = {"id": post["id"], "table": 1, "seq": body["post"]["seq"]}
    assert body["post"]["seq"] > post["seq"]  # the hide is a newer change of the post
    assert events(neighbour, "hide") == [hide]
    assert events(watcher, "hide") == [hide]
    assert events(elsewhere, "hide") == [hide]  # any screen showing other tables drops it too
    assert events(not_looking, "hide") == []  # a phone that never had it hears nothing
    received = author_socket.get_received()
    assert [e["args"][0] for e in received if e["name"] == "hide"] == [hide]
    (status,) = [e["args"][0] for e in received if e["name"] == "post_status"]
    assert (status["id"], status["status"]) == (post["id"], "hidden")

    # Reconnecting screens and the summary no longer have it.
    again = api(client, bearer, host, "GET", f"/api/sessions/{running['id']}/export.md")
    assert "Noe som må bort" not in again.get_data(as_text=True)

    unhide = api(
        client, bearer, host, "POST", f"/api/sessions/{running['id']}/posts/{post['id']}/unhide"
    )
    assert unhide.status_code == 200
    (shown,) = events(neighbour, "post")
    assert (shown["id"], shown["status"]) == (post["id"], "visible")
    assert [p["id"] for p in events(watcher, "post")] == [post["id"]]


def test_approve_first_holds_posts_back_until_approved(
    client: Any, bearer: Headers, host: str, running: dict[str, Any], seated: Any, watcher: Any
) -> None:
    response = api(
        client, bearer, host, "PATCH", f"/api/sessions/{running['id']}", {"approve_first": True}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["approve_first"] is True
    assert events(watcher, "settings") == [
        {
            "approve_first": True,
            "hide_other_tables": False,
            "dots_per_participant": 0,
            "show_results": False,
        }
    ]

    _, author_socket = seated(1, "Kari")
    _, neighbour = seated(1)
    ack = send(author_socket, "Vent på meg")
    assert ack["post"]["status"] == "pending"
    assert "post" not in names(neighbour)
    received = [e for e in watcher.get_received() if e["name"] in ("post", "post_pending")]
    assert [e["name"] for e in received] == ["post_pending"]
    assert received[0]["args"][0]["id"] == ack["post"]["id"]

    # It waits in the facilitator's queue.
    queue = client.get(f"/api/sessions/{running['id']}/posts?status=pending", headers=bearer(host))
    assert [p["text"] for p in queue.get_json()["posts"]] == ["Vent på meg"]

    approve = api(
        client,
        bearer,
        host,
        "POST",
        f"/api/sessions/{running['id']}/posts/{ack['post']['id']}/approve",
    )
    assert approve.status_code == 200
    (arrived,) = events(neighbour, "post")
    assert (arrived["text"], arrived["status"]) == ("Vent på meg", "visible")
    assert [p["id"] for p in events(watcher, "post")] == [ack["post"]["id"]]
    (status,) = events(author_socket, "post_status")
    assert status["status"] == "visible"

    again = api(
        client,
        bearer,
        host,
        "POST",
        f"/api/sessions/{running['id']}/posts/{ack['post']['id']}/approve",
    )
    assert again.status_code == 409
    assert again.get_json()["code"] == "moderation_conflict"


def test_state_snapshots_show_own_pending_posts_only_to_the_author(
    client: Any,
    bearer: Headers,
    host: str,
    running: dict[str, Any],
    seated: Any,
    socket_client: Connect,
) -> None:
    api(client, bearer, host, "PATCH", f"/api/sessions/{running['id']}", {"approve_first": True})
    author, author_socket = seated(1)
    neighbour, _ = seated(1)
    send(author_socket, "Min ventende")
    author_again = socket_client(auth={"token": author["token"]})
    (state,) = events(author_again, "state")
    assert [(p["text"], p["status"]) for p in state["posts"]] == [("Min ventende", "pending")]
    neighbour_again = socket_client(auth={"token": neighbour["token"]})
    (state,) = events(neighbour_again, "state")
    assert state["posts"] == []
    watcher = socket_client(auth={"token": host, "session": running["id"]})
    (state,) = events(watcher, "state")
    assert all(table["posts"] == [] for table in state["tables"])


def test_patch_session_validates_the_settings(
    client: Any, bearer: Headers, host: str, running: dict[str, Any], make_facilitator: Any
) -> None:
    url = f"/api/sessions/{running['id']}"
    for body, field in [
        ({"approve_first": "yes"}, "approve_first"),
        ({"hide_other_tables": 1}, "hide_other_tables"),
        ({"dots_per_participant": 99}, "dots_per_participant"),
        ({"dots_per_participant": False}, "dots_per_participant"),
        ({"title": "new"}, "title"),
    ]:
        response = api(client, bearer, host, "PATCH", url, body)
        assert response.status_code == 400, body
        assert response.get_json()["field"] == field
    assert api(client, bearer, host, "PATCH", url, {}).status_code == 400
    assert client.patch(url, json={"approve_first": True}).status_code == 401
    _, other = make_facilitator("other@example.no")
    assert api(client, bearer, other, "PATCH", url, {"approve_first": True}).status_code == 404

    response = api(
        client, bearer, host, "PATCH", url, {"hide_other_tables": True, "dots_per_participant": 5}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["approve_first"], body["hide_other_tables"], body["dots_per_participant"]) == (
        False,
        True,
        5,
    )
    assert body["id"] == running["id"]


def test_moderation_api_checks_owner_post_and_action(
    client: Any,
    bearer: Headers,
    host: str,
    running: dict[str, Any],
    seated: Any,
    make_facilitator: Any,
    make_session: Any,
) -> None:
    _, socket = seated(1)
    post = send(socket, "Hei")["post"]
    base = f"/api/sessions/{running['id']}/posts/{post['id']}"
    assert client.post(f"{base}/hide").status_code == 401
    _, other = make_facilitator("other@example.no")
    assert api(client, bearer, other, "POST", f"{base}/hide").status_code == 404
    foreign = make_session(other)
    assert (
        api(
            client, bearer, other, "POST", f"/api/sessions/{foreign['id']}/posts/{post['id']}/hide"
        ).status_code
        == 404
    )
    assert api(client, bearer, host, "POST", f"{base}/delete").status_code == 400
    too_long = api(client, bearer, host, "POST", f"{base}/hide", {"reason": "x" * 501})
    assert (too_long.status_code, too_long.get_json()["field"]) == (400, "reason")
    assert (
        api(client, bearer, host, "POST", f"{base}/hide").status_code == 200
    )  # no body: no reason
    assert api(client, bearer, host, "POST", f"{base}/hide").status_code == 409


def test_list_posts_filters_and_searches(
    client: Any,
    bearer: Headers,
    host: str,
    running: dict[str, Any],
    seated: Any,
    next_round: Any,
) -> None:
    _, one = seated(1)
    _, two = seated(2)
    first = send(one, "Trygghet i BOLIGEN")["post"]
    second = send(two, "Naboskap")["post"]
    next_round(host, running["id"])
    third = send(one, "Mer om bolig")["post"]
    api(client, bearer, host, "POST", f"/api/sessions/{running['id']}/posts/{second['id']}/hide")

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/sessions/{running['id']}/posts?{query}", headers=bearer(host))
        assert response.status_code == 200, response.get_json()
        return [p["id"] for p in response.get_json()["posts"]]

    assert ids("") == [third["id"], second["id"], first["id"]]
    assert ids("table=1") == [third["id"], first["id"]]
    assert ids("round=1") == [second["id"], first["id"]]
    assert ids("status=hidden") == [second["id"]]
    assert ids("q=bolig") == [third["id"], first["id"]]
    assert ids("table=1&round=2&status=visible&q=BOLIG") == [third["id"]]
    assert ids("limit=1") == [third["id"]]
    page = client.get(
        f"/api/sessions/{running['id']}/posts?limit=2", headers=bearer(host)
    ).get_json()
    assert page["more"] is True
    assert page["counts"] == {"visible": 2, "pending": 0, "hidden": 1}
    bad = client.get(f"/api/sessions/{running['id']}/posts?status=gone", headers=bearer(host))
    assert (bad.status_code, bad.get_json()["field"]) == (400, "status")
    assert client.get(f"/api/sessions/{running['id']}/posts").status_code == 401


def test_moderation_log_csv(
    client: Any, bearer: Headers, host: str, running: dict[str, Any], seated: Any, english: None
) -> None:
    _, socket = seated(2)
    post = send(socket, "Reklame for noe")["post"]
    base = f"/api/sessions/{running['id']}/posts/{post['id']}"
    api(client, bearer, host, "POST", f"{base}/hide", {"reason": "Reklame"})
    api(client, bearer, host, "POST", f"{base}/unhide")
    response = client.get(
        f"/api/sessions/{running['id']}/moderation.csv?lang=en", headers=bearer(host)
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:7] == ["Time", "Input id", "Table", "Round", "Action", "Reason", "Input"]
    assert [row[1:7] for row in rows[1:]] == [
        [str(post["id"]), "2", "1", "Hidden", "Reklame", "Reklame for noe"],
        [str(post["id"]), "2", "1", "Shown again", "", "Reklame for noe"],
    ]
    assert [row[7:] for row in rows[1:]] == [["", ""], ["", ""]]  # who erased, how many
    log_url = f"/api/sessions/{running['id']}/moderation.csv?lang=nb"
    norwegian = client.get(log_url, headers=bearer(host))
    rows = list(csv.reader(io.StringIO(norwegian.get_data(as_text=True))))
    assert rows[0][:7] == [
        *["Tidspunkt", "Innspill-ID", "Bord", "Runde", "Handling", "Grunn", "Innspill"]
    ]
    assert [row[4] for row in rows[1:]] == ["Skjult", "Vist igjen"]
    assert rows[1][0].endswith("Z")
    assert client.get(f"/api/sessions/{running['id']}/moderation.csv").status_code == 401


def _page_data(page: str, element_id: str) -> Any:
    match = re.search(
        rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.S
    )
    assert match is not None, element_id
    return json.loads(match.group(1))


def test_moderation_page_needs_login_and_lists_inputs(
    client: Any, auth: Any, host: str, running: dict[str, Any], seated: Any, english: None
) -> None:
    url = f"/sessions/{running['id']}/moderation"
    assert client.get(url).status_code == 302
    _, socket = seated(3, "Ola")
    send(socket, "Et <b>innspill</b>")
    auth.login("host@example.no")
    session_page = client.get(f"/sessions/{running['id']}").get_data(as_text=True)
    assert f'href="{url}"' in session_page
    assert "Turn approve first on" in session_page
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Et &lt;b&gt;innspill&lt;/b&gt;" in html
    assert "Download moderation log (CSV)" in html
    assert _page_data(html, "page-data")["posts"][0]["nickname"] == "Ola"
    assert _page_data(html, "moderation-data")["actions"] == f"/sessions/{running['id']}/posts/"
    filtered = client.get(f"{url}?table=1&q=innspill").get_data(as_text=True)
    assert "innspill" not in filtered.split('id="page-data"')[0].split("data-mod-list")[1]


def test_page_buttons_work_as_forms_and_with_fetch(
    client: Any, auth: Any, host: str, running: dict[str, Any], seated: Any, watcher: Any
) -> None:
    _, socket = seated(1)
    post = send(socket, "Knapp")["post"]
    auth.login("host@example.no")
    watcher.get_received()
    action = f"/sessions/{running['id']}/posts/{post['id']}"
    response = client.post(f"{action}/hide", data={"reason": "Test"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/{running['id']}/moderation")
    assert [e["id"] for e in events(watcher, "hide")] == [post["id"]]
    fetched = client.post(f"{action}/unhide", headers={"Accept": "application/json"})
    assert fetched.status_code == 200
    assert fetched.get_json()["post"]["status"] == "visible"

    toggled = client.post(
        f"/sessions/{running['id']}/settings",
        data={"approve_first": "on", "next": "session"},
    )
    assert toggled.headers["Location"].endswith(f"/sessions/{running['id']}")
    as_json = client.post(
        f"/sessions/{running['id']}/settings",
        data={"approve_first": "off"},
        headers={"Accept": "application/json"},
    )
    assert as_json.get_json()["approve_first"] is False


def test_page_actions_need_the_csrf_token(csrf_app: Any, input_values: Any) -> None:
    client = csrf_app.test_client()
    page = client.get("/signup").get_data(as_text=True)
    (token,) = input_values(page)["csrf_token"]
    client.post(
        "/signup", data={"email": "k@example.no", "password": "correct horse", "csrf_token": token}
    )
    created = client.post(
        "/sessions/new",
        data={
            "csrf_token": token,
            "title": "T",
            "tables": "2",
            "topics": "q",
            "rounds": "1",
            "round_minutes": "5",
        },
    )
    session_url = created.headers["Location"]
    session_id = int(session_url.rsplit("/", 1)[1])
    html = client.get(f"/sessions/{session_id}/moderation").get_data(as_text=True)
    csrf = _page_data(html, "moderation-data")["csrf"]
    url = f"/sessions/{session_id}/settings"
    assert client.post(url, data={"approve_first": "on"}).status_code == 400
    response = client.post(
        url,
        data={"approve_first": "on"},
        headers={"X-CSRFToken": csrf, "Accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.get_json()["approve_first"] is True


def test_participant_page_marks_own_pending_post(
    client: Any, bearer: Headers, host: str, running: dict[str, Any], english: None
) -> None:
    api(client, bearer, host, "PATCH", f"/api/sessions/{running['id']}", {"approve_first": True})
    code = running["join_code"]
    client.post(f"/j/{code}", data={"nickname": "Kari", "table": "1"})
    client.post(f"/j/{code}/posts", data={"client_id": "form-client-0001", "text": "Uten JS"})
    page = client.get(f"/j/{code}").get_data(as_text=True)
    assert "Uten JS" in page
    assert "Waiting for approval" in page


def test_phones_hear_setting_changes(
    client: Any, bearer: Headers, host: str, running: dict[str, Any], seated: Any
) -> None:
    _, phone = seated(2)
    phone.get_received()
    response = api(
        client, bearer, host, "PATCH", f"/api/sessions/{running['id']}", {"hide_other_tables": True}
    )
    assert response.status_code == 200, response.get_json()
    assert events(phone, "settings") == [
        {
            "approve_first": False,
            "hide_other_tables": True,
            "dots_per_participant": 0,
            "show_results": False,
        }
    ]
