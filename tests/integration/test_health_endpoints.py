"""``/healthz`` and ``/readyz`` in each state they report, on the app's real database and the
machine's real Redis (and a closed port where Redis is not). A server whose PostgreSQL goes
away: tests/e2e/test_readiness_postgres.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from dialogcafe.adapters.schema import HEAD_REVISION, VERSION_TABLE
from dialogcafe.extensions import DATABASE_KEY
from scripts.processes import free_port

MACHINE_REDIS = "redis://127.0.0.1:6379/0"
ALL_OK = {"database": "ok", "message_queue": "not used", "migrations": "ok"}


def test_healthz_answers_ok_and_nothing_else(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_is_ready_with_the_database_at_the_newest_migration(client: Any) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": ALL_OK}
    assert "Set-Cookie" not in response.headers


def test_readyz_is_not_ready_while_the_migrations_are_behind(app: Any, client: Any) -> None:
    older = f"{int(HEAD_REVISION) - 1:04d}"
    with app.extensions[DATABASE_KEY].transaction() as db:  # as `flask db stamp <older>`
        db.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = :v"), {"v": older})
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "not ready",
        "checks": {"database": "ok", "message_queue": "not used", "migrations": "behind"},
    }
    assert client.get("/healthz").status_code == 200  # alive all the same


def test_readyz_pings_the_redis_of_the_message_queue(build_app: Callable[..., Any]) -> None:
    client = build_app(MESSAGE_QUEUE=MACHINE_REDIS).test_client()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {**ALL_OK, "message_queue": "ok"}


def test_readyz_is_not_ready_while_redis_does_not_answer(build_app: Callable[..., Any]) -> None:
    closed = f"redis://:a-secret@127.0.0.1:{free_port()}/0"
    client = build_app(MESSAGE_QUEUE=closed).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "not ready",
        "checks": {**ALL_OK, "message_queue": "failed"},
    }
    assert "a-secret" not in response.get_data(as_text=True)  # no connection string
    assert client.get("/healthz").status_code == 200


def test_probes_need_no_login_token_or_csrf_token(
    build_app: Callable[..., Any],
) -> None:
    client = build_app(WTF_CSRF_ENABLED=True).test_client()
    for _ in range(50):  # a load balancer's pace, many times over
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
    assert client.post("/readyz").status_code == 405  # nothing to change there
