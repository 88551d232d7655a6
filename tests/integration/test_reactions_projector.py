"""Likes, dot-voting and the projector over HTTP and Socket.IO test clients."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import render_template

from dialogcafe.clock import utcnow
from dialogcafe.domain import sessions
from dialogcafe.domain.models import CafeSession
from dialogcafe.extensions import DATABASE_KEY
from tests.integration.received import events, send

Connect = Callable[..., Any]


def start_harvest(app: Any, session_id: int) -> None:
    """The lifecycle's harvest step, straight on the domain (its edges belong to another page)."""
    with app.app_context(), app.extensions[DATABASE_KEY].transaction() as db:
        cafe = db.get(CafeSession, session_id)
        assert cafe is not None
        sessions.start_harvest(db, cafe, now=utcnow())


@pytest.fixture
def logged_in(auth: Any) -> None:
    """The host's browser, logged in with the login cookie (pages and the projector)."""
    assert auth.login("host@example.no").status_code == 302


def test_like_updates_counts_for_the_table_and_facilitators(
    running: dict[str, Any], host: str, seated: Callable[..., Any], socket_client: Connect
) -> None:
    _, kari = seated(1)
    _, ola = seated(1)
    facilitator = socket_client(auth={"token": host, "session": running["id"]})
    item = send(kari, "Gode naboer", "client-0001")
    for socket in (kari, ola, facilitator):
        socket.get_received()

    ack = ola.emit("like", {"post_id": item["id"], "liked": True}, callback=True)
    assert ack == {"ok": True, "post_id": item["id"], "likes": 1, "liked": True, "seq": ack["seq"]}
    assert ack["seq"] > item["seq"]  # the like is a newer change of the post
    expected = {"post_id": item["id"], "table": 1, "likes": 1, "seq": ack["seq"]}
    assert events(kari, "likes") == [expected]
    assert events(facilitator, "likes") == [expected]

    again = ola.emit("like", {"post_id": item["id"], "liked": True}, callback=True)
    assert again["likes"] == 1
    undo = ola.emit("like", {"post_id": item["id"], "liked": False}, callback=True)
    assert (undo["likes"], undo["liked"]) == (0, False)

    kari.emit("like", {"post_id": item["id"], "liked": True}, callback=True)
    fresh = socket_client(auth={"token": host, "session": running["id"]})
    (state,) = events(fresh, "state")
    assert state["tables"][0]["posts"][0]["likes"] == 1
    kari.disconnect()
    ola.disconnect()


def test_phone_state_has_counts_and_own_likes(
    running: dict[str, Any], seated: Callable[..., Any], socket_client: Connect
) -> None:
    kari_person, kari = seated(1)
    item = send(kari, "Lys i trappa", "client-0002")
    kari.emit("like", {"post_id": item["id"], "liked": True}, callback=True)
    again = socket_client(auth={"token": kari_person["token"]})
    (state,) = events(again, "state")
    assert state["posts"][0]["likes"] == 1
    assert state["liked"] == [item["id"]]


def test_like_refused_for_other_tables_before_the_harvest(
    running: dict[str, Any], seated: Callable[..., Any], english: None
) -> None:
    _, kari = seated(1)
    _, guest = seated(2)
    item = send(kari, "Bord en", "client-0003")
    ack = guest.emit("like", {"post_id": item["id"], "liked": True}, callback=True)
    assert ack["ok"] is False and ack["code"] == "not_your_table"
    missing = guest.emit("like", {"post_id": 99999, "liked": True}, callback=True)
    assert missing["code"] == "unknown_post"
    bad = guest.emit("like", "nope", callback=True)
    assert bad["code"] == "bad_request"


