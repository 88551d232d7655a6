"""Deleting one's own account over HTTP: every branch (delete, hand over, wrong password,
wrong confirmation, last admin, a stale form), and that its logins and tokens end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dialogcafe.clock import utcnow
from dialogcafe.domain.models import Project, ProjectMember
from dialogcafe.extensions import get_database
from tests.conftest import DEFAULT_PASSWORD

Make = Callable[..., tuple[int, str]]
Bearer = Callable[[str], dict[str, str]]


def _login(app: Any, email: str) -> Any:
    browser = app.test_client()
    browser.get("/lang/en?next=/")
    answer = browser.post("/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert answer.status_code == 302
    return browser


def _form(email: str, **choices: str) -> dict[str, str]:
    return {"password": DEFAULT_PASSWORD, "confirm_email": email, **choices}


def test_deleting_with_everything_ends_every_login(
    app: Any,
    client: Any,
    make_facilitator: Make,
    make_session: Callable[..., dict[str, Any]],
    bearer: Bearer,
) -> None:
    make_facilitator("admin@example.no")
    _, token = make_facilitator("kari@example.no")
    cafe = make_session(token)
    browser = _login(app, "kari@example.no")
    other_device = _login(app, "kari@example.no")
    page = browser.get("/account/delete").get_data(as_text=True)
    assert cafe["title"] in page and "It has no co-facilitators" in page
    done = browser.post(
        "/account/delete", data=_form("Kari@example.no", **{f"cafe-{cafe['id']}": "delete"})
    )
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert "Your account is deleted" in browser.get("/").get_data(as_text=True)
    assert other_device.get("/sessions").status_code == 302
    assert client.get("/api/auth/tokens", headers=bearer(token)).status_code == 401
    assert client.post(f"/api/join/{cafe['join_code']}", json={}).status_code == 404
    again = client.post(
        "/api/auth/token", json={"email": "kari@example.no", "password": DEFAULT_PASSWORD}
    )
    assert again.status_code == 401


def test_handing_over_makes_the_co_facilitator_the_owner(
    app: Any,
    client: Any,
    make_facilitator: Make,
    make_session: Callable[..., dict[str, Any]],
    bearer: Bearer,
    socket_client: Callable[..., Any],
) -> None:
    make_facilitator("admin@example.no")
    _, token = make_facilitator("kari@example.no")
    helper_id, helper = make_facilitator("ola@example.no")
    cafe = make_session(token)
    added = client.post(
        f"/api/sessions/{cafe['id']}/members",
        json={"email": "ola@example.no", "role": "co_facilitator"},
        headers=bearer(token),
    )
    assert added.status_code == 201, added.get_json()
    open_screen = socket_client(auth={"token": token, "session": cafe["id"]})
    assert open_screen.is_connected()
    open_screen.get_received()
    browser = _login(app, "kari@example.no")
    page = browser.get("/account/delete").get_data(as_text=True)
    assert f'value="to-{helper_id}"' in page
    done = browser.post(
        "/account/delete",
        data=_form("kari@example.no", **{f"cafe-{cafe['id']}": f"to-{helper_id}"}),
    )
    assert done.status_code == 302
    team = client.get(f"/api/sessions/{cafe['id']}/members", headers=bearer(helper)).get_json()
    assert team["owner"]["email"] == "ola@example.no" and team["members"] == []
    # The departed owner's open screen is told to connect again, and may not.
    assert "access" in [event["name"] for event in open_screen.get_received()]
    assert not socket_client(auth={"token": token, "session": cafe["id"]}).is_connected()


def test_refusals_change_nothing(
    app: Any, make_facilitator: Make, make_session: Callable[..., dict[str, Any]]
) -> None:
    make_facilitator("admin@example.no")
    _, token = make_facilitator("kari@example.no")
    cafe = make_session(token)
    browser = _login(app, "kari@example.no")
    choice = {f"cafe-{cafe['id']}": "delete"}
    cases = [
        (
            {**_form("kari@example.no", **choice), "password": "wrong password"},
            400,
            "not your current password",
        ),
        (_form("someone@example.no", **choice), 400, "Type your e-mail address"),
        (_form("kari@example.no"), 409, "changed after you opened this page"),
        (_form("kari@example.no", **{**choice, "cafe-99999": "delete"}), 409, "changed after"),
        (_form("kari@example.no", **{f"cafe-{cafe['id']}": "to-12345"}), 409, "changed after"),
        (_form("kari@example.no", **{f"cafe-{cafe['id']}": "keep"}), 400, "choose what happens"),
        (_form("kari@example.no", **{"cafe-abc": "delete"}), 400, "not whole"),
    ]
    for form, status, text in cases:
        answer = browser.post("/account/delete", data=form)
        assert answer.status_code == status, (form, answer.status_code)
        assert text in answer.get_data(as_text=True)
    assert browser.get("/sessions").status_code == 200
    assert cafe["title"] in browser.get("/sessions").get_data(as_text=True)


def test_a_cafe_made_in_another_tab_is_a_409_not_a_500(
    app: Any, make_facilitator: Make, make_session: Callable[..., dict[str, Any]]
) -> None:
    make_facilitator("admin@example.no")
    _, token = make_facilitator("kari@example.no")
    first = make_session(token)
    browser = _login(app, "kari@example.no")
    browser.get("/account/delete")  # the form as it was
    later = make_session(token, title="Made in another tab")
    stale = browser.post(
        "/account/delete", data=_form("kari@example.no", **{f"cafe-{first['id']}": "delete"})
    )
    assert stale.status_code == 409
    text = stale.get_data(as_text=True)
    assert "Nothing was deleted" in text and "Made in another tab" in text  # the fresh form
    both = {f"cafe-{first['id']}": "delete", f"cafe-{later['id']}": "delete"}
    assert browser.post("/account/delete", data=_form("kari@example.no", **both)).status_code == 302


def test_the_last_admin_is_told_to_make_another_admin_first(
    app: Any, make_facilitator: Make, runner: Any
) -> None:
    make_facilitator("admin@example.no")
    make_facilitator("kari@example.no")
    browser = _login(app, "admin@example.no")
    refused = browser.post("/account/delete", data=_form("admin@example.no"))
    assert refused.status_code == 409
    assert "You are the only admin" in refused.get_data(as_text=True)
    assert runner.invoke(args=["facilitator", "admin", "kari@example.no"]).exit_code == 0
    assert browser.post("/account/delete", data=_form("admin@example.no")).status_code == 302


def test_the_page_needs_a_login_and_csrf(
    csrf_app: Any, input_values: Callable[[str], dict[str, list[str]]]
) -> None:
    browser = csrf_app.test_client()
    assert browser.get("/account/delete").status_code == 302
    runner = csrf_app.test_cli_runner()
    runner.invoke(args=["facilitator", "create", "kari@example.no", "--password", DEFAULT_PASSWORD])
    token = input_values(browser.get("/login").get_data(as_text=True))["csrf_token"][0]
    login = {"email": "kari@example.no", "password": DEFAULT_PASSWORD, "csrf_token": token}
    assert browser.post("/login", data=login).status_code == 302
    assert browser.post("/account/delete", data=_form("kari@example.no")).status_code == 400
    assert browser.get("/sessions").status_code == 200
    fields = input_values(browser.get("/account/delete").get_data(as_text=True))
    done = browser.post(
        "/account/delete", data={**_form("kari@example.no"), "csrf_token": fields["csrf_token"][0]}
    )
    assert done.status_code == 302


def test_projects_on_the_page_are_handed_over_or_deleted(app: Any, make_facilitator: Make) -> None:
    make_facilitator("admin@example.no")
    kari_id, _ = make_facilitator("kari@example.no")
    ola_id, _ = make_facilitator("ola@example.no")
    with app.app_context(), get_database().transaction() as db:
        kept = Project(owner_id=kari_id, name="Bolig for velferd", created_at=utcnow())
        alone = Project(owner_id=kari_id, name="Alene", created_at=utcnow())
        db.add_all([kept, alone])
        db.flush()
        db.add(
            ProjectMember(
                project_id=kept.id, facilitator_id=ola_id, role="co_facilitator", added_at=utcnow()
            )
        )
        kept_id, alone_id = kept.id, alone.id
    browser = _login(app, "kari@example.no")
    page = browser.get("/account/delete").get_data(as_text=True)
    assert "Hand the project over to ola@example.no" in page
    assert "so the project is deleted" in page
    form = _form(
        "kari@example.no", **{f"project-{kept_id}": f"to-{ola_id}", f"project-{alone_id}": "delete"}
    )
    assert browser.post("/account/delete", data=form).status_code == 302
    with app.app_context(), get_database().transaction() as db:
        project = db.get(Project, kept_id)
        assert project is not None and project.owner_id == ola_id
        assert db.get(Project, alone_id) is None
