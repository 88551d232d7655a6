"""Accounts worth trusting: the sign-up policy, one-time reset links and a password change.

No mail server: an admin (here, the CLI) prints the link and hands it over."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import DEFAULT_PASSWORD

NEW_PASSWORD = "a brand new password"


def _path(output: str) -> str:
    """The path of the link a CLI command printed (its last line)."""
    link = urlsplit(output.strip().splitlines()[-1])
    return link.path + (f"?{link.query}" if link.query else "")


def _logged_in(client: Any) -> bool:
    return client.get("/sessions").status_code == 200


@pytest.mark.parametrize("policy", ["invite", "closed"])
def test_sign_up_without_an_invitation_is_refused(
    build_app: Callable[..., Any], policy: str
) -> None:
    client = build_app(SIGNUP=policy).test_client()
    client.get("/lang/en?next=/")
    page = client.get("/signup")
    assert page.status_code == 403
    assert "by invitation only" in page.get_data(as_text=True)
    refused = client.post("/signup", data={"email": "ola@example.no", "password": "x" * 12})
    assert refused.status_code == 403
    assert not _logged_in(client)
    answer = client.post("/api/auth/token", json={"email": "ola@example.no", "password": "x" * 12})
    assert answer.status_code == 401


def test_an_invitation_makes_one_account_for_its_address(build_app: Callable[..., Any]) -> None:
    app = build_app(SIGNUP="invite")
    client = app.test_client()
    printed = app.test_cli_runner().invoke(args=["facilitator", "invite", "Ola@Example.no"])
    assert printed.exit_code == 0, printed.output
    link = _path(printed.output)
    page = client.get(link)
    assert page.status_code == 200 and 'value="ola@example.no" readonly' in page.get_data(
        as_text=True
    )
    # The address comes from the link, whatever the form says.
    made = client.post(link, data={"email": "eve@example.no", "password": DEFAULT_PASSWORD})
    assert made.status_code == 302 and _logged_in(client)
    token = client.post(
        "/api/auth/token", json={"email": "ola@example.no", "password": DEFAULT_PASSWORD}
    )
    assert token.status_code == 200
    latecomer = app.test_client()
    latecomer.get("/lang/en?next=/")
    again = latecomer.post(link, data={"password": "another password"})
    assert "used already" in again.get_data(as_text=True)
    assert not _logged_in(latecomer)


def test_a_forged_or_cut_invitation_is_refused(build_app: Callable[..., Any]) -> None:
    client = build_app(SIGNUP="invite").test_client()
    client.get("/lang/en?next=/")
    page = client.get("/signup?invite=not-a-real-token")
    assert page.status_code == 403
    assert "too old or not whole" in page.get_data(as_text=True)


def test_a_reset_link_works_once_and_logs_out_elsewhere(
    app: Any, client: Any, auth: Any, runner: Any
) -> None:
    auth.signup("kari@example.no")
    other_device = app.test_client()
    assert (
        other_device.post(
            "/login", data={"email": "kari@example.no", "password": DEFAULT_PASSWORD}
        ).status_code
        == 302
    )
    printed = runner.invoke(args=["facilitator", "reset-password", "KARI@example.no"])
    assert printed.exit_code == 0, printed.output
    link = _path(printed.output)
    assert link.startswith("/reset/")
    visitor = app.test_client()
    visitor.get("/lang/en?next=/")
    assert visitor.get(link).status_code == 200
    short = visitor.post(link, data={"password": "short"})
    assert short.status_code == 200 and "at least 8 characters" in short.get_data(as_text=True)
    saved = visitor.post(link, data={"password": NEW_PASSWORD})
    assert saved.status_code == 302 and _logged_in(visitor)
    assert not _logged_in(other_device) and not _logged_in(client)
    assert auth.login("kari@example.no", DEFAULT_PASSWORD).status_code == 200  # refused
    assert auth.login("kari@example.no", NEW_PASSWORD).status_code == 302
    used = visitor.post(link, data={"password": "yet another password"})
    assert used.status_code == 410
    assert "used already" in used.get_data(as_text=True)


def test_reset_for_an_unknown_address_says_so(runner: Any) -> None:
    printed = runner.invoke(args=["facilitator", "reset-password", "nobody@example.no"])
    assert printed.exit_code == 1
    assert "no account" in printed.output.lower()


def test_a_broken_reset_link_is_a_clear_410(client: Any, english: None) -> None:
    for token in ("nonsense", "x" * 700):
        page = client.get(f"/reset/{token}")
        assert page.status_code == 410
        assert "too old or not whole" in page.get_data(as_text=True)


def test_changing_ones_password_needs_the_current_one(
    app: Any, client: Any, auth: Any, english: None
) -> None:
    auth.signup("kari@example.no")
    other_device = app.test_client()
    other_device.post("/login", data={"email": "kari@example.no", "password": DEFAULT_PASSWORD})
    assert client.get("/account/password").status_code == 200
    wrong = client.post(
        "/account/password", data={"current_password": "wrong one!", "password": NEW_PASSWORD}
    )
    assert "not your current password" in wrong.get_data(as_text=True)
    changed = client.post(
        "/account/password",
        data={"current_password": DEFAULT_PASSWORD, "password": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert _logged_in(client) and not _logged_in(other_device)
    assert app.test_client().get("/account/password").status_code == 302  # log in first
