"""Socket.IO through Flask-SocketIO's test client: state, posts, rooms and round changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from dialogcafe.services import unit_of_work
from tests.integration.received import events

TOPICS = [
    "What makes a home feel safe?",
    "What help do you need to keep your home?",
    "How should we involve residents?",
]
Connect = Callable[..., Any]


def send(socket: Any, text: Any, client_id: str = "client-0001") -> dict[str, Any]:
    ack = socket.emit("post", {"client_id": client_id, "text": text}, callback=True)
    assert isinstance(ack, dict)
    return ack


def stored_posts(socket_client: Connect, host: str, cafe: dict[str, Any]) -> list[dict[str, Any]]:
    """Every stored post, read through a fresh facilitator connection's state."""
    watcher = socket_client(auth={"token": host, "session": cafe["id"]})
    (state,) = events(watcher, "state")
    watcher.disconnect()
    return [post for table in state["tables"] for post in table["posts"]]


# --- connecting ----------------------------------------------------------------------------


def test_participant_gets_state_on_connect(
    running: dict[str, Any], make_participant: Callable[..., Any], socket_client: Connect
) -> None:
    person = make_participant(running["join_code"], table=2, nickname="Kari")
    socket = socket_client(auth={"token": person["token"]})
    assert socket.is_connected()
    (state,) = events(socket, "state")
    assert state["role"] == "participant"
    assert state["session"]["id"] == running["id"]
    assert state["session"]["join_code"] == running["join_code"]
    assert (state["participant"]["id"], state["participant"]["nickname"]) == (person["id"], "Kari")
    assert "token" not in state["participant"]
    assert (state["round"], state["table"], state["topic"]) == (1, 2, TOPICS[1])
    assert state["round_info"]["round_ends_at"].endswith("Z")
    assert state["round_info"]["topic"] == TOPICS[1]
    assert state["posts"] == []


def test_state_before_the_start_shows_the_first_question(
    cafe: dict[str, Any], make_participant: Callable[..., Any], socket_client: Connect
) -> None:
    person = make_participant(cafe["join_code"], table=3)
    (state,) = events(socket_client(auth={"token": person["token"]}), "state")
    assert (state["round"], state["topic"], state["session"]["status"]) == (0, TOPICS[2], "draft")


def test_state_lists_only_the_own_tables_posts(
    running: dict[str, Any], seated: Callable[..., Any], socket_client: Connect
) -> None:
    _kari, kari_socket = seated(1)
    _ola, ola_socket = seated(2)
    send(kari_socket, "fra bord 1", "kari-post-1")
    send(ola_socket, "fra bord 2", "ola-post-01")
    neighbour, _socket = seated(1)
    fresh = socket_client(auth={"token": neighbour["token"]})
    (state,) = events(fresh, "state")
    assert [p["text"] for p in state["posts"]] == ["fra bord 1"]


@pytest.mark.parametrize(
    "auth",
    [
        {"token": "not-a-token"},
        {"token": ""},
        {"token": None},
        {"token": 123},
        None,
        {},
        {"session": "1"},
        {"session": "²"},
        {"session": True, "token": "x"},
        "not a dict",
    ],
)
def test_bad_credentials_are_refused(
    cafe: dict[str, Any], socket_client: Connect, auth: Any
) -> None:
    socket = socket_client(auth=auth)
    assert not socket.is_connected()


def test_facilitator_connects_with_a_bearer_token(
    running: dict[str, Any], host: str, seated: Callable[..., Any], socket_client: Connect
) -> None:
    seated(1)
    seated(1)
    seated(3)
    socket = socket_client(auth={"token": host, "session": running["id"]})
    assert socket.is_connected()
    (state,) = events(socket, "state")
    assert state["role"] == "facilitator"
    assert state["session"]["id"] == running["id"]
    assert state["round"] == 1
    assert [(t["table"], t["topic"], t["participants"]) for t in state["tables"]] == [
        (1, TOPICS[0], 2),
        (2, TOPICS[1], 0),
        (3, TOPICS[2], 1),
    ]


