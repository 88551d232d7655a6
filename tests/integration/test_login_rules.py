"""Logins that end for good, API tokens that expire and can be revoked, delays after failed
log-ins, and cookies that never travel over plain http when the app is served over https."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import DEFAULT_PASSWORD, _fast_password_hashing

Inputs = Callable[[str], dict[str, list[str]]]
CopiedLogin = tuple[str, dict[str, Any], Any]  # API token, café, client with the cookie


def _session_cookie(response: Any) -> str:
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def _issue_token(client: Any) -> dict[str, Any]:
    """Kari's ``POST /api/auth/token`` answer: a new API token and its id."""
    return client.post(
        "/api/auth/token", json={"email": "kari@example.no", "password": DEFAULT_PASSWORD}
    ).get_json()


@pytest.fixture
def copied_login(app: Any, client: Any, auth: Any, make_session: Callable[..., Any]) -> CopiedLogin:
    """Kari signed up: her API token, a café of hers, and a second client with her cookie."""
    auth.signup("kari@example.no")
    token = _issue_token(client)["token"]
    cafe = make_session(token)
    copied = app.test_client()
    copied.set_cookie("session", client.get_cookie("session").value)
    return token, cafe, copied


def test_logout_ends_a_copied_login_cookie(
    client: Any, auth: Any, copied_login: CopiedLogin, bearer: Any
) -> None:
    token, cafe, copied = copied_login
    assert copied.get("/sessions").status_code == 200
    assert copied.get(f"/api/sessions/{cafe['id']}").status_code == 200

    auth.logout()
    page = copied.get("/sessions")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/login")
    api = copied.get(f"/api/sessions/{cafe['id']}")
    assert (api.status_code, api.get_json()["code"]) == (401, "not_authenticated")
    # Logging in again works, and the API token was not touched by the log-out.
    auth.login("kari@example.no")
    assert client.get("/sessions").status_code == 200
    assert client.get(f"/api/sessions/{cafe['id']}", headers=bearer(token)).status_code == 200


def test_a_socket_with_a_copied_cookie_is_refused_after_logout(
    app: Any, auth: Any, copied_login: CopiedLogin
) -> None:
    from dialogcafe.extensions import socketio

    _token, cafe, copied = copied_login
    before = socketio.test_client(app, auth={"session": cafe["id"]}, flask_test_client=copied)
    assert before.is_connected()
    before.disconnect()
    auth.logout()
    after = socketio.test_client(app, auth={"session": cafe["id"]}, flask_test_client=copied)
    assert not after.is_connected()


def test_api_tokens_can_be_listed_and_revoked(
    client: Any, make_facilitator: Callable[..., Any], bearer: Any
) -> None:
    _id, first = make_facilitator("kari@example.no")
    second = _issue_token(client)
    assert set(second) == {"token", "id", "created_at", "expires_at"}
    listed = client.get("/api/auth/tokens", headers=bearer(first)).get_json()["tokens"]
    assert [t["id"] for t in listed] == [second["id"], second["id"] - 1]
    assert all(set(t) == {"id", "created_at", "expires_at"} for t in listed)  # no secrets

    _other, other_token = make_facilitator("ola@example.no")
    foreign = client.delete(f"/api/auth/tokens/{second['id']}", headers=bearer(other_token))
    assert (foreign.status_code, foreign.get_json()["code"]) == (404, "unknown_token")
    huge = client.delete(f"/api/auth/tokens/{2**64}", headers=bearer(first))
    assert huge.status_code == 404
    revoked = client.delete(f"/api/auth/tokens/{second['id']}", headers=bearer(first))
    assert (revoked.status_code, revoked.get_json()) == (200, {"revoked": second["id"]})
    refused = client.get("/api/auth/tokens", headers=bearer(second["token"]))
    assert (refused.status_code, refused.get_json()["code"]) == (401, "token_revoked")
    listed = client.get("/api/auth/tokens", headers=bearer(first)).get_json()["tokens"]
    assert [t["id"] for t in listed] == [second["id"] - 1]


def test_a_cookie_cannot_revoke_through_the_api(client: Any, auth: Any) -> None:
    """Revoking changes state: the API wants the bearer token (no CSRF with a cookie)."""
    auth.signup("kari@example.no")
    issued = _issue_token(client)
    assert client.get("/api/auth/tokens").status_code == 200  # reading with the cookie is fine
    response = client.delete(f"/api/auth/tokens/{issued['id']}")
    assert (response.status_code, response.get_json()["code"]) == (401, "not_authenticated")


@pytest.fixture
def csrf_client(csrf_app: Any) -> Any:
    return csrf_app.test_client()


def test_the_dashboard_lists_tokens_and_revokes_one(csrf_client: Any, input_values: Inputs) -> None:
    page = csrf_client.get("/signup?lang=en").get_data(as_text=True)
    (csrf,) = input_values(page)["csrf_token"]
    body = {"email": "kari@example.no", "password": DEFAULT_PASSWORD}
    assert csrf_client.post("/signup", data={**body, "csrf_token": csrf}).status_code == 302
    issued = csrf_client.post("/api/auth/token", json=body).get_json()

    dashboard = csrf_client.get("/sessions?lang=en").get_data(as_text=True)
    assert "Access tokens for the API" in dashboard
    action = f'action="/account/tokens/{issued["id"]}/revoke"'
    assert action in dashboard
    assert issued["token"] not in dashboard
    forged = csrf_client.post(f"/account/tokens/{issued['id']}/revoke")
    assert forged.status_code == 400  # no CSRF token
    (csrf,) = set(input_values(dashboard)["csrf_token"])
    done = csrf_client.post(f"/account/tokens/{issued['id']}/revoke", data={"csrf_token": csrf})
    assert (done.status_code, done.headers["Location"]) == (302, "/sessions#tokens")
    dashboard = csrf_client.get("/sessions?lang=en").get_data(as_text=True)
    assert action not in dashboard
    assert "No active tokens." in dashboard
    headers = {"Authorization": f"Bearer {issued['token']}"}
    assert csrf_client.get("/api/auth/tokens", headers=headers).status_code == 401


