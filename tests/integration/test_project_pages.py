"""The Projects pages and the dashboard's filters, as a browser without JavaScript uses
them: forms post, pages redirect, a reader sees no form, bad query values are refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Bearer = Callable[[str], dict[str, str]]


def _text(response: Any) -> str:
    return str(response.get_data(as_text=True))


def test_the_owner_makes_a_project_and_fills_it(
    client: Any,
    auth: Any,
    host: str,
    cafe: dict[str, Any],
    make_session: Callable[..., dict[str, Any]],
    make_facilitator: Callable[..., tuple[int, str]],
    english: None,
) -> None:
    make_facilitator("ola@example.no")
    other = make_session(host)
    assert auth.login("host@example.no").status_code == 302
    assert "Projects" in _text(client.get("/sessions"))
    too_long = client.post("/projects", data={"name": "x" * 201})
    assert too_long.status_code == 400 and "at most 200" in _text(too_long)
    made = client.post("/projects", data={"name": "Bolig for velferd", "description": "Serie"})
    assert made.status_code == 302
    url = made.headers["Location"]
    project_id = int(re.search(r"/projects/(\d+)", url).group(1))  # type: ignore[union-attr]
    page = _text(client.get(url))
    assert "Bolig for velferd" in page and "No cafés in this project yet." in page
    assert f"/api/projects/{project_id}/export.docx" in page
    for sid in (cafe["id"], other["id"]):
        client.post(f"/projects/{project_id}/sessions", data={"session_id": str(sid)})
    client.post(
        f"/sessions/{cafe['id']}/report-details",
        data={"place": "Biblioteket", "target_group": "Unge voksne", "event_date": "2027-02-03"},
    )
    page = _text(client.get(url))
    assert "Biblioteket" in page and "Unge voksne" in page
    assert page.count("Take out of the project") == 2
    assert "All your cafés are in a project." in page
    bad = client.post(f"/projects/{project_id}/sessions", data={"session_id": "nope"})
    assert bad.status_code == 302
    added = client.post(
        f"/projects/{project_id}/members",
        data={"email": "ola@example.no", "role": "reader"},
        follow_redirects=True,
    )
    assert "ola@example.no is on the team." in _text(added)
    renamed = client.post(
        f"/projects/{project_id}/edit", data={"name": "", "description": ""}, follow_redirects=True
    )
    assert "name:" in _text(renamed)  # refused, shown on the page
    listed = _text(client.get("/projects"))
    assert "Bolig for velferd" in listed and "2 cafés" in listed
    out = client.post(
        f"/projects/{project_id}/sessions/{other['id']}/remove", follow_redirects=True
    )
    assert _text(out).count("Take out of the project") == 1
    gone = client.post(f"/projects/{project_id}/delete", follow_redirects=True)
    assert "The project is deleted." in _text(gone)
    assert client.get(url).status_code == 404


def test_a_reader_sees_the_project_and_no_form(
    client: Any,
    auth: Any,
    host: str,
    cafe: dict[str, Any],
    make_facilitator: Callable[..., tuple[int, str]],
    bearer: Bearer,
    english: None,
) -> None:
    ola_id, _ = make_facilitator("ola@example.no")
    project = client.post("/api/projects", json={"name": "Serie"}, headers=bearer(host)).get_json()
    client.put(f"/api/projects/{project['id']}/sessions/{cafe['id']}", headers=bearer(host))
    client.post(
        f"/api/projects/{project['id']}/members",
        json={"email": "ola@example.no", "role": "reader"},
        headers=bearer(host),
    )
    assert auth.login("ola@example.no").status_code == 302
    page = _text(client.get(f"/projects/{project['id']}"))
    assert cafe["title"] in page and "Reader" in page
    assert "<form" not in page.split("</header>", 1)[1]  # the log-out form is in the header
    dashboard = _text(client.get("/sessions"))
    assert cafe["title"] in dashboard  # a project's cafés are on its people's dashboard
    refused = client.post(f"/projects/{project['id']}/edit", data={"name": "Mine"})
    assert refused.status_code == 302
    assert client.get("/api/projects", headers=bearer(host)).get_json()["projects"][0]["name"] == (
        "Serie"
    )
    client.delete(f"/api/projects/{project['id']}/members/{ola_id}", headers=bearer(host))
    assert client.get(f"/projects/{project['id']}").status_code == 404
    assert client.get(f"/sessions/{cafe['id']}").status_code == 404


def test_the_dashboard_filters_by_project_and_status(
    client: Any,
    auth: Any,
    host: str,
    cafe: dict[str, Any],
    make_session: Callable[..., dict[str, Any]],
    bearer: Bearer,
    english: None,
) -> None:
    loose = make_session(host, title="Loose café")
    project = client.post("/api/projects", json={"name": "Serie"}, headers=bearer(host)).get_json()
    client.put(f"/api/projects/{project['id']}/sessions/{cafe['id']}", headers=bearer(host))
    client.post(f"/api/sessions/{loose['id']}/rounds/next", headers=bearer(host))
    assert auth.login("host@example.no").status_code == 302
    everything = _text(client.get("/sessions"))
    assert cafe["title"] in everything and "Loose café" in everything
    in_project = _text(client.get(f"/sessions?project={project['id']}"))
    assert cafe["title"] in in_project and "Loose café" not in in_project
    assert "1 of 2 cafés" in in_project
    running = _text(client.get("/sessions?status=running"))
    assert "Loose café" in running and f">{cafe['title']}<" not in running
    none = _text(client.get("/sessions?project=none&status=closed"))
    assert "No cafés match" in none
    for query in ("project=999999", "project=" + "9" * 40, "status=open", "project=-1"):
        answer = client.get(f"/sessions?{query}")
        assert answer.status_code == 200 and 'class="notice notice-error"' in _text(answer)


def test_a_new_session_goes_into_a_chosen_project(
    client: Any, auth: Any, host: str, bearer: Bearer, english: None
) -> None:
    project = client.post("/api/projects", json={"name": "Serie"}, headers=bearer(host)).get_json()
    assert auth.login("host@example.no").status_code == 302
    form = _text(client.get(f"/sessions/new?project={project['id']}"))
    assert f'<option value="{project["id"]}" selected>Serie</option>' in form
    made = client.post(
        "/sessions/new",
        data={
            "title": "Kafé i parken",
            "tables": "3",
            "rounds": "2",
            "round_minutes": "15",
            "topics": "Hva er et godt hjem?",
            "target_group": "Eldre",
            "project": str(project["id"]),
        },
    )
    assert made.status_code == 302, _text(made)
    shown = client.get(f"/api/projects/{project['id']}", headers=bearer(host)).get_json()
    assert [(c["title"], c["target_group"]) for c in shown["cafes"]] == [("Kafé i parken", "Eldre")]
    refused = client.post(
        "/sessions/new",
        data={
            "title": "X",
            "tables": "3",
            "rounds": "2",
            "round_minutes": "15",
            "topics": "Q",
            "project": "999999",
        },
    )
    assert refused.status_code == 200 and "This project does not exist" in _text(refused)
