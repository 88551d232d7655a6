"""Themes over the API, the session page's forms and a table host's ``theme`` event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.received import events

Connect = Callable[..., Any]


@pytest.fixture
def harvest(
    running: dict[str, Any],
    host: str,
    client: Any,
    bearer: Callable[[str], dict[str, str]],
    make_participant: Callable[..., Any],
    socket_client: Connect,
) -> dict[str, Any]:
    """A café in the harvest: inputs about safety at tables 1 and 2, one about homes."""
    people = {}
    for table, text in ((1, "Trygghet i oppgangen"), (2, "Trygge hjem"), (1, "Bolig nær buss")):
        person = make_participant(running["join_code"], table=table)
        phone = socket_client(auth={"token": person["token"]})
        body = {"client_id": f"theme-input-{len(people):02d}", "text": text}
        assert phone.emit("post", body, callback=True)["ok"] is True
        people[text] = (person, phone)
    response = client.post(f"/api/sessions/{running['id']}/harvest", headers=bearer(host))
    assert response.status_code == 200
    return {"cafe": running, "people": people}


def test_the_api_lists_suggestions_and_makes_fills_renames_and_deletes_themes(
    harvest: dict[str, Any],
    host: str,
    client: Any,
    bearer: Callable[[str], dict[str, str]],
    socket_client: Connect,
) -> None:
    cafe = harvest["cafe"]
    base = f"/api/sessions/{cafe['id']}/themes"
    watcher = socket_client(auth={"token": host, "session": cafe["id"]})
    watcher.get_received()
    _person, phone = harvest["people"]["Bolig nær buss"]
    phone.get_received()

    listed = client.get(base, headers=bearer(host)).get_json()
    assert listed["open"] is True and listed["themes"] == []
    [suggestion] = listed["suggestions"]
    assert (suggestion["name"], suggestion["tables"]) == ("Trygge", [1, 2])

    made = client.post(
        base, json={"name": "Trygghet", "post_ids": suggestion["post_ids"]}, headers=bearer(host)
    )
    assert made.status_code == 201
    [theme] = made.get_json()["themes"]
    assert (theme["input_count"], theme["tables"], theme["table"]) == (2, [1, 2], None)
    assert made.get_json()["suggestions"] == []
    assert events(watcher, "themes") == [{"themes": [theme]}]
    assert events(phone, "themes") == [{"themes": [theme]}]

    other = client.post(base, json={"name": "Bolig"}, headers=bearer(host)).get_json()
    second = other["themes"][1]["id"]
    moved = client.post(
        f"{base}/{second}/posts", json={"post_ids": [theme["post_ids"][1]]}, headers=bearer(host)
    ).get_json()
    assert [t["input_count"] for t in moved["themes"]] == [1, 1]

    renamed = client.patch(f"{base}/{second}", json={"name": "Boliger"}, headers=bearer(host))
    assert renamed.get_json()["themes"][1]["name"] == "Boliger"
    out = client.delete(f"{base}/posts/{theme['post_ids'][0]}", headers=bearer(host)).get_json()
    assert out["themes"][0]["input_count"] == 0
    gone = client.delete(f"{base}/{theme['id']}", headers=bearer(host)).get_json()
    assert [t["name"] for t in gone["themes"]] == ["Boliger"]

    too_long = client.post(base, json={"name": "x" * 121}, headers=bearer(host))
    assert (too_long.status_code, too_long.get_json()["field"]) == (400, "name")
    missing = client.patch(f"{base}/999999", json={"name": "A"}, headers=bearer(host))
    assert (missing.status_code, missing.get_json()["code"]) == (404, "unknown_theme")
    cookie_only = client.post(base, json={"name": "A"})
    assert cookie_only.status_code == 401


def test_themes_wait_for_the_harvest(
    running: dict[str, Any], host: str, client: Any, bearer: Callable[[str], dict[str, str]]
) -> None:
    response = client.post(
        f"/api/sessions/{running['id']}/themes", json={"name": "A"}, headers=bearer(host)
    )
    assert (response.status_code, response.get_json()["code"]) == (409, "themes_closed")


def test_a_table_host_groups_their_tables_inputs_from_the_phone(
    harvest: dict[str, Any],
    host: str,
    client: Any,
    bearer: Callable[[str], dict[str, str]],
) -> None:
    cafe = harvest["cafe"]
    person, phone = harvest["people"]["Trygghet i oppgangen"]
    _other, other_phone = harvest["people"]["Trygge hjem"]
    refused = phone.emit("theme", {"action": "list"}, callback=True)
    assert (refused["ok"], refused["code"]) == (False, "not_host")
    response = client.post(
        f"/api/sessions/{cafe['id']}/tables/1/host",
        json={"participant_id": person["id"]},
        headers=bearer(host),
    )
    assert response.status_code == 200
    listed = phone.emit("theme", {"action": "list"}, callback=True)
    assert listed["ok"] is True and listed["table"] == 1
    assert {item["table"] for item in listed["inputs"]} == {1}
    ids = [item["id"] for item in listed["inputs"]]
    other_phone.get_received()
    made = phone.emit(
        "theme", {"action": "create", "name": "Vårt bord", "post_ids": ids}, callback=True
    )
    assert made["ok"] is True and made["themes"][0]["table"] == 1
    assert events(other_phone, "themes")[0]["themes"][0]["name"] == "Vårt bord"
    bad = phone.emit("theme", {"action": "fly"}, callback=True)
    assert (bad["ok"], bad["code"]) == (False, "invalid_field")


def test_the_session_page_forms_work_without_a_script(
    harvest: dict[str, Any], client: Any, auth: Any
) -> None:
    cafe = harvest["cafe"]
    auth.login("host@example.no")
    page = client.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert 'id="themes"' in page and "Trygge" in page
    made = client.post(f"/sessions/{cafe['id']}/themes", data={"name": "Lys"})
    assert made.status_code == 302 and made.headers["Location"].endswith("#themes")
    answer = client.post(
        f"/sessions/{cafe['id']}/themes",
        data={"name": "Trygghet"},
        headers={"Accept": "application/json"},
    ).get_json()
    theme = answer["themes"][1]["id"]
    post = answer["inputs"][0]["id"]
    placed = client.post(
        f"/sessions/{cafe['id']}/themes/place",
        data={"post_id": str(post), "theme_id": str(theme)},
        headers={"Accept": "application/json"},
    ).get_json()
    assert placed["themes"][1]["post_ids"] == [post]
    removed = client.post(
        f"/sessions/{cafe['id']}/themes/place",
        data={"post_id": str(post), "theme_id": ""},
        headers={"Accept": "application/json"},
    ).get_json()
    assert removed["themes"][1]["post_ids"] == []


def test_a_hosts_state_carries_their_themes_in_the_harvest(
    harvest: dict[str, Any],
    host: str,
    client: Any,
    bearer: Callable[[str], dict[str, str]],
    socket_client: Connect,
) -> None:
    cafe = harvest["cafe"]
    person, phone = harvest["people"]["Trygghet i oppgangen"]
    other, _other_phone = harvest["people"]["Trygge hjem"]
    response = client.post(
        f"/api/sessions/{cafe['id']}/tables/1/host",
        json={"participant_id": person["id"]},
        headers=bearer(host),
    )
    assert response.status_code == 200
    ids = [item["id"] for item in phone.emit("theme", {"action": "list"}, callback=True)["inputs"]]
    phone.emit(
        "theme", {"action": "create", "name": "Vårt bord", "post_ids": ids[:1]}, callback=True
    )

    (state,) = events(socket_client(auth={"token": person["token"]}), "state")
    themes = state["themes"]
    assert themes["open"] is True and themes["table"] == 1
    assert [theme["name"] for theme in themes["themes"]] == ["Vårt bord"]
    assert themes["themes"][0]["post_ids"] == ids[:1]
    assert {item["table"] for item in themes["inputs"]} == {1}
    assert len(themes["inputs"]) == 2
    assert "suggestions" in themes
    # Not a host: no themes in the state.
    (others,) = events(socket_client(auth={"token": other["token"]}), "state")
    assert others["themes"] is None


def test_a_hosts_state_has_no_themes_before_the_harvest(
    running: dict[str, Any],
    host: str,
    client: Any,
    bearer: Callable[[str], dict[str, str]],
    make_participant: Callable[..., Any],
    socket_client: Connect,
) -> None:
    person = make_participant(running["join_code"], table=1)
    response = client.post(
        f"/api/sessions/{running['id']}/tables/1/host",
        json={"participant_id": person["id"]},
        headers=bearer(host),
    )
    assert response.status_code == 200
    (state,) = events(socket_client(auth={"token": person["token"]}), "state")
    assert state["is_host"] is True and state["themes"] is None