def test_facilitators_see_each_join_as_new_headcounts(
    running: dict[str, Any], host: str, seated: Callable[..., Any], socket_client: Connect
) -> None:
    socket = socket_client(auth={"token": host, "session": running["id"]})
    socket.get_received()
    seated(2)
    seated(2)
    people = events(socket, "people")
    assert [[t["participants"] for t in p["tables"]] for p in people] == [[0, 1, 0], [0, 2, 0]]
    # Who sits there, too: the facilitator's "Make host" choice follows without a reload.
    assert [len(t["people"]) for t in people[-1]["tables"]] == [0, 2, 0]
    assert all(set(p) == {"id", "nickname", "host"} for p in people[-1]["tables"][1]["people"])


def test_session_id_may_come_as_text(
    cafe: dict[str, Any], host: str, socket_client: Connect
) -> None:
    socket = socket_client(auth={"token": host, "session": str(cafe["id"])})
    assert socket.is_connected()
    assert events(socket, "state")[0]["session"]["id"] == cafe["id"]


def test_facilitator_connects_with_the_web_login_cookie(
    client: Any, cafe: dict[str, Any], auth: Any, socket_client: Connect
) -> None:
    assert not socket_client(auth={"session": cafe["id"]}).is_connected()  # not logged in yet
    assert auth.login("host@example.no").status_code == 302
    socket = socket_client(auth={"session": cafe["id"]}, flask_test_client=client)
    assert socket.is_connected()
    (state,) = events(socket, "state")
    assert (state["role"], state["session"]["id"]) == ("facilitator", cafe["id"])


def test_a_facilitator_cannot_watch_another_facilitators_session(
    cafe: dict[str, Any],
    auth: Any,
    make_facilitator: Callable[..., tuple[int, str]],
    socket_client: Connect,
) -> None:
    _id, intruder = make_facilitator("intruder@example.no")
    assert not socket_client(auth={"token": intruder, "session": cafe["id"]}).is_connected()
    auth.login("intruder@example.no")
    assert not socket_client(auth={"session": cafe["id"]}).is_connected()
    assert not socket_client(auth={"session": cafe["id"] + 50}).is_connected()


# --- posting -------------------------------------------------------------------------------


def test_post_is_acknowledged_with_the_stored_post(
    running: dict[str, Any], host: str, seated: Callable[..., Any], socket_client: Connect
) -> None:
    _kari, socket = seated(2, "Kari")
    ack = send(socket, "  Mer tid til hver beboer  ", "3f2b8c1e-0a4d-4e7b")
    assert ack["ok"] is True
    assert ack["duplicate"] is False
    post = ack["post"]
    assert isinstance(post["id"], int)
    assert post["client_id"] == "3f2b8c1e-0a4d-4e7b"
    assert (post["table"], post["round"], post["topic"]) == (2, 1, TOPICS[1])
    assert post["text"] == "Mer tid til hver beboer"
    assert post["nickname"] == "Kari"
    assert post["created_at"].endswith("Z")
    assert stored_posts(socket_client, host, running) == [post]
    assert events(socket, "post") == []  # the author has the ack, not an echo


def test_a_resent_client_id_acks_the_stored_post_once(
    running: dict[str, Any], host: str, seated: Callable[..., Any], socket_client: Connect
) -> None:
    _kari, socket = seated(1)
    _ola, neighbour = seated(1)
    first = send(socket, "bare én gang", "resend-0001")
    again = send(socket, "bare én gang", "resend-0001")
    assert (again["ok"], again["duplicate"]) == (True, True)
    assert again["post"] == first["post"]
    assert [p["id"] for p in stored_posts(socket_client, host, running)] == [first["post"]["id"]]
    assert len(events(neighbour, "post")) == 1


