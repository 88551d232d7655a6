"""The admin role over HTTP and the CLI: the first account is admin, the accounts page and
its API are for admins only (404 for others), reset links and the admin flag."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import DEFAULT_PASSWORD

Make = Callable[..., tuple[int, str]]


def _login(app: Any, email: str) -> Any:
    browser = app.test_client()
    browser.get("/lang/en?next=/")
    assert (
        browser.post("/login", data={"email": email, "password": DEFAULT_PASSWORD}).status_code
        == 302
    )
    return browser


def test_the_first_account_is_admin_and_sees_the_accounts(app: Any, make_facilitator: Make) -> None:
    make_facilitator("first@example.no")
    make_facilitator("second@example.no")
    admin = _login(app, "first@example.no")
    page = admin.get("/admin/accounts")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "first@example.no" in text and "second@example.no" in text
    assert 'href="/admin/accounts"' in admin.get("/sessions").get_data(as_text=True)
    other = _login(app, "second@example.no")
    assert 'href="/admin/accounts"' not in other.get("/sessions").get_data(as_text=True)
    assert other.get("/admin/accounts").status_code == 404
    assert other.post("/admin/accounts/1/reset-link").status_code == 404
    assert other.post("/admin/accounts/2/admin", data={"is_admin": "1"}).status_code == 404
    assert other.post("/admin/invitations", data={"email": "x"}).status_code == 404
    assert app.test_client().get("/admin/accounts").status_code == 302  # log in first


def test_the_first_sign_up_is_admin_too(app: Any, client: Any, auth: Any) -> None:
    auth.signup("first@example.no")
    assert client.get("/admin/accounts").status_code == 200
    later = app.test_client()
    later.post("/signup", data={"email": "later@example.no", "password": DEFAULT_PASSWORD})
    assert later.get("/admin/accounts").status_code == 404


def test_an_admin_makes_a_reset_link_that_works_once(app: Any, make_facilitator: Make) -> None:
    make_facilitator("first@example.no")
    second_id, _ = make_facilitator("second@example.no")
    admin = _login(app, "first@example.no")
    page = admin.post(f"/admin/accounts/{second_id}/reset-link")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Reset link for second@example.no" in text
    link = text.split('readonly aria-describedby="link-hint">')[1].split("</textarea>")[0]
    person = app.test_client()
    path = urlsplit(link).path
    assert person.post(path, data={"password": "a brand new password"}).status_code == 302
    assert person.post(path, data={"password": "yet another password"}).status_code == 410
    assert admin.post("/admin/accounts/999/reset-link").status_code == 404


def test_admin_flag_on_the_page_and_the_last_admin_stays(app: Any, make_facilitator: Make) -> None:
    first_id, _ = make_facilitator("first@example.no")
    second_id, _ = make_facilitator("second@example.no")
    admin = _login(app, "first@example.no")
    refused = admin.post(f"/admin/accounts/{first_id}/admin", data={"is_admin": "0"})
    assert refused.status_code == 302
    assert "at least one admin" in admin.get("/admin/accounts").get_data(as_text=True)
    admin.post(f"/admin/accounts/{second_id}/admin", data={"is_admin": "1"})
    assert _login(app, "second@example.no").get("/admin/accounts").status_code == 200
    assert (
        admin.post(f"/admin/accounts/{first_id}/admin", data={"is_admin": "0"}).status_code == 302
    )
    assert admin.get("/admin/accounts").status_code == 404


def test_the_api(
    client: Any, make_facilitator: Make, bearer: Callable[[str], dict[str, str]]
) -> None:
    first_id, admin = make_facilitator("first@example.no")
    second_id, other = make_facilitator("second@example.no")
    listed = client.get("/api/admin/accounts", headers=bearer(admin))
    assert listed.status_code == 200
    accounts = listed.get_json()["accounts"]
    assert [a["email"] for a in accounts] == ["first@example.no", "second@example.no"]
    assert accounts[0]["is_admin"] is True and accounts[1]["cafes_owned"] == 0
    made = client.post(f"/api/admin/accounts/{second_id}/reset-link", headers=bearer(admin))
    assert made.status_code == 201 and "/reset/" in made.get_json()["url"]
    for call in (
        client.get("/api/admin/accounts", headers=bearer(other)),
        client.post(f"/api/admin/accounts/{first_id}/reset-link", headers=bearer(other)),
        client.put(
            f"/api/admin/accounts/{second_id}/admin", json={"is_admin": True}, headers=bearer(other)
        ),
    ):
        assert call.status_code == 404 and call.get_json()["code"] == "not_found"
    last = client.put(
        f"/api/admin/accounts/{first_id}/admin", json={"is_admin": False}, headers=bearer(admin)
    )
    assert last.status_code == 409 and last.get_json()["code"] == "last_admin"
    bad = client.put(
        f"/api/admin/accounts/{second_id}/admin", json={"is_admin": "yes"}, headers=bearer(admin)
    )
    assert bad.status_code == 400 and bad.get_json()["field"] == "is_admin"
    on = client.put(
        f"/api/admin/accounts/{second_id}/admin", json={"is_admin": True}, headers=bearer(admin)
    )
    assert on.status_code == 200 and on.get_json()["is_admin"] is True
    gone = client.put(
        "/api/admin/accounts/999/admin", json={"is_admin": True}, headers=bearer(admin)
    )
    assert gone.status_code == 404 and gone.get_json()["code"] == "unknown_account"


def test_the_cli_makes_and_unmakes_admins(runner: Any, client: Any, make_facilitator: Make) -> None:
    make_facilitator("first@example.no")
    made = runner.invoke(
        args=["facilitator", "create", "boss@example.no", "--password", "x" * 10, "--admin"]
    )
    assert made.exit_code == 0, made.output
    plain = runner.invoke(args=["facilitator", "create", "ola@example.no", "--password", "x" * 10])
    assert plain.exit_code == 0
    token = client.post("/api/auth/token", json={"email": "ola@example.no", "password": "x" * 10})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    assert client.get("/api/admin/accounts", headers=headers).status_code == 404
    on = runner.invoke(args=["facilitator", "admin", "OLA@example.no"])
    assert on.exit_code == 0 and "now an admin" in on.output
    assert client.get("/api/admin/accounts", headers=headers).status_code == 200
    for email in ("first@example.no", "boss@example.no"):
        assert runner.invoke(args=["facilitator", "admin", email, "--off"]).exit_code == 0
    last = runner.invoke(args=["facilitator", "admin", "ola@example.no", "--off"])
    assert last.exit_code == 1 and "at least one admin" in last.output
    unknown = runner.invoke(args=["facilitator", "admin", "nobody@example.no"])
    assert unknown.exit_code == 1 and "no account" in unknown.output.lower()


@pytest.mark.parametrize(("policy", "shown"), [("invite", True), ("open", False)])
def test_invitations_from_the_accounts_page(
    build_app: Callable[..., Any], policy: str, shown: bool
) -> None:
    app = build_app(SIGNUP=policy)
    runner = app.test_cli_runner()
    assert (
        runner.invoke(
            args=["facilitator", "create", "first@example.no", "--password", DEFAULT_PASSWORD]
        ).exit_code
        == 0
    )
    admin = _login(app, "first@example.no")
    assert (
        'name="email" type="email"' in admin.get("/admin/accounts").get_data(as_text=True)
    ) is shown
    if not shown:
        return
    bad = admin.post("/admin/invitations", data={"email": "not an address"})
    assert bad.status_code == 302
    assert "not a valid address" in admin.get("/admin/accounts").get_data(as_text=True)
    page = admin.post("/admin/invitations", data={"email": "New@Example.no"})
    text = page.get_data(as_text=True)
    assert "Invitation for new@example.no" in text
    link = text.split('readonly aria-describedby="link-hint">')[1].split("</textarea>")[0]
    split = urlsplit(link.replace("&amp;", "&"))
    newcomer = app.test_client()
    made = newcomer.post(f"{split.path}?{split.query}", data={"password": DEFAULT_PASSWORD})
    assert made.status_code == 302