@pytest.fixture
def expiring_app(build_app: Callable[..., Any]) -> Any:
    """Tokens that expire at once, and a long delay after two failed log-ins."""
    return build_app(API_TOKEN_DAYS=1e-9, LOGIN_FREE_TRIES=2, LOGIN_FIRST_DELAY=60.0)


def test_an_expired_token_answers_401_token_expired(expiring_app: Any) -> None:
    client = expiring_app.test_client()
    runner = expiring_app.test_cli_runner()
    created = runner.invoke(
        args=["facilitator", "create", "kari@example.no", "--password", DEFAULT_PASSWORD]
    )
    assert created.exit_code == 0, created.output
    body = {"email": "kari@example.no", "password": DEFAULT_PASSWORD}
    token = client.post("/api/auth/token", json=body).get_json()["token"]
    response = client.get("/api/auth/tokens", headers={"Authorization": f"Bearer {token}"})
    assert (response.status_code, response.get_json()["code"]) == (401, "token_expired")
    assert "utløpt" in response.get_json()["error"]  # Norwegian unless asked otherwise


@pytest.mark.parametrize("email", ["kari@example.no", "nobody@example.no"])
def test_failed_logins_are_delayed_with_429_and_retry_after(expiring_app: Any, email: str) -> None:
    client = expiring_app.test_client()
    runner = expiring_app.test_cli_runner()
    runner.invoke(args=["facilitator", "create", "kari@example.no", "--password", "pw-long-one"])
    wrong = {"email": email, "password": "not the password"}
    for _ in range(2):
        assert client.post("/login", data=wrong).status_code == 200  # the form, with its error
    page = client.post("/login?lang=en", data=wrong)
    assert page.status_code == 429
    assert page.headers["Retry-After"] == "60"
    text = page.get_data(as_text=True)
    assert "Too many failed log-ins for this e-mail. Please wait a minute" in text
    assert 'id="password"' in text  # the login form, with the wait in words

    api = client.post("/api/auth/token?lang=nb", json=wrong)
    assert api.status_code == 429
    assert int(api.headers["Retry-After"]) in (59, 60)
    answer = api.get_json()
    assert answer["code"] == "login_delayed"
    assert answer["retry_after"] == int(api.headers["Retry-After"])
    assert "For mange mislykkede innlogginger" in answer["error"]
    # Even the right password waits: a guesser learns nothing while the delay runs.
    right = {"email": "kari@example.no", "password": "pw-long-one"}
    if email == "kari@example.no":
        assert client.post("/api/auth/token", json=right).status_code == 429
    else:  # another address is not held up
        assert client.post("/api/auth/token", json=right).status_code == 200


@pytest.fixture
def https_app(build_app: Callable[..., Any]) -> Any:
    return build_app(PUBLIC_URL="https://kafe.example.no")


def test_every_cookie_is_secure_and_hsts_is_sent_over_https(https_app: Any) -> None:
    client = https_app.test_client()
    language = client.get("/lang/en?next=/")
    (cookie,) = language.headers.getlist("Set-Cookie")
    assert cookie.startswith("dialogcafe_lang=en") and "Secure" in cookie
    assert language.headers["Strict-Transport-Security"] == "max-age=31536000"
    signup = client.post("/signup", data={"email": "kari@example.no", "password": DEFAULT_PASSWORD})
    assert "Secure" in _session_cookie(signup)
    assert "HttpOnly" in _session_cookie(signup)


def test_no_secure_cookies_or_hsts_over_plain_http(client: Any) -> None:
    language = client.get("/lang/en?next=/")
    (cookie,) = language.headers.getlist("Set-Cookie")
    assert "Secure" not in cookie
    assert "Strict-Transport-Security" not in language.headers


def test_failures_and_tokens_on_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    """The failure count's upsert and row lock, and token revocation, on PostgreSQL too."""
    from datetime import UTC, datetime

    from dialogcafe.adapters.database import Database
    from dialogcafe.domain import errors
    from dialogcafe.domain.models import Facilitator
    from dialogcafe.services import accounts
    from tests.postgres import fresh_database

    _fast_password_hashing(monkeypatch)
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    policy = accounts.LoginPolicy(free_tries=2, first_delay=10.0)
    with fresh_database("logins") as url:
        database = Database()
        database.configure(url)
        database.create_tables()
        try:
            kari = accounts.create_facilitator(database, "kari@example.no", "pw-long-one", now=now)
            for _ in range(2):
                with pytest.raises(errors.BadCredentials):
                    accounts.authenticate(
                        database, "kari@example.no", "wrong", now=now, policy=policy
                    )
            with pytest.raises(errors.LoginDelayed) as caught:
                accounts.authenticate(
                    database, "kari@example.no", "pw-long-one", now=now, policy=policy
                )
            assert caught.value.retry_after == 10
            with database.transaction() as db:
                token, issued = accounts.issue_api_token(db, kari, now=now)
                owner = db.get(Facilitator, kari)
                assert owner is not None
                accounts.revoke_api_token(db, owner, issued.id, now=now)
            with database.transaction() as db, pytest.raises(errors.TokenRevoked):
                accounts.facilitator_for_token(db, token, now=now)
        finally:
            assert database.engine is not None
            database.engine.dispose()
