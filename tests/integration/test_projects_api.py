"""Projects over HTTP and sockets: the owner groups cafés and chooses a team; a project's
people get a role in its cafés (the stronger of theirs counts); readers and removed members
are refused with a clear error and change nothing, open screens included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Bearer = Callable[[str], dict[str, str]]


@pytest.fixture
def series(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    make_session: Callable[..., dict[str, Any]],
    make_facilitator: Callable[..., tuple[int, str]],
    bearer: Bearer,
) -> dict[str, Any]:
    """The host's project of two cafés, with Kari (co-facilitator), Ola (reader) and Eve
    (nobody) as accounts."""
    kari_id, kari = make_facilitator("kari@example.no")
    ola_id, ola = make_facilitator("ola@example.no")
    _, eve = make_facilitator("eve@example.no")
    made = client.post(
        "/api/projects",
        json={"name": "Bolig for velferd", "description": "Grünerløkka 2027"},
        headers=bearer(host),
    )
    assert made.status_code == 201, made.get_json()
    project = made.get_json()
    second = make_session(host)
    base = f"/api/projects/{project['id']}"
    for sid in (cafe["id"], second["id"]):
        put = client.put(f"{base}/sessions/{sid}", headers=bearer(host))
        assert put.status_code == 200, put.get_json()
    for email, role in (("kari@example.no", "co_facilitator"), ("Ola@Example.no", "reader")):
        added = client.post(
            f"{base}/members", json={"email": email, "role": role}, headers=bearer(host)
        )
        assert added.status_code == 201, added.get_json()
    return {
        "host": host,
        "id": project["id"],
        "base": base,
        "cafes": (cafe, second),
        "kari": kari,
        "kari_id": kari_id,
        "ola": ola,
        "ola_id": ola_id,
        "eve": eve,
    }


def test_the_project_lists_its_cafes_with_counts(
    client: Any,
    host: str,
    series: dict[str, Any],
    bearer: Bearer,
    make_participant: Callable[..., dict[str, Any]],
    socket_client: Callable[..., Any],
) -> None:
    first, second = series["cafes"]
    client.patch(
        f"/api/sessions/{second['id']}",
        json={"event_date": "2027-03-01", "place": "Biblioteket", "target_group": "Unge"},
        headers=bearer(host),
    )
    client.patch(
        f"/api/sessions/{first['id']}", json={"event_date": "2027-04-01"}, headers=bearer(host)
    )
    client.post(f"/api/sessions/{first['id']}/rounds/next", headers=bearer(host))
    person = make_participant(first["join_code"], table=1)
    make_participant(first["join_code"], table=2)
    phone = socket_client(auth={"token": person["token"]})
    ack = phone.emit("post", {"client_id": "client-0001", "text": "Trygghet"}, callback=True)
    assert ack["ok"] is True, ack
    shown = client.get(series["base"], headers=bearer(series["ola"])).get_json()
    assert shown["name"] == "Bolig for velferd" and shown["role"] == "reader"
    assert shown["can_configure"] is False
    assert [c["id"] for c in shown["cafes"]] == [second["id"], first["id"]]  # by date
    assert shown["cafes"][0]["target_group"] == "Unge"
    assert shown["cafes"][0]["place"] == "Biblioteket"
    assert shown["cafes"][1]["counts"] == {
        "participants": 2,
        "inputs": 1,
        "tables": first["tables"],
    }
    assert shown["cafes"][1]["status"] == "running"
    assert [m["email"] for m in shown["team"]["members"]] == ["kari@example.no", "ola@example.no"]
    listed = client.get("/api/projects", headers=bearer(series["kari"])).get_json()
    assert [(p["name"], p["role"], p["cafe_count"]) for p in listed["projects"]] == [
        ("Bolig for velferd", "co_facilitator", 2)
    ]
    assert client.get("/api/projects", headers=bearer(series["eve"])).get_json() == {"projects": []}
    details = client.get(f"/api/sessions/{second['id']}", headers=bearer(host)).get_json()
    assert details["target_group"] == "Unge"


def test_project_roles_reach_into_its_cafes(
    client: Any, host: str, series: dict[str, Any], bearer: Bearer
) -> None:
    first, _ = series["cafes"]
    kari, ola, eve = (bearer(series[name]) for name in ("kari", "ola", "eve"))
    started = client.post(f"/api/sessions/{first['id']}/rounds/next", headers=kari)
    assert started.status_code == 200
    # A project co-facilitator runs the café but does not delete it or choose its team.
    assert client.delete(f"/api/sessions/{first['id']}", headers=kari).status_code == 403
    refused = client.post(
        f"/api/sessions/{first['id']}/members",
        json={"email": "eve@example.no", "role": "reader"},
        headers=kari,
    )
    assert refused.status_code == 403
    # A project reader sees and downloads, and changes nothing.
    assert client.get(f"/api/sessions/{first['id']}", headers=ola).status_code == 200
    assert client.get(f"/api/sessions/{first['id']}/export.md", headers=ola).status_code == 200
    nope = client.post(f"/api/sessions/{first['id']}/rounds/next", headers=ola)
    assert nope.status_code == 403 and nope.get_json()["code"] == "read_only"
    assert client.get(f"/api/sessions/{first['id']}", headers=eve).status_code == 404
    # The stronger role counts: a project reader who co-facilitates the café runs it.
    client.post(
        f"/api/sessions/{first['id']}/members",
        json={"email": "ola@example.no", "role": "co_facilitator"},
        headers=bearer(host),
    )
    assert client.post(f"/api/sessions/{first['id']}/rounds/next", headers=ola).status_code == 200


def test_readers_and_strangers_change_nothing(
    client: Any, host: str, series: dict[str, Any], bearer: Bearer
) -> None:
    base = series["base"]
    first, _ = series["cafes"]
    ola, eve, kari = (bearer(series[name]) for name in ("ola", "eve", "kari"))
    before = client.get(base, headers=bearer(host)).get_json()
    for headers, status, code in ((ola, 403, "read_only"), (eve, 404, "unknown_project")):
        for method, url, body in (
            ("patch", base, {"name": "Mine"}),
            ("delete", base, None),
            ("delete", f"{base}/sessions/{first['id']}", None),
            ("post", f"{base}/members", {"email": "eve@example.no", "role": "reader"}),
            ("delete", f"{base}/members/{series['kari_id']}", None),
        ):
            answer = getattr(client, method)(url, json=body, headers=headers)
            assert answer.status_code == status, (method, url, answer.get_json())
            assert answer.get_json()["code"] == code and answer.get_json()["error"]
    # A stranger cannot tell the project from a missing one.
    assert client.get(base, headers=eve).get_json()["code"] == "unknown_project"
    assert client.get("/api/projects/999999", headers=eve).get_json()["code"] == ("unknown_project")
    # A co-facilitator renames, but neither deletes the project nor chooses its team.
    assert client.delete(base, headers=kari).get_json()["code"] == "owner_only"
    assert client.patch(base, json={"name": "Ny"}, headers=kari).status_code == 200
    after = client.get(base, headers=bearer(host)).get_json()
    assert after["name"] == "Ny" and after["cafes"] == before["cafes"]
    assert after["team"] == before["team"]


def test_adding_a_cafe_needs_its_owner_and_a_project_to_configure(
    client: Any,
    host: str,
    series: dict[str, Any],
    bearer: Bearer,
    make_session: Callable[..., dict[str, Any]],
) -> None:
    kari = bearer(series["kari"])
    karis_cafe = make_session(series["kari"])
    hosts_other = make_session(host)
    # Kari may configure the project and owns her café: in it goes.
    assert (
        client.put(f"{series['base']}/sessions/{karis_cafe['id']}", headers=kari).status_code == 200
    )
    # Not the host's café: Kari runs the project's cafés but owns none of the host's.
    refused = client.put(f"{series['base']}/sessions/{hosts_other['id']}", headers=kari)
    assert refused.status_code == 404
    # A café is in at most one project.
    other = client.post("/api/projects", json={"name": "Other"}, headers=bearer(host)).get_json()
    moved = client.put(
        f"/api/projects/{other['id']}/sessions/{series['cafes'][0]['id']}", headers=bearer(host)
    )
    assert moved.status_code == 409 and moved.get_json()["code"] == "cafe_in_other_project"
    again = client.put(
        f"{series['base']}/sessions/{series['cafes'][0]['id']}", headers=bearer(host)
    )
    assert again.status_code == 200 and len(again.get_json()["cafes"]) == 3
    missing = client.delete(
        f"/api/projects/{other['id']}/sessions/{hosts_other['id']}", headers=bearer(host)
    )
    assert missing.status_code == 404 and missing.get_json()["code"] == "cafe_not_in_project"


def test_removed_members_are_out_at_once_open_screens_included(
    client: Any,
    host: str,
    series: dict[str, Any],
    bearer: Bearer,
    socket_client: Callable[..., Any],
) -> None:
    first, second = series["cafes"]
    screens = [
        socket_client(auth={"token": series["ola"], "session": c["id"]}) for c in (first, second)
    ]
    assert all(s.is_connected() for s in screens)
    for screen in screens:
        screen.get_received()
    removed = client.delete(f"{series['base']}/members/{series['ola_id']}", headers=bearer(host))
    assert removed.status_code == 200
    assert [m["email"] for m in removed.get_json()["members"]] == ["kari@example.no"]
    for screen in screens:
        assert [e["name"] for e in screen.get_received()] == ["access"]
        paged = screen.emit("older_posts", {"before": 10**6}, callback=True)
        assert paged["ok"] is False and paged["code"] == "unknown_session"
    assert not socket_client(auth={"token": series["ola"], "session": first["id"]}).is_connected()
    ola = bearer(series["ola"])
    assert client.get(series["base"], headers=ola).status_code == 404
    assert client.get(f"/api/sessions/{first['id']}", headers=ola).status_code == 404


def test_a_cafe_taken_out_or_a_deleted_project_ends_access(
    client: Any,
    host: str,
    series: dict[str, Any],
    bearer: Bearer,
    socket_client: Callable[..., Any],
) -> None:
    first, second = series["cafes"]
    kari = bearer(series["kari"])
    screen = socket_client(auth={"token": series["kari"], "session": first["id"]})
    assert screen.is_connected()
    screen.get_received()
    out = client.delete(f"{series['base']}/sessions/{first['id']}", headers=kari)
    assert out.status_code == 200 and [c["id"] for c in out.get_json()["cafes"]] == [second["id"]]
    assert [e["name"] for e in screen.get_received()] == ["access"]
    assert client.get(f"/api/sessions/{first['id']}", headers=kari).status_code == 404
    assert client.get(f"/api/sessions/{first['id']}", headers=bearer(host)).status_code == 200
    deleted = client.delete(series["base"], headers=bearer(host))
    assert deleted.status_code == 200
    assert client.get(f"/api/sessions/{second['id']}", headers=kari).status_code == 404
    assert client.get(f"/api/sessions/{second['id']}", headers=bearer(host)).status_code == 200
    assert client.get(series["base"], headers=bearer(host)).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x" * 201}, "name"),
        ({"name": "   "}, "name"),
        ({"name": 5}, "name"),
        ({"name": "Ok", "description": "y" * 2001}, "description"),
    ],
)
def test_bad_project_bodies_are_refused(
    client: Any, host: str, bearer: Bearer, body: dict[str, Any], field: str
) -> None:
    answer = client.post("/api/projects", json=body, headers=bearer(host))
    assert answer.status_code == 400 and answer.get_json()["field"] == field
    assert client.get("/api/projects", headers=bearer(host)).get_json() == {"projects": []}


def test_bad_ids_and_bodies_get_4xx(
    client: Any, host: str, series: dict[str, Any], bearer: Bearer
) -> None:
    headers = bearer(host)
    assert client.get("/api/projects/9" + "9" * 30, headers=headers).status_code == 404
    assert client.get("/api/projects/abc", headers=headers).status_code == 404
    assert client.put(f"{series['base']}/sessions/999999", headers=headers).status_code == 404
    raw = client.post(
        "/api/projects", data="{not json", content_type="application/json", headers=headers
    )
    assert raw.status_code == 400
    assert client.patch(series["base"], json=[], headers=headers).status_code == 400
    assert client.patch(series["base"], json={}, headers=headers).status_code == 400
    bad_role = client.post(
        f"{series['base']}/members",
        json={"email": "eve@example.no", "role": "owner"},
        headers=headers,
    )
    assert bad_role.status_code == 400 and bad_role.get_json()["field"] == "role"
    nobody = client.post(
        f"{series['base']}/members",
        json={"email": "no@example.no", "role": "reader"},
        headers=headers,
    )
    assert nobody.status_code == 404 and nobody.get_json()["code"] == "unknown_account"
    owner = client.post(
        f"{series['base']}/members",
        json={"email": "host@example.no", "role": "reader"},
        headers=headers,
    )
    assert owner.status_code == 400
    # Changing something needs a bearer token, never the login cookie.
    assert client.post("/api/projects", json={"name": "x"}).status_code == 401


def test_a_cafe_owner_outside_the_project_takes_their_cafe_back(
    client: Any,
    series: dict[str, Any],
    bearer: Bearer,
    make_session: Callable[..., dict[str, Any]],
) -> None:
    kari = bearer(series["kari"])
    karis_cafe = make_session(series["kari"])
    client.put(f"{series['base']}/sessions/{karis_cafe['id']}", headers=kari)
    client.delete(f"{series['base']}/members/{series['kari_id']}", headers=bearer(series["host"]))
    assert client.get(series["base"], headers=kari).status_code == 404
    back = client.delete(f"{series['base']}/sessions/{karis_cafe['id']}", headers=kari)
    assert back.status_code == 204
    shown = client.get(series["base"], headers=bearer(series["host"])).get_json()
    assert karis_cafe["id"] not in [c["id"] for c in shown["cafes"]]
    # Someone else's café: still nothing to see.
    other = client.delete(f"{series['base']}/sessions/{series['cafes'][0]['id']}", headers=kari)
    assert other.status_code == 404
