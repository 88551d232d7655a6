"""``flask facilitator create``: the command-line way to make an account."""

from __future__ import annotations

from typing import Any


def test_create_facilitator_then_log_in(runner: Any, client: Any) -> None:
    result = runner.invoke(
        args=["facilitator", "create", "Kari@Example.no", "--password", "a long password"]
    )
    assert result.exit_code == 0
    assert "Created facilitator kari@example.no (id 1)." in result.output
    response = client.post(
        "/api/auth/token", json={"email": "kari@example.no", "password": "a long password"}
    )
    assert response.status_code == 200


def test_a_duplicate_email_is_refused(runner: Any) -> None:
    args = ["facilitator", "create", "kari@example.no", "--password", "a long password"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=["facilitator", "create", "KARI@example.no", "--password", "x" * 9])
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert "Created" not in again.output


def test_a_short_password_is_refused(runner: Any, client: Any) -> None:
    result = runner.invoke(args=["facilitator", "create", "ola@example.no", "--password", "short"])
    assert result.exit_code == 1
    assert "at least 8 characters" in result.output
    response = client.post("/api/auth/token", json={"email": "ola@example.no", "password": "short"})
    assert response.status_code == 401


def test_the_password_can_be_typed_at_the_prompt(runner: Any) -> None:
    result = runner.invoke(
        args=["facilitator", "create", "ola@example.no"], input="a long password\na long password\n"
    )
    assert result.exit_code == 0, result.output
    assert "Created facilitator ola@example.no" in result.output
