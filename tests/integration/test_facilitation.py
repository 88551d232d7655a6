"""Running the café: timer, broadcast, presence, harvest and deleting a session (HTTP + sockets)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from dialogcafe import create_app
from dialogcafe.domain.models import CafeSession, Participant, Post, Presence, Topic
from dialogcafe.extensions import DATABASE_KEY
from dialogcafe.services.presence import PRESENCE_KEY, sweep_on_start
from tests.integration.received import events

Connect = Callable[..., Any]
Bearer = Callable[[str], dict[str, str]]
TIMER_KEYS = {"round", "status", "round_ends_at", "paused_remaining", "server_time", "seq"}


def parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def post_timer(client: Any, token: str, session_id: int, action: str, **body: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    return client.post(f"/api/sessions/{session_id}/timer/{action}", json=body, headers=headers)


def count_rows(app: Any, model: type, session_id: int) -> int:
    with app.app_context(), app.extensions[DATABASE_KEY].transaction() as db:
        return int(
            db.scalar(select(func.count()).select_from(model).where(model.session_id == session_id))
            or 0
        )


# --- timer ---------------------------------------------------------------------------------


def test_pause_resume_and_extend_over_the_api(
    client: Any, host: str, running: dict[str, Any]
) -> None:
    paused = post_timer(client, host, running["id"], "pause")
    assert paused.status_code == 200, paused.get_json()
    body = paused.get_json()
    assert set(body) == TIMER_KEYS
    assert body["round_ends_at"] is None
    assert 19 * 60 < body["paused_remaining"] <= 20 * 60
    assert body["server_time"].endswith("Z")

    extended = post_timer(client, host, running["id"], "extend", minutes=5).get_json()
    assert extended["paused_remaining"] == body["paused_remaining"] + 300

    resumed = post_timer(client, host, running["id"], "resume").get_json()
    assert resumed["paused_remaining"] is None
    left = parse(resumed["round_ends_at"]) - parse(resumed["server_time"])
    assert round(left.total_seconds()) == extended["paused_remaining"]

    again = post_timer(client, host, running["id"], "extend", minutes=1).get_json()
    assert (parse(again["round_ends_at"]) - parse(resumed["round_ends_at"])).total_seconds() == 60


@pytest.mark.parametrize(
    ("action", "body", "status", "code"),
    [
        ("resume", {}, 409, "timer_not_paused"),
        ("extend", {"minutes": 3}, 400, "invalid_field"),
        ("extend", {}, 400, "invalid_field"),
        ("rewind", {}, 400, "bad_request"),
    ],
)
def test_timer_mistakes_are_clear_errors(
    client: Any,
    host: str,
    running: dict[str, Any],
    english: None,
    action: str,
    body: dict[str, Any],
    status: int,
    code: str,
) -> None:
    response = post_timer(client, host, running["id"], action, **body)
    assert response.status_code == status
    assert response.get_json()["code"] == code


def test_the_timer_needs_a_started_round(client: Any, host: str, cafe: dict[str, Any]) -> None:
    response = post_timer(client, host, cafe["id"], "pause")
    assert response.status_code == 409
    assert response.get_json()["code"] == "timer_not_running"


def test_timer_api_needs_the_bearer_token(
    client: Any, running: dict[str, Any], auth: Any, bearer: Bearer
) -> None:
    assert client.post(f"/api/sessions/{running['id']}/timer/pause").status_code == 401
    auth.login("host@example.no")  # a cookie alone is not enough for the API (CSRF)
    assert client.post(f"/api/sessions/{running['id']}/timer/pause").status_code == 401
    other = bearer("not-a-token")
    response = client.post(f"/api/sessions/{running['id']}/timer/pause", headers=other)
    assert response.status_code == 401


def test_another_facilitators_session_timer_is_404(
    client: Any, running: dict[str, Any], make_facilitator: Callable[..., Any]
) -> None:
    _, other = make_facilitator("other@example.no")
    assert post_timer(client, other, running["id"], "pause").status_code == 404


def test_timer_event_reaches_every_table_and_the_facilitators(
    client: Any,
    host: str,
    running: dict[str, Any],
    seated: Callable[[int], tuple[dict[str, Any], Any]],
    watcher: Any,
) -> None:
    _, table_one = seated(1)
    _, table_three = seated(3)
    watcher.get_received()
    body = post_timer(client, host, running["id"], "pause").get_json()
    for socket in (table_one, table_three, watcher):
        assert events(socket, "timer") == [body]


def test_state_carries_server_time_timer_and_broadcast(
    client: Any,
    host: str,
    running: dict[str, Any],
    make_participant: Callable[..., Any],
    socket_client: Connect,
    bearer: Bearer,
) -> None:
    post_timer(client, host, running["id"], "pause")
    client.post(
        f"/api/sessions/{running['id']}/broadcast", json={"text": "Kaffe!"}, headers=bearer(host)
    )
    person = make_participant(running["join_code"], table=2)
    phone = socket_client(auth={"token": person["token"]})
    facilitator = socket_client(auth={"token": host, "session": running["id"]})
    for socket in (phone, facilitator):
        (state,) = events(socket, "state")
        assert state["server_time"].endswith("Z")
        assert state["timer"]["paused_remaining"] > 0
        assert state["timer"]["round_ends_at"] is None
        assert state["broadcast"]["text"] == "Kaffe!"


# --- broadcast -----------------------------------------------------------------------------


def test_broadcast_reaches_every_phone_and_is_kept_for_reloads(
    client: Any,
    host: str,
    running: dict[str, Any],
    seated: Callable[[int], tuple[dict[str, Any], Any]],
    watcher: Any,
    bearer: Bearer,
) -> None:
    _, table_one = seated(1)
    _, table_two = seated(2)
    watcher.get_received()
    url = f"/api/sessions/{running['id']}/broadcast"
    response = client.post(url, json={"text": "  Ti minutter pause  "}, headers=bearer(host))
    assert response.status_code == 200
    sent = response.get_json()
    assert sent["text"] == "Ti minutter pause" and sent["at"].endswith("Z")
    for socket in (table_one, table_two, watcher):
        assert events(socket, "broadcast") == [sent]

    cleared = client.post(url, json={"text": ""}, headers=bearer(host)).get_json()
    assert cleared == {"text": "", "translations": {}, "at": None, "seq": sent["seq"] + 1}
    assert events(table_one, "broadcast") == [cleared]


def test_broadcast_limits(
    client: Any, host: str, running: dict[str, Any], bearer: Bearer, english: None
) -> None:
    url = f"/api/sessions/{running['id']}/broadcast"
    too_long = client.post(url, json={"text": "x" * 281}, headers=bearer(host))
    assert too_long.status_code == 400
    assert too_long.get_json()["field"] == "text"
    assert "280" in too_long.get_json()["error"]
    assert client.post(url, data="nope", headers=bearer(host)).status_code == 400
    assert client.post(url, json={"text": "Hei"}).status_code == 401


# --- presence ------------------------------------------------------------------------------


def connected(payload: dict[str, Any]) -> dict[int, int]:
    return {entry["table"]: entry["connected"] for entry in payload["tables"]}


def test_presence_counts_follow_connects_and_disconnects(
    app: Any,
    cafe: dict[str, Any],
    make_participant: Callable[..., Any],
    socket_client: Connect,
    watcher: Any,
) -> None:
    people = [make_participant(cafe["join_code"], table=t) for t in (1, 1, 2)]
    sockets = [socket_client(auth={"token": p["token"]}) for p in people]
    latest = events(watcher, "presence")[-1]
    assert connected(latest) == {1: 2, 2: 1, 3: 0}

    sockets[0].disconnect()
    assert connected(events(watcher, "presence")[-1]) == {1: 1, 2: 1, 3: 0}
    second_tab = socket_client(auth={"token": people[2]["token"]})
    assert connected(events(watcher, "presence")[-1]) == {1: 1, 2: 1, 3: 0}
    sockets[2].disconnect()
    assert connected(events(watcher, "presence")[-1]) == {1: 1, 2: 1, 3: 0}
    second_tab.disconnect()
    assert connected(events(watcher, "presence")[-1]) == {1: 1, 2: 0, 3: 0}
    assert count_rows(app, Presence, cafe["id"]) == 1


def test_a_facilitator_gets_the_counts_when_connecting(
    cafe: dict[str, Any],
    host: str,
    make_participant: Callable[..., Any],
    socket_client: Connect,
) -> None:
    person = make_participant(cafe["join_code"], table=3)
    socket_client(auth={"token": person["token"]})
    facilitator = socket_client(auth={"token": host, "session": cafe["id"]})
    received = facilitator.get_received()
    assert [e["name"] for e in received][:2] == ["state", "presence"]
    assert connected(received[1]["args"][0]) == {1: 0, 2: 0, 3: 1}


def test_rows_of_other_server_processes_do_not_count_here(
    app: Any,
    cafe: dict[str, Any],
    make_participant: Callable[..., Any],
    socket_client: Connect,
    watcher: Any,
) -> None:
    """Without a message queue this process is the only live one: older rows are leftovers."""
    person = make_participant(cafe["join_code"], table=1)
    with app.app_context(), app.extensions[DATABASE_KEY].transaction() as db:
        db.add(
            Presence(
                sid="left-by-a-crash",
                session_id=cafe["id"],
                participant_id=person["id"],
                table_number=1,
                role="participant",
                server_id="crashed-process",
                connected_at=datetime.fromisoformat("2026-01-01T00:00:00+00:00"),
            )
        )
    other = make_participant(cafe["join_code"], table=2)
    socket_client(auth={"token": other["token"]})
    assert connected(events(watcher, "presence")[-1]) == {1: 0, 2: 1, 3: 0}


# --- harvest -------------------------------------------------------------------------------


def test_harvest_is_announced_and_blocks_new_inputs(
    client: Any,
    host: str,
    running: dict[str, Any],
    seated: Callable[[int], tuple[dict[str, Any], Any]],
    watcher: Any,
    bearer: Bearer,
    english: None,
) -> None:
    _, phone = seated(2)
    watcher.get_received()
    response = client.post(f"/api/sessions/{running['id']}/harvest", headers=bearer(host))
    assert response.status_code == 200
    overview = response.get_json()
    assert (overview["status"], overview["round"], overview["round_ends_at"]) == (
        "harvest",
        1,
        None,
    )
    (for_phone,) = events(phone, "round")
    assert (for_phone["status"], for_phone["table"]) == ("harvest", 2)
    assert events(watcher, "round") == [overview]

    ack = phone.emit("post", {"client_id": "client-0009", "text": "Sent"}, callback=True)
    assert ack["ok"] is False and ack["code"] == "harvest_started"
    assert "rounds are over" in ack["error"]

    again = client.post(f"/api/sessions/{running['id']}/rounds/next", headers=bearer(host))
    assert again.status_code == 409
    assert again.get_json()["code"] == "harvest_started"
    twice = client.post(f"/api/sessions/{running['id']}/harvest", headers=bearer(host))
    assert twice.get_json()["code"] == "not_running"
    closed = client.post(f"/api/sessions/{running['id']}/close", headers=bearer(host))
    assert closed.get_json()["status"] == "closed"


def test_a_draft_cannot_go_to_harvest(
    client: Any, host: str, cafe: dict[str, Any], bearer: Bearer
) -> None:
    response = client.post(f"/api/sessions/{cafe['id']}/harvest", headers=bearer(host))
    assert response.status_code == 409
    assert response.get_json()["code"] == "not_running"


# --- deleting a session --------------------------------------------------------------------


@pytest.fixture
def busy(
    client: Any,
    host: str,
    running: dict[str, Any],
    seated: Callable[[int], tuple[dict[str, Any], Any]],
    bearer: Bearer,
) -> dict[str, Any]:
    """A session with people, inputs and summary files on disk."""
    for table in (1, 2):
        _, socket = seated(table)
        ack = socket.emit("post", {"client_id": f"client-000{table}", "text": "Hei"}, callback=True)
        assert ack["ok"], ack
    export = client.get(f"/api/sessions/{running['id']}/export.md", headers=bearer(host))
    assert export.status_code == 200
    return running


def test_delete_over_the_api_removes_rows_and_files(
    app: Any, client: Any, host: str, busy: dict[str, Any], bearer: Bearer
) -> None:
    folder = Path(app.config["DATA_DIR"]) / busy["join_code"]
    assert folder.is_dir()
    assert count_rows(app, Post, busy["id"]) == 2

    assert client.delete(f"/api/sessions/{busy['id']}").status_code == 401
    response = client.delete(f"/api/sessions/{busy['id']}", headers=bearer(host))
    assert response.status_code == 200
    deleted = response.get_json()["deleted"]
    assert (deleted["id"], deleted["join_code"], deleted["files_deleted"]) == (
        busy["id"],
        busy["join_code"],
        True,
    )
    for model in (Post, Participant, Topic, Presence):
        assert count_rows(app, model, busy["id"]) == 0, model.__name__
    with app.app_context(), app.extensions[DATABASE_KEY].transaction() as db:
        assert db.get(CafeSession, busy["id"]) is None
    assert not folder.exists()
    gone = client.get(f"/api/sessions/{busy['id']}", headers=bearer(host))
    assert gone.status_code == 404
    assert client.delete(f"/api/sessions/{busy['id']}", headers=bearer(host)).status_code == 404


def test_only_the_owner_can_delete(
    app: Any, client: Any, busy: dict[str, Any], make_facilitator: Callable[..., Any]
) -> None:
    _, other = make_facilitator("other@example.no")
    response = client.delete(
        f"/api/sessions/{busy['id']}", headers={"Authorization": f"Bearer {other}"}
    )
    assert response.status_code == 404
    assert count_rows(app, Post, busy["id"]) == 2


# --- the facilitator's page ----------------------------------------------------------------


@pytest.fixture
def logged_in(client: Any, auth: Any, host: str, english: None) -> Any:
    assert auth.login("host@example.no").status_code == 302
    return client


def test_session_page_shows_the_controls_and_connected_counts(
    logged_in: Any, running: dict[str, Any]
) -> None:
    page = logged_in.get(f"/sessions/{running['id']}").get_data(as_text=True)
    for text in ("Pause", "+1 min", "+5 min", "End the rounds early", "Message to everyone"):
        assert text in page
    assert "Connected:" in page and "data-connected" in page
    assert f"Type the join code {running['join_code']} to confirm" in page


def test_page_timer_buttons_answer_json_to_fetch_and_redirect_forms(
    logged_in: Any, running: dict[str, Any], watcher: Any
) -> None:
    url = f"/sessions/{running['id']}/timer/pause"
    response = logged_in.post(url, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.get_json()["paused_remaining"] > 0
    assert len(events(watcher, "timer")) == 1

    form = logged_in.post(url)  # paused already: the error comes back as a flash message
    assert form.status_code == 302
    page = logged_in.get(form.headers["Location"]).get_data(as_text=True)
    assert "The timer is already paused." in page
    assert ">Resume</button>" in page

    failed = logged_in.post(url, headers={"Accept": "application/json"})
    assert failed.status_code == 409 and failed.get_json()["code"] == "timer_paused"
    extend = logged_in.post(
        f"/sessions/{running['id']}/timer/extend",
        data={"minutes": "5"},
        headers={"Accept": "application/json"},
    )
    assert extend.status_code == 200


def test_page_broadcast_and_harvest(
    logged_in: Any,
    app: Any,
    running: dict[str, Any],
    seated: Callable[[int], tuple[dict[str, Any], Any]],
) -> None:
    _, phone = seated(1)
    response = logged_in.post(f"/sessions/{running['id']}/broadcast", data={"text": "Hei alle"})
    assert response.status_code == 302
    assert events(phone, "broadcast")[0]["text"] == "Hei alle"
    response = logged_in.post(f"/sessions/{running['id']}/harvest")
    assert response.status_code == 302
    assert events(phone, "round")[0]["status"] == "harvest"
    page = logged_in.get(f"/sessions/{running['id']}").get_data(as_text=True)
    assert "Rounds are over" in page


def test_page_actions_need_the_csrf_token(
    csrf_app: Any, input_values: Callable[[str], dict[str, list[str]]]
) -> None:
    """The page's fetch sends the form (with its token); without it the action is refused."""
    browser = csrf_app.test_client()
    (signup_token,) = input_values(browser.get("/signup").get_data(as_text=True))["csrf_token"]
    signup = {"email": "k@example.no", "password": "correct horse", "csrf_token": signup_token}
    assert browser.post("/signup", data=signup).status_code == 302
    new = browser.get("/sessions/new").get_data(as_text=True)
    form_token = input_values(new)["csrf_token"][0]
    created = browser.post(
        "/sessions/new",
        data={
            "title": "T",
            "topics": "q",
            "tables": "2",
            "rounds": "1",
            "round_minutes": "5",
            "rotation": "topics",
            "csrf_token": form_token,
        },
    )
    session_url = created.headers["Location"]
    page = browser.get(session_url).get_data(as_text=True)
    token = input_values(page)["csrf_token"][0]
    url = f"{session_url}/broadcast"
    json_headers = {"Accept": "application/json"}
    assert browser.post(url, data={"text": "Hei"}, headers=json_headers).status_code == 400
    sent = browser.post(url, data={"text": "Hei", "csrf_token": token}, headers=json_headers)
    assert sent.status_code == 200 and sent.get_json()["text"] == "Hei"
    by_header = browser.post(
        url, data={"text": "Hallo"}, headers={**json_headers, "X-CSRFToken": token}
    )
    assert by_header.status_code == 200


