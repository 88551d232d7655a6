"""Facilitator sign-up, log-in and log-out on the web, and CSRF protection on forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Inputs = Callable[[str], dict[str, list[str]]]


def test_signup_logs_in_and_logout_logs_out(client: Any, auth: Any) -> None:
    assert client.get("/signup").status_code == 200
    response = auth.signup("ny@example.no")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sessions"
    dashboard = client.get("/sessions")
    assert dashboard.status_code == 200
    assert 'action="/logout"' in dashboard.get_data(as_text=True)

    response = auth.logout()
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    again = client.get("/sessions")
    assert again.status_code == 302
    assert again.headers["Location"].startswith("/login?next=")


def test_login_with_the_right_password(client: Any, auth: Any) -> None:
    auth.signup("kari@example.no")
    auth.logout()
    response = auth.login("KARI@example.no")
    assert response.status_code == 302
    assert client.get("/sessions").status_code == 200
    assert client.get("/").headers["Location"] == "/sessions"  # home sends facilitators on


def test_login_with_a_wrong_password_shows_the_error(client: Any, auth: Any, english: None) -> None:
    auth.signup("kari@example.no")
    auth.logout()
    response = auth.login("kari@example.no", "not the password")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Wrong e-mail or password." in page
    assert 'value="kari@example.no"' in page  # the e-mail is kept in the form
    assert client.get("/sessions").status_code == 302


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-email", "long enough pw", "not a valid address"),
        ("kari@example.no", "short", "use at least 8 characters"),
    ],
)
def test_signup_shows_field_errors(
    client: Any, auth: Any, english: None, email: str, password: str, message: str
) -> None:
    response = auth.signup(email, password)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert client.get("/sessions").status_code == 302


def test_signup_with_a_taken_email_shows_the_error(client: Any, auth: Any, english: None) -> None:
    auth.signup("kari@example.no")
    auth.logout()
    response = auth.signup("Kari@example.no")
    assert response.status_code == 200
    assert "An account with this e-mail already exists." in response.get_data(as_text=True)


def test_login_returns_to_the_page_asked_for(client: Any, auth: Any) -> None:
    auth.signup("kari@example.no")
    auth.logout()
    wanted = client.get("/sessions/new")
    assert wanted.status_code == 302
    login_url = wanted.headers["Location"]
    response = client.post(
        login_url, data={"email": "kari@example.no", "password": "correct horse battery"}
    )
    assert response.headers["Location"].startswith("/sessions/new")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_login_never_redirects_off_site(client: Any, auth: Any, target: str) -> None:
    auth.signup("kari@example.no")
    auth.logout()
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "kari@example.no", "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/"


def test_pages_need_a_login(client: Any) -> None:
    for url in ("/sessions", "/sessions/new", "/sessions/1"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login")
    assert client.post("/sessions/1/next").status_code == 302


def test_web_login_does_not_authorise_state_changing_api_calls(
    client: Any, auth: Any, make_facilitator: Callable[..., Any], make_session: Callable[..., Any]
) -> None:
    """A cookie alone must not start rounds through the API (that would invite CSRF)."""
    _id, token = make_facilitator("host@example.no")
    cafe = make_session(token)
    auth.login("host@example.no")
    response = client.post(f"/api/sessions/{cafe['id']}/rounds/next")
    assert response.status_code == 401
    assert response.get_json()["code"] == "not_authenticated"
    # Reading is fine with the cookie: the session page downloads exports this way.
    assert client.get(f"/api/sessions/{cafe['id']}").status_code == 200
    assert client.get(f"/api/sessions/{cafe['id']}/export.json").status_code == 200


# --- CSRF ----------------------------------------------------------------------------------


@pytest.fixture
def csrf_client(csrf_app: Any) -> Any:
    return csrf_app.test_client()


def test_forms_without_a_csrf_token_are_refused(csrf_client: Any) -> None:
    for url, data in [
        ("/signup", {"email": "kari@example.no", "password": "correct horse battery"}),
        ("/login", {"email": "kari@example.no", "password": "correct horse battery"}),
        ("/logout", {}),
    ]:
        response = csrf_client.post(url, data=data)
        assert response.status_code == 400, url
    assert csrf_client.get("/sessions").status_code == 302  # nobody got logged in


def test_forms_with_a_wrong_csrf_token_are_refused(csrf_client: Any) -> None:
    csrf_client.get("/signup")
    response = csrf_client.post(
        "/signup",
        data={"email": "k@example.no", "password": "correct horse", "csrf_token": "forged"},
    )
    assert response.status_code == 400


def test_forms_with_the_pages_csrf_token_work(csrf_client: Any, input_values: Inputs) -> None:
    page = csrf_client.get("/signup").get_data(as_text=True)
    (token,) = input_values(page)["csrf_token"]
    response = csrf_client.post(
        "/signup",
        data={"email": "kari@example.no", "password": "correct horse", "csrf_token": token},
    )
    assert response.status_code == 302
    assert csrf_client.get("/sessions").status_code == 200


def test_the_participant_join_form_is_protected_too(
    csrf_app: Any, csrf_client: Any, input_values: Inputs
) -> None:
    runner = csrf_app.test_cli_runner()
    runner.invoke(args=["facilitator", "create", "h@example.no", "--password", "pw-long-enough"])
    token = csrf_client.post(
        "/api/auth/token", json={"email": "h@example.no", "password": "pw-long-enough"}
    ).get_json()["token"]  # the JSON API is exempt: it uses bearer tokens, not cookies
    created = csrf_client.post(
        "/api/sessions",
        json={"title": "T", "tables": 2, "topics": ["q"], "rounds": 1, "round_minutes": 5},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert created.status_code == 201
    code = created.get_json()["join_code"]
    assert csrf_client.post(f"/j/{code}", data={"table": "1"}).status_code == 400
    page = csrf_client.get(f"/j/{code}").get_data(as_text=True)
    (csrf,) = input_values(page)["csrf_token"]
    joined = csrf_client.post(f"/j/{code}", data={"table": "1", "csrf_token": csrf})
    assert joined.status_code == 302
