"""Own templates over HTTP: save a café's plan, list it beside the built-in plans, start a
new café from it, delete it; someone else's is invisible and a broken one is a clear 422."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import update

from dialogcafe.domain import saved_templates
from dialogcafe.domain.models import SavedTemplate
from dialogcafe.extensions import get_database

Bearer = Callable[[str], dict[str, str]]


def _save(client: Any, cafe: dict[str, Any], token: str, bearer: Bearer, name: Any) -> Any:
    return client.post(
        f"/api/sessions/{cafe['id']}/template", json={"name": name}, headers=bearer(token)
    )


def test_save_list_use_and_delete(
    client: Any, host: str, cafe: dict[str, Any], bearer: Bearer, english: None
) -> None:
    client.patch(
        f"/api/sessions/{cafe['id']}",
        json={"dots_per_participant": 4, "approve_first": True, "place": "Biblioteket"},
        headers=bearer(host),
    )
    saved = _save(client, cafe, host, bearer, "  Bolig-serien  ")
    assert saved.status_code == 201, saved.get_json()
    template = saved.get_json()
    assert template["name"] == "Bolig-serien" and template["key"] == f"saved-{template['id']}"
    assert template["saved"] is True and template["title"] == cafe["title"]
    listed = client.get("/api/templates", headers=bearer(host)).get_json()["templates"]
    assert [t["key"] for t in listed] == ["home", "service", "meeting-place", template["key"]]
    assert [t["saved"] for t in listed] == [False, False, False, True]
    made = client.post(f"/api/templates/{template['key']}/sessions", headers=bearer(host))
    assert made.status_code == 201, made.get_json()
    new = made.get_json()
    assert new["id"] != cafe["id"] and new["title"] == cafe["title"] and new["status"] == "draft"
    assert [t["topic"] for t in new["table_topics"]] == [t["topic"] for t in cafe["table_topics"]]
    assert new["place"] == "Biblioteket"
    settings = client.patch(
        f"/api/sessions/{new['id']}", json={"hide_other_tables": False}, headers=bearer(host)
    ).get_json()
    assert settings["dots_per_participant"] == 4 and settings["approve_first"] is True
    deleted = client.delete(f"/api/templates/{template['key']}", headers=bearer(host))
    assert deleted.status_code == 200 and deleted.get_json() == {"deleted": template["key"]}
    again = client.post(f"/api/templates/{template['key']}/sessions", headers=bearer(host))
    assert again.status_code == 404 and again.get_json()["code"] == "unknown_template"


def test_someone_elses_template_is_invisible(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    make_facilitator: Callable[..., tuple[int, str]],
    bearer: Bearer,
) -> None:
    key = _save(client, cafe, host, bearer, "Mine").get_json()["key"]
    _, eve = make_facilitator("eve@example.no")
    listed = client.get("/api/templates", headers=bearer(eve)).get_json()["templates"]
    assert all(not t["saved"] for t in listed)
    for answer in (
        client.post(f"/api/templates/{key}/sessions", headers=bearer(eve)),
        client.delete(f"/api/templates/{key}", headers=bearer(eve)),
        client.delete("/api/templates/home", headers=bearer(host)),
        client.delete("/api/templates/saved-0", headers=bearer(host)),
    ):
        assert answer.status_code == 404 and answer.get_json()["code"] == "unknown_template"
    # Eve cannot save a café she has no role in either.
    refused = _save(client, cafe, eve, bearer, "Stolen")
    assert refused.status_code == 404 and refused.get_json()["code"] == "unknown_session"
    assert (
        client.post(f"/api/sessions/{cafe['id']}/template", json={"name": "x"}).status_code == 401
    )


def test_names_are_bounded(client: Any, host: str, cafe: dict[str, Any], bearer: Bearer) -> None:
    for name in ("", "   ", None, 5, "x" * 201, ["a"]):
        refused = _save(client, cafe, host, bearer, name)
        assert refused.status_code == 400 and refused.get_json()["field"] == "name", name
    refused = client.post(f"/api/sessions/{cafe['id']}/template", data="[]", headers=bearer(host))
    assert refused.status_code == 400


def test_at_most_fifty_templates(
    client: Any, host: str, cafe: dict[str, Any], bearer: Bearer
) -> None:
    for number in range(saved_templates.MAX_TEMPLATES):
        assert _save(client, cafe, host, bearer, f"T{number}").status_code == 201
    refused = _save(client, cafe, host, bearer, "One too many")
    assert refused.status_code == 409 and refused.get_json()["code"] == "too_many_templates"
    assert "50" in refused.get_json()["error"]


def test_a_broken_template_is_listed_and_refused_not_a_500(
    app: Any, client: Any, host: str, cafe: dict[str, Any], bearer: Bearer, english: None
) -> None:
    good = _save(client, cafe, host, bearer, "Good").get_json()
    bad = _save(client, cafe, host, bearer, "Old").get_json()
    junk = _save(client, cafe, host, bearer, "Junk").get_json()
    with app.app_context(), get_database().transaction() as db:
        stored = db.get(SavedTemplate, bad["id"]).plan_json
        db.execute(
            update(SavedTemplate)
            .where(SavedTemplate.id == bad["id"])
            .values(plan_json=stored.replace('"tables": 3', '"tables": 9000'))
        )
        db.execute(
            update(SavedTemplate).where(SavedTemplate.id == junk["id"]).values(plan_json="{nope")
        )
    listed = {
        t["name"]: t
        for t in client.get("/api/templates", headers=bearer(host)).get_json()["templates"]
        if t["saved"]
    }
    assert "problem" not in listed["Good"]
    assert "tables" in listed["Old"]["problem"].lower() and "topics" not in listed["Old"]
    assert "cannot be used" in listed["Junk"]["problem"]
    for key in (bad["key"], junk["key"]):
        refused = client.post(f"/api/templates/{key}/sessions", headers=bearer(host))
        assert refused.status_code == 422 and refused.get_json()["code"] == "template_broken"
    assert (
        client.post(f"/api/templates/{good['key']}/sessions", headers=bearer(host)).status_code
        == 201
    )
    page = client.get("/sessions/new")
    assert page.status_code == 401 or page.status_code == 302  # the page needs the cookie


def test_the_pages_save_list_use_and_delete(
    client: Any, host: str, cafe: dict[str, Any], auth: Any, english: None
) -> None:
    assert auth.login("host@example.no").status_code == 302
    saved = client.post(f"/sessions/{cafe['id']}/template", data={"name": "Bolig-serien"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#report")
    assert "Saved as the template" in client.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    page = client.get("/sessions/new").get_data(as_text=True)
    assert "Start from one of your templates" in page and "Bolig-serien" in page
    key = client.get("/api/templates").get_json()["templates"][-1]["key"]
    used = client.post(f"/sessions/new/{key}")
    assert used.status_code == 302 and "/sessions/" in used.headers["Location"]
    blank = client.post(f"/sessions/{cafe['id']}/template", data={"name": " "})
    assert blank.status_code == 302
    assert "name" in client.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    deleted = client.post(f"/templates/{key}/delete")
    assert deleted.status_code == 302 and deleted.headers["Location"].endswith("/sessions/new")
    page = client.get("/sessions/new").get_data(as_text=True)
    assert "The template is deleted." in page and "Start from one of your templates" not in page