def test_delete_form_needs_the_join_code(app: Any, logged_in: Any, busy: dict[str, Any]) -> None:
    url = f"/sessions/{busy['id']}/delete"
    wrong = logged_in.post(url, data={"confirm_code": "NOPE99"})
    assert wrong.status_code == 302
    assert wrong.headers["Location"].endswith(f"/sessions/{busy['id']}")
    page = logged_in.get(wrong.headers["Location"]).get_data(as_text=True)
    assert "Type the session&#39;s join code" in page
    assert count_rows(app, Post, busy["id"]) == 2

    right = logged_in.post(url, data={"confirm_code": busy["join_code"].lower()})
    assert right.status_code == 302
    assert right.headers["Location"].endswith("/sessions")
    dashboard = logged_in.get("/sessions").get_data(as_text=True)
    assert "and all its data were deleted." in dashboard
    assert count_rows(app, Post, busy["id"]) == 0
    assert not (Path(app.config["DATA_DIR"]) / busy["join_code"]).exists()
    assert logged_in.get(f"/sessions/{busy['id']}").status_code == 404


def test_phone_page_shows_the_broadcast_and_the_harvest(
    app: Any,
    client: Any,
    host: str,
    running: dict[str, Any],
    bearer: Bearer,
) -> None:
    phone = app.test_client()
    phone.get("/lang/en?next=/")
    assert (
        phone.post(f"/j/{running['join_code']}", data={"nickname": "", "table": "1"}).status_code
        == 302
    )
    # The harvest takes any earlier message down; one sent in the harvest shows.
    client.post(f"/api/sessions/{running['id']}/harvest", headers=bearer(host))
    client.post(
        f"/api/sessions/{running['id']}/broadcast",
        json={"text": "<b>Lunsj</b>"},
        headers=bearer(host),
    )
    page = phone.get(f"/j/{running['join_code']}").get_data(as_text=True)
    assert 'data-broadcast role="alert"' in page
    assert "&lt;b&gt;Lunsj&lt;/b&gt;" in page
    assert "The rounds are over." in page
    assert "New inputs are closed." in page