def test_hide_other_tables_keeps_them_out_of_phone_state(
    app: Any,
    running: dict[str, Any],
    seated: Callable[..., Any],
    socket_client: Connect,
    client: Any,
    logged_in: None,
) -> None:
    kari_person, _ = seated(1)
    _, ola = seated(2)
    send(ola, "Fra bord to", "client-0004")

    def other_texts() -> list[str]:
        socket = socket_client(auth={"token": kari_person["token"]})
        (state,) = events(socket, "state")
        socket.disconnect()
        return [p["text"] for p in state["other_posts"]]

    assert other_texts() == ["Fra bord to"]
    response = client.post(
        f"/sessions/{running['id']}/reactions",
        data={"hide_other_tables": "1", "dots_per_participant": "3"},
    )
    assert response.status_code == 302
    assert other_texts() == []
    start_harvest(app, running["id"])
    assert other_texts() == ["Fra bord to"]


def test_vote_flow_in_the_harvest(
    app: Any,
    running: dict[str, Any],
    seated: Callable[..., Any],
    client: Any,
    logged_in: None,
) -> None:
    _, kari = seated(1)
    _, ola = seated(2)
    first = send(kari, "Bedre lys", "client-0005")
    second = send(ola, "Flere benker", "client-0006")
    client.post(f"/sessions/{running['id']}/reactions", data={"dots_per_participant": "2"})

    early = kari.emit("vote", {"post_id": second["id"], "add": True}, callback=True)
    assert early["code"] == "voting_closed"
    start_harvest(app, running["id"])

    ack = kari.emit("vote", {"post_id": second["id"], "add": True}, callback=True)
    assert ack == {"ok": True, "post_id": second["id"], "dots_left": 1, "post_votes": 1}
    ack = kari.emit("vote", {"post_id": second["id"], "add": True}, callback=True)
    assert (ack["dots_left"], ack["post_votes"]) == (0, 2)
    full = kari.emit("vote", {"post_id": first["id"], "add": True}, callback=True)
    assert full["code"] == "no_dots_left"
    ack = kari.emit("vote", {"post_id": second["id"], "add": False}, callback=True)
    assert (ack["dots_left"], ack["post_votes"]) == (1, 1)
    none = ola.emit("vote", {"post_id": first["id"], "add": False}, callback=True)
    assert none["code"] == "no_dot_to_remove"
    kari.get_received()
    like = kari.emit("like", {"post_id": second["id"], "liked": True}, callback=True)
    assert like["ok"] is True  # any table's input in the harvest
    assert events(kari, "likes")  # nothing hidden: every table hears of it


def test_projector_needs_a_login(client: Any, cafe: dict[str, Any]) -> None:
    response = client.get(f"/sessions/{cafe['id']}/projector")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def page_data(html: str) -> dict[str, Any]:
    """The projector's page data, as its script reads it."""
    return json.loads(html.split('id="page-data">', 1)[1].split("</script>", 1)[0])


def test_projector_shows_the_join_code_in_draft(
    client: Any, cafe: dict[str, Any], logged_in: None, english: None
) -> None:
    page = client.get(f"/sessions/{cafe['id']}/projector").get_data(as_text=True)
    assert cafe["join_code"] in page
    assert f"/j/{cafe['join_code']}/qr.svg" in page
    assert "Scan to join" in page
    assert 'data-shown="join"' in page
    assert 'data-view="join" aria-labelledby="projector-join-heading" >' in page
    assert "<select" not in page and "<button" not in page and "<input" not in page
    assert "js/pages/projector.js" in page


def test_projector_shows_the_round_and_the_wall_when_running(
    client: Any,
    running: dict[str, Any],
    seated: Callable[..., Any],
    logged_in: None,
    english: None,
) -> None:
    _, kari = seated(2)
    send(kari, "Trygge <naboer>", "client-0007")
    page = client.get(f"/sessions/{running['id']}/projector").get_data(as_text=True)
    assert "Round 1 of 3" in page
    assert 'data-shown="round"' in page  # "auto" while rounds run
    assert "<naboer>" not in page  # the wall is built from the escaped page data
    assert [p["text"] for p in page_data(page)["posts"]] == ["Trygge <naboer>"]
    assert "data-corner" in page  # the late arrivals' corner
    assert page_data(page)["view"] == "auto"


