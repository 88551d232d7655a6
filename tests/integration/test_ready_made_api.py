"""Ready-made sessions over the API: a copy of a café and a café from a built-in plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Bearer = Callable[[str], dict[str, str]]


def test_a_copy_is_a_new_draft_without_the_people(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    bearer: Bearer,
    make_participant: Callable[..., dict[str, Any]],
    next_round: Callable[..., Any],
) -> None:
    make_participant(cafe["join_code"], table=1)
    next_round(host, cafe["id"])
    client.patch(
        f"/api/sessions/{cafe['id']}", json={"dots_per_participant": 3}, headers=bearer(host)
    )
    response = client.post(f"/api/sessions/{cafe['id']}/duplicate", headers=bearer(host))
    assert response.status_code == 201, response.get_json()
    copy = response.get_json()
    assert copy["title"] == "Et trygt hjem for alle (kopi)"
    assert copy["status"] == "draft" and copy["round"] == 0
    assert copy["id"] != cafe["id"] and copy["join_code"] != cafe["join_code"]
    assert copy["join_url"].endswith(f"/j/{copy['join_code']}")
    assert [t["topic"] for t in copy["table_topics"]] == [t["topic"] for t in cafe["table_topics"]]
    settings = client.patch(
        f"/api/sessions/{copy['id']}", json={"approve_first": False}, headers=bearer(host)
    ).get_json()
    assert settings["dots_per_participant"] == 3  # how the café runs came along


def test_only_the_owner_copies(
    client: Any,
    cafe: dict[str, Any],
    make_facilitator: Callable[..., tuple[int, str]],
    bearer: Bearer,
) -> None:
    _, other = make_facilitator("other@example.no")
    response = client.post(f"/api/sessions/{cafe['id']}/duplicate", headers=bearer(other))
    assert response.status_code == 404
    assert response.get_json()["code"] == "unknown_session"
    assert client.post(f"/api/sessions/{cafe['id']}/duplicate").status_code == 401


def test_a_cafe_from_a_built_in_plan(client: Any, host: str, bearer: Bearer, english: None) -> None:
    listed = client.get("/api/templates", headers=bearer(host)).get_json()["templates"]
    assert [t["key"] for t in listed] == ["home", "service", "meeting-place"]
    assert listed[0]["title"] == "A good place to live"
    response = client.post("/api/templates/meeting-place/sessions", headers=bearer(host))
    assert response.status_code == 201, response.get_json()
    made = response.get_json()
    assert made["title"] == "Planning a meeting place" and made["rotation"] == "people"
    unknown = client.post("/api/templates/nope/sessions", headers=bearer(host))
    assert unknown.status_code == 400
    assert unknown.get_json()["code"] == "invalid_field"
    assert client.get("/api/templates").status_code == 401