def test_posts_reach_the_table_and_facilitators_and_other_tables_only_when_shown(
    client: Any,
    bearer: Callable[[str], dict[str, str]],
    running: dict[str, Any],
    host: str,
    seated: Callable[..., Any],
    socket_client: Connect,
) -> None:
    # The facilitator keeps the other tables hidden until the harvest: a table hears its own.
    url = f"/api/sessions/{running['id']}"
    assert (
        client.patch(url, json={"hide_other_tables": True}, headers=bearer(host)).status_code == 200
    )
    _a, table1_author = seated(1)
    _b, table1_neighbour = seated(1)
    _c, table2_person = seated(2)
    _d, table3_person = seated(3)
    facilitator = socket_client(auth={"token": host, "session": running["id"]})
    events(facilitator, "state")

    post = send(table1_author, "kun for bord 1", "isolated-01")["post"]
    assert events(table1_neighbour, "post") == [post]
    assert events(facilitator, "post") == [post]
    assert table2_person.get_received() == []
    assert table3_person.get_received() == []
    assert table1_author.get_received() == []

    post2 = send(table2_person, "kun for bord 2", "isolated-02")["post"]
    assert events(facilitator, "post") == [post2]
    assert table1_neighbour.get_received() == table1_author.get_received() == []
    assert table3_person.get_received() == []

    # Shown (the default): the phones that watch the other tables hear it, the author has
    # the ack, and a phone that does not look hears nothing.
    assert (
        client.patch(url, json={"hide_other_tables": False}, headers=bearer(host)).status_code
        == 200
    )
    for socket in (table1_author, table1_neighbour, table2_person, table3_person, facilitator):
        socket.get_received()
    for socket in (table1_author, table1_neighbour):
        assert socket.emit("watch_others", {"watch": True}, callback=True)["watching"] is True
    post3 = send(table2_person, "for alle", "shown-03")["post"]
    for socket in (table1_author, table1_neighbour, facilitator):
        assert events(socket, "post") == [post3]
    assert table2_person.get_received() == []
    assert table3_person.get_received() == []


def test_sessions_are_isolated_from_each_other(
    host: str,
    make_session: Callable[..., dict[str, Any]],
    make_participant: Callable[..., Any],
    next_round: Callable[..., Any],
    socket_client: Connect,
) -> None:
    first, second = make_session(host), make_session(host)
    sockets = []
    for cafe in (first, second):
        next_round(host, cafe["id"])
        person = make_participant(cafe["join_code"], table=1)
        sockets.append(socket_client(auth={"token": person["token"]}))
    other_facilitator = socket_client(auth={"token": host, "session": second["id"]})
    for socket in (*sockets, other_facilitator):
        socket.get_received()
    send(sockets[0], "bare i første økt", "sessions-01")
    assert sockets[1].get_received() == []
    assert other_facilitator.get_received() == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_input"),
        ("   \n\t ", "empty_input"),
        (None, "empty_input"),
        ("x" * 1001, "input_too_long"),
    ],
)
def test_empty_or_too_long_text_fails_the_ack_and_stores_nothing(
    running: dict[str, Any],
    host: str,
    seated: Callable[..., Any],
    socket_client: Connect,
    text: Any,
    code: str,
) -> None:
    _kari, socket = seated(1)
    _ola, neighbour = seated(1)
    ack = send(socket, text, "rejected-01")
    assert ack["ok"] is False
    assert ack["code"] == code
    assert isinstance(ack["error"], str) and ack["error"]
    assert "post" not in ack
    assert stored_posts(socket_client, host, running) == []
    assert neighbour.get_received() == []


def test_exactly_1000_characters_are_accepted(
    running: dict[str, Any], seated: Callable[..., Any]
) -> None:
    _kari, socket = seated(1)
    ack = send(socket, "ø" * 1000, "limit-0001")
    assert ack["ok"] is True and len(ack["post"]["text"]) == 1000


def test_ack_errors_are_in_the_chosen_language(
    running: dict[str, Any], seated: Callable[..., Any], client: Any, english: None
) -> None:
    _kari, socket = seated(1)  # the socket shares the client's language cookie
    ack = send(socket, "x" * 1001, "english-001")
    assert ack["error"] == "The input is too long: at most 1000 characters."


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("just text", "bad_request"),
        (["a", "list"], "bad_request"),
        ({"text": "no client id"}, "invalid_field"),
        ({"client_id": "bad id!", "text": "hei"}, "invalid_field"),
    ],
)
def test_malformed_post_events_fail_the_ack(
    running: dict[str, Any], seated: Callable[..., Any], payload: Any, code: str
) -> None:
    _kari, socket = seated(1)
    ack = socket.emit("post", payload, callback=True)
    assert (ack["ok"], ack["code"]) == (False, code)