def test_projector_hides_other_tables_when_asked(
    client: Any, running: dict[str, Any], seated: Callable[..., Any], logged_in: None
) -> None:
    _, kari = seated(1)
    send(kari, "Hemmelig til høsting", "client-0008")
    client.post(
        f"/sessions/{running['id']}/reactions",
        data={"hide_other_tables": "1", "dots_per_participant": "0"},
    )
    page = client.get(f"/sessions/{running['id']}/projector").get_data(as_text=True)
    assert "Hemmelig" not in page
    assert "data-wall " not in page and page_data(page)["wall_hidden"] is True


def test_the_chosen_view_reaches_the_projector_at_once_and_stays(
    client: Any,
    running: dict[str, Any],
    seated: Callable[..., Any],
    socket_client: Connect,
    logged_in: None,
) -> None:
    _, kari = seated(1)
    send(kari, "Trygg bolig og trygge naboer", "client-0009")
    send(kari, "En trygg bolig", "client-0010")
    projector = socket_client(auth={"session": running["id"]})
    projector.get_received()

    response = client.post(f"/sessions/{running['id']}/projector/view", data={"view": "cloud"})
    assert response.status_code == 302
    (payload,) = events(projector, "projector")
    assert payload["view"] == "cloud" and payload["shown"] == "cloud"
    words = {w["word"]: w["count"] for w in payload["word_cloud"]}
    assert words["trygg"] == 2 and words["bolig"] == 2 and "og" not in words
    page = client.get(f"/sessions/{running['id']}/projector").get_data(as_text=True)
    assert 'data-shown="cloud"' in page  # a reload keeps it
    assert {"word": "trygg", "count": 2, "size": 6} in page_data(page)["word_cloud"]

    answer = client.post(
        f"/sessions/{running['id']}/projector/view",
        data={"view": "wall"},
        headers={"Accept": "application/json"},
    )
    assert answer.get_json() == {"view": "wall", "shown": "wall", "word_cloud": []}
    (payload,) = events(projector, "projector")
    assert payload == {"view": "wall", "shown": "wall", "word_cloud": []}

    refused = client.post(
        f"/sessions/{running['id']}/projector/view",
        data={"view": "disco"},
        headers={"Accept": "application/json"},
    )
    assert refused.status_code == 400 and refused.get_json()["code"] == "invalid_field"
    assert events(projector, "projector") == []


def test_the_projector_api_chooses_a_view_for_its_owner_only(
    client: Any,
    host: str,
    running: dict[str, Any],
    make_facilitator: Callable[..., tuple[int, str]],
) -> None:
    url = f"/api/sessions/{running['id']}/projector"
    mine = {"Authorization": f"Bearer {host}"}
    answer = client.put(url, json={"view": "syntheses"}, headers=mine)
    assert answer.status_code == 200
    assert answer.get_json() == {"view": "syntheses", "shown": "syntheses", "word_cloud": []}
    for bad in ({"view": "disco"}, {"view": 3}, {}):
        refused = client.put(url, json=bad, headers=mine)
        assert refused.status_code == 400 and refused.get_json()["code"] == "invalid_field"
    assert client.put(url, data="nope", headers=mine).status_code == 400
    _, other = make_facilitator("other@example.no")
    theirs = client.put(url, json={"view": "join"}, headers={"Authorization": f"Bearer {other}"})
    assert theirs.status_code == 404  # another's session looks like a missing one
    assert client.put(url, json={"view": "join"}).status_code == 401
    auto = client.put(url, json={"view": "auto"}, headers=mine).get_json()
    assert auto == {"view": "auto", "shown": "round", "word_cloud": []}
    assert client.get(url, headers=mine).get_json() == auto  # reading it again
    assert client.get(url, headers={"Authorization": f"Bearer {other}"}).status_code == 404


def test_the_projector_panel_offers_every_view_and_marks_the_chosen_one(
    app: Any, client: Any, running: dict[str, Any], logged_in: None
) -> None:
    client.post(f"/sessions/{running['id']}/projector/view", data={"view": "wall"})
    with app.test_request_context(), app.extensions[DATABASE_KEY].transaction() as db:
        cafe = db.get(CafeSession, running["id"])
        panel = render_template("facilitator/_projector_controls.html", cafe=cafe)
    assert f'action="/sessions/{running["id"]}/projector/view"' in panel
    assert 'name="csrf_token"' in panel and "js/features/projector_controls.js" in panel
    for view in ("auto", "join", "round", "wall", "syntheses", "results", "cloud"):
        pressed = "true" if view == "wall" else "false"
        assert f'value="{view}" class="button sort-button" aria-pressed="{pressed}"' in panel


