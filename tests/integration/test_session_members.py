"""Co-facilitators and readers over HTTP and sockets: each role does what the role table
says and nothing more; a removed member is out at once, open screens included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Bearer = Callable[[str], dict[str, str]]


@pytest.fixture
def team(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    make_facilitator: Callable[..., tuple[int, str]],
    bearer: Bearer,
) -> dict[str, Any]:
    """The owner's café with a co-facilitator (Kari), a reader (Ola) and a stranger (Eve)."""
    kari_id, kari = make_facilitator("kari@example.no")
    ola_id, ola = make_facilitator("ola@example.no")
    _, eve = make_facilitator("eve@example.no")
    base = f"/api/sessions/{cafe['id']}/members"
    for email, role in (("Kari@Example.no", "co_facilitator"), ("ola@example.no", "reader")):
        added = client.post(base, json={"email": email, "role": role}, headers=bearer(host))
        assert added.status_code == 201, added.get_json()
    listed = client.get(base, headers=bearer(ola)).get_json()
    assert [(m["email"], m["role"]) for m in listed["members"]] == [
        ("kari@example.no", "co_facilitator"),
        ("ola@example.no", "reader"),
    ]
    return {
        "base": base,
        "kari": kari,
        "kari_id": kari_id,
        "ola": ola,
        "ola_id": ola_id,
        "eve": eve,
    }


def _round(client: Any, cafe: dict[str, Any], token: str, bearer: Bearer) -> int:
    return client.get(f"/api/sessions/{cafe['id']}", headers=bearer(token)).get_json()["round"]


def test_a_co_facilitator_runs_the_cafe_but_cannot_delete_it_or_choose_members(
    client: Any, host: str, cafe: dict[str, Any], team: dict[str, Any], bearer: Bearer
) -> None:
    kari = bearer(team["kari"])
    started = client.post(f"/api/sessions/{cafe['id']}/rounds/next", headers=kari)
    assert started.status_code == 200 and _round(client, cafe, host, bearer) == 1
    changed = client.patch(
        f"/api/sessions/{cafe['id']}", json={"approve_first": True}, headers=kari
    )
    assert changed.status_code == 200
    assert client.get(f"/api/sessions/{cafe['id']}/export.md", headers=kari).status_code == 200
    deleted = client.delete(f"/api/sessions/{cafe['id']}", headers=kari)
    assert deleted.status_code == 403 and deleted.get_json()["code"] == "owner_only"
    invited = client.post(
        team["base"], json={"email": "eve@example.no", "role": "reader"}, headers=kari
    )
    assert invited.status_code == 403 and invited.get_json()["code"] == "owner_only"
    dashboard = client.get("/api/sessions/" + str(cafe["id"]), headers=kari)
    assert dashboard.get_json()["title"] == cafe["title"]


def test_a_reader_sees_and_downloads_and_changes_nothing(
    client: Any, host: str, cafe: dict[str, Any], team: dict[str, Any], bearer: Bearer
) -> None:
    ola = bearer(team["ola"])
    assert client.get(f"/api/sessions/{cafe['id']}", headers=ola).status_code == 200
    for fmt in ("md", "json", "pdf"):
        assert (
            client.get(f"/api/sessions/{cafe['id']}/export.{fmt}", headers=ola).status_code == 200
        )
    assert client.get(f"/api/sessions/{cafe['id']}/cards.pdf", headers=ola).status_code == 200
    for method, path, body in (
        ("post", "/rounds/next", None),
        ("patch", "", {"dots_per_participant": 3}),
        ("put", "/projector", {"view": "wall"}),
        ("delete", "", None),
    ):
        answer = getattr(client, method)(
            f"/api/sessions/{cafe['id']}{path}", json=body, headers=ola
        )
        assert answer.status_code == 403, (method, path, answer.get_json())
        assert answer.get_json()["code"] == "read_only"
    assert _round(client, cafe, host, bearer) == 0


def test_a_stranger_sees_no_cafe(
    client: Any, cafe: dict[str, Any], team: dict[str, Any], bearer: Bearer
) -> None:
    eve = bearer(team["eve"])
    for path in ("", "/members", "/export.md", "/cards.pdf"):
        answer = client.get(f"/api/sessions/{cafe['id']}{path}", headers=eve)
        assert answer.status_code == 404 and answer.get_json()["code"] == "unknown_session"


def test_adding_needs_an_existing_account_and_a_member_role(
    client: Any, host: str, cafe: dict[str, Any], team: dict[str, Any], bearer: Bearer
) -> None:
    owner = bearer(host)
    unknown = client.post(
        team["base"], json={"email": "nobody@example.no", "role": "reader"}, headers=owner
    )
    assert unknown.status_code == 404 and unknown.get_json()["code"] == "unknown_account"
    for body in (
        {"email": "eve@example.no", "role": "owner"},
        {"email": "eve@example.no"},
        {"email": ["x"], "role": "reader"},
        {"email": "host@example.no", "role": "reader"},
    ):
        refused = client.post(team["base"], json=body, headers=owner)
        assert refused.status_code == 400, body
        assert refused.get_json()["code"] == "invalid_field"


def test_a_removed_member_is_out_at_once_open_screens_included(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    team: dict[str, Any],
    bearer: Bearer,
    socket_client: Callable[..., Any],
    make_participant: Callable[..., dict[str, Any]],
) -> None:
    kari_screen = socket_client(auth={"token": team["kari"], "session": cafe["id"]})
    owner_screen = socket_client(auth={"token": host, "session": cafe["id"]})
    assert kari_screen.is_connected() and owner_screen.is_connected()
    kari_screen.get_received()
    owner_screen.get_received()
    removed = client.delete(f"{team['base']}/{team['kari_id']}", headers=bearer(host))
    assert removed.status_code == 200
    assert [m["email"] for m in removed.get_json()["members"]] == ["ola@example.no"]
    # Both screens are told to connect again and are out of the room meanwhile.
    assert [e["name"] for e in kari_screen.get_received()] == ["access"]
    assert [e["name"] for e in owner_screen.get_received()] == ["access"]
    make_participant(cafe["join_code"], table=1)
    assert kari_screen.get_received() == []
    paged = kari_screen.emit("older_posts", {"before": 10**6}, callback=True)
    assert paged["ok"] is False and paged["code"] == "unknown_session"
    # Kari can connect no more; the owner's screen comes back.
    assert not socket_client(auth={"token": team["kari"], "session": cafe["id"]}).is_connected()
    again = socket_client(auth={"token": host, "session": cafe["id"]})
    assert again.is_connected()
    assert (
        client.get(f"/api/sessions/{cafe['id']}", headers=bearer(team["kari"])).status_code == 404
    )


def test_shared_cafes_are_on_the_members_dashboard(
    client: Any, cafe: dict[str, Any], team: dict[str, Any], auth: Any
) -> None:
    assert auth.login("ola@example.no").status_code == 302
    page = client.get("/sessions").get_data(as_text=True)
    assert cafe["title"] in page