def test_each_app_start_has_a_server_id_and_serving_clears_its_old_rows(
    tmp_path: Path, cafe: dict[str, Any], app: Any, make_participant: Callable[..., Any]
) -> None:
    """A restarted process with a stable DIALOGCAFE_SERVER_ID deletes the rows it left."""
    assert app.extensions[PRESENCE_KEY].server_id  # random when none is configured
    person = make_participant(cafe["join_code"], table=1)
    with app.app_context(), app.extensions[DATABASE_KEY].transaction() as db:
        for sid, server_id in (("old-1", "web-1"), ("other-1", "web-2")):
            db.add(
                Presence(
                    sid=sid,
                    session_id=cafe["id"],
                    participant_id=person["id"],
                    table_number=1,
                    role="participant",
                    server_id=server_id,
                    connected_at=datetime.fromisoformat("2026-01-01T00:00:00+00:00"),
                )
            )
    restarted = create_app(
        {
            **{key: app.config[key] for key in ("DATA_DIR", "DATABASE_URL", "SECRET_KEY")},
            "ASYNC_MODE": "threading",
            "TESTING": True,
            "MESSAGE_QUEUE": None,
            "SERVER_ID": "web-1",
        }
    )
    try:
        assert restarted.extensions[PRESENCE_KEY].server_id == "web-1"
        assert count_rows(app, Presence, cafe["id"]) == 2  # building the app deletes nothing
        assert sweep_on_start(restarted) == 1
        with app.app_context(), app.extensions[DATABASE_KEY].transaction() as db:
            assert db.scalars(select(Presence.sid)).all() == ["other-1"]
    finally:
        restarted.extensions[DATABASE_KEY].engine.dispose()