def test_session_page_links_the_projector_and_settings(
    client: Any, cafe: dict[str, Any], logged_in: None, english: None
) -> None:
    page = client.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert f'href="/sessions/{cafe["id"]}/projector" target="_blank"' in page
    assert 'name="hide_other_tables"' in page and 'name="dots_per_participant"' in page
    assert "Open the projector" in page
    assert page.count("Open the projector") == 1  # the panel's link, not one per part


def test_participant_page_has_sort_and_vote_parts(
    client: Any, running: dict[str, Any], english: None
) -> None:
    client.post(f"/j/{running['join_code']}", data={"nickname": "", "table": "1"})
    page = client.get(f"/j/{running['join_code']}").get_data(as_text=True)
    assert 'data-sort-by="likes"' in page and "Most liked" in page
    assert "data-vote " in page


def test_hidden_tables_do_not_hear_other_tables_likes(
    running: dict[str, Any], seated: Callable[..., Any], client: Any, logged_in: None
) -> None:
    _, kari = seated(1)
    _, ola = seated(1)
    _, guest = seated(2)
    item = send(kari, "Bord en", "client-0011")
    client.post(
        f"/sessions/{running['id']}/reactions",
        data={"hide_other_tables": "1", "dots_per_participant": "0"},
    )
    guest.get_received()
    kari.get_received()
    ack = ola.emit("like", {"post_id": item["id"], "liked": True}, callback=True)
    assert events(kari, "likes") == [
        {"post_id": item["id"], "table": 1, "likes": 1, "seq": ack["seq"]}
    ]
    assert events(guest, "likes") == []


def test_bad_dots_setting_is_refused(
    client: Any, running: dict[str, Any], logged_in: None, english: None
) -> None:
    response = client.post(
        f"/sessions/{running['id']}/reactions", data={"dots_per_participant": "99"}
    )
    assert response.status_code == 400
    assert "Dots per participant" in response.get_data(as_text=True)


def test_in_the_harvest_a_like_carries_the_questions_new_top_five(
    app: Any,
    running: dict[str, Any],
    host: str,
    seated: Callable[..., Any],
    socket_client: Connect,
) -> None:
    writers = [seated(1)[1] for _ in range(3)]
    posts = [send(writers[i % 3], f"Innspill {i}", f"client-top-{i}") for i in range(6)]
    elsewhere = send(seated(2)[1], "Annet spørsmål", "client-top-x")
    _, ola = seated(2)

    before = ola.emit("like", {"post_id": elsewhere["id"], "liked": True}, callback=True)
    assert before["ok"] is True
    assert "question_top" not in events(ola, "likes")[0]  # before the harvest: just the count

    start_harvest(app, running["id"])
    facilitator = socket_client(auth={"token": host, "session": running["id"]})
    facilitator.get_received()
    writers[0].get_received()
    sixth = posts[5]  # the newest of six unliked inputs: not in question 1's top five
    ack = ola.emit("like", {"post_id": sixth["id"], "liked": True}, callback=True)
    assert ack["likes"] == 1
    (seen,) = events(facilitator, "likes")
    top = seen["question_top"]
    assert top["question"] == 0
    assert [p["id"] for p in top["posts"]] == [sixth["id"]] + [p["id"] for p in posts[:4]]
    assert top["posts"][0] == {
        "id": sixth["id"],
        "text": "Innspill 5",
        "table": 1,
        "round": 1,
        "likes": 1,
    }
    assert events(writers[0], "likes")[0]["question_top"] == top  # phones re-rank too

    ola.emit("like", {"post_id": sixth["id"], "liked": False}, callback=True)
    (seen,) = events(facilitator, "likes")
    assert [p["id"] for p in seen["question_top"]["posts"]] == [p["id"] for p in posts[:5]]