def test_posting_before_round_one_fails_the_ack(
    cafe: dict[str, Any], seated: Callable[..., Any]
) -> None:
    _kari, socket = seated(1)
    ack = send(socket, "for tidlig")
    assert (ack["ok"], ack["code"]) == (False, "round_not_started")


def test_posting_to_a_closed_session_fails_the_ack(
    running: dict[str, Any], host: str, client: Any, seated: Callable[..., Any], bearer: Any
) -> None:
    _kari, socket = seated(1)
    kept = send(socket, "før stengning", "before-close")
    close = client.post(f"/api/sessions/{running['id']}/close", headers=bearer(host))
    assert close.status_code == 200
    closed = events(socket, "round")
    assert closed[-1]["status"] == "closed"
    ack = send(socket, "etter stengning", "after-close")
    assert (ack["ok"], ack["code"]) == (False, "session_closed")
    resend = send(socket, "før stengning", "before-close")
    assert (resend["ok"], resend["post"]) == (True, kept["post"])


def test_a_facilitator_socket_cannot_post(
    running: dict[str, Any], host: str, socket_client: Connect
) -> None:
    facilitator = socket_client(auth={"token": host, "session": running["id"]})
    ack = send(facilitator, "fra fasilitator")
    assert (ack["ok"], ack["code"]) == (False, "forbidden")


# --- round changes -------------------------------------------------------------------------


def test_round_change_tells_each_table_its_own_question(
    cafe: dict[str, Any],
    host: str,
    seated: Callable[..., Any],
    socket_client: Connect,
    next_round: Callable[..., Any],
) -> None:
    sockets = {table: seated(table)[1] for table in (1, 2, 3)}
    also_at_two = seated(2)[1]
    facilitator = socket_client(auth={"token": host, "session": cafe["id"]})
    events(facilitator, "state")

    next_round(host, cafe["id"])
    for table, socket in sockets.items():
        (payload,) = events(socket, "round")
        assert (payload["round"], payload["table"], payload["topic"]) == (
            1,
            table,
            TOPICS[table - 1],
        )
        assert payload["status"] == "running"
        assert payload["round_ends_at"].endswith("Z")
    assert events(also_at_two, "round")[0]["topic"] == TOPICS[1]
    (overview,) = events(facilitator, "round")
    assert overview["tables"] == [{"table": i + 1, "topic": t} for i, t in enumerate(TOPICS)]

    next_round(host, cafe["id"])
    rotated = {table: events(socket, "round") for table, socket in sockets.items()}
    assert {table: [p["topic"] for p in got] for table, got in rotated.items()} == {
        1: [TOPICS[1]],
        2: [TOPICS[2]],
        3: [TOPICS[0]],
    }
    assert all(got[0]["round"] == 2 for got in rotated.values())


def test_posts_after_a_round_change_carry_the_new_question(
    running: dict[str, Any], host: str, seated: Callable[..., Any], next_round: Callable[..., Any]
) -> None:
    _kari, socket = seated(1)
    first = send(socket, "runde 1", "round-one-1")["post"]
    next_round(host, running["id"])
    second = send(socket, "runde 2", "round-two-1")["post"]
    assert (first["round"], first["topic"]) == (1, TOPICS[0])
    assert (second["round"], second["topic"]) == (2, TOPICS[1])


def test_a_database_outage_gets_a_try_again_ack_and_the_resend_is_stored_once(
    running: dict[str, Any], seated: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the database is unreachable the phone hears "unavailable" (it keeps the input
    and sends it again), not silence; the resend, with the same client id, stores it."""
    _, kari = seated(1, "Kari")
    item = {"client_id": "outage-0001", "text": "Skrevet mens databasen var nede"}

    def unreachable(*_args: Any) -> Any:
        raise OperationalError("INSERT", {}, ConnectionError("server closed the connection"))

    with monkeypatch.context() as patched:
        patched.setattr(unit_of_work, "run_transaction", unreachable)
        ack = kari.emit("post", item, callback=True)
    assert ack["ok"] is False and ack["code"] == "unavailable", ack
    assert "sent again" in ack["error"] or "sendes" in ack["error"], ack
    first = kari.emit("post", item, callback=True)
    again = kari.emit("post", item, callback=True)
    assert first["ok"] and again["ok"], (first, again)
    assert first["post"]["id"] == again["post"]["id"]
