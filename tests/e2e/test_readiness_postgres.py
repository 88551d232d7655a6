"""A server on PostgreSQL whose database stops taking connections: ``/readyz`` says not
ready (503) while ``/healthz`` stays up, and ready again once the database is back."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from psycopg2 import sql
from sqlalchemy.engine import make_url

from tests.e2e.support import ServerFactory
from tests.postgres import admin_connection, fresh_database

pytestmark = pytest.mark.e2e

WAIT = 10.0
READY = {"database": "ok", "message_queue": "not used", "migrations": "ok"}


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_database("ready") as url:
        yield url


def _allow_connections(name: str, allowed: bool) -> None:
    """Let the database take connections, or refuse new ones and end the open ones (the
    server's pool included): to the server, as good as a stopped database."""
    admin = admin_connection()
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(
                    sql.Identifier(name), sql.SQL("true" if allowed else "false")
                )
            )
            if not allowed:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (name,),
                )
    finally:
        admin.close()


def test_readyz_follows_the_database_and_healthz_stays_up(
    postgres_url: str, server_factory: ServerFactory
) -> None:
    server = server_factory(
        extra_env={"DIALOGCAFE_DATABASE_URL": postgres_url, "DIALOGCAFE_LOG_FORMAT": "json"}
    )
    server.start()
    name = make_url(postgres_url).database
    assert name is not None

    def probe(path: str) -> requests.Response:
        return requests.get(server.url + path, timeout=WAIT)

    ready = probe("/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ok", "checks": READY})

    _allow_connections(name, False)
    try:
        down = probe("/readyz")
        assert down.status_code == 503
        assert down.json() == {
            "status": "not ready",
            "checks": {"database": "failed", "message_queue": "not used", "migrations": "unknown"},
        }
        assert name not in down.text and "postgres" not in down.text  # nothing of the setup
        alive = probe("/healthz")
        assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    finally:
        _allow_connections(name, True)

    back = probe("/readyz")
    assert (back.status_code, back.json()) == (200, {"status": "ok", "checks": READY})
    lines = [json.loads(line) for line in server.log_tail(200).splitlines()[1:]]
    failed = [e for e in lines if e["event"] == "readiness_check_failed"]
    assert failed and failed[0]["check"] == "database", lines
    probes = [e for e in lines if e.get("path") == "/readyz"]
    assert [e["status"] for e in probes] == [503], probes  # answers 200 are not logged
