"""The app in this process for the path benchmarks: a SQLite file in a temporary directory,
threading mode (transactions run inline), a facilitator and one café of 25 tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TABLES = 25
PASSWORD = "benchmark-password-1"


def build_cafe(data: Path) -> tuple[Any, Any, dict[str, Any], dict[str, str]]:
    """The app, its test client, a café with a question per table (not yet started), and
    the facilitator's bearer header."""
    from dialogcafe import create_app

    app = create_app(
        {
            "DATA_DIR": data,
            "DATABASE_URL": f"sqlite:///{data / 'dialogcafe.sqlite3'}",
            "ASYNC_MODE": "threading",
            "SECRET_KEY": "path-benchmark",
            "MESSAGE_QUEUE": None,
            "PUBLIC_URL": None,
            # Every phone comes from one address here: limits raised, still counted.
            "LIMIT_JOIN_CODE_TRIES": "1000000 per minute",
            "LIMIT_JOINS": "1000000 per minute",
            "LIMIT_SOCKET_POSTS": "1000000 per second",
        }
    )
    http = app.test_client()
    runner = app.test_cli_runner()
    email = "bench@example.no"
    result = runner.invoke(args=["facilitator", "create", email, "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    token = http.post("/api/auth/token", json={"email": email, "password": PASSWORD}).get_json()
    bearer = {"Authorization": f"Bearer {token['token']}"}
    cafe = http.post(
        "/api/sessions",
        json={
            "title": "Benchmark",
            "tables": TABLES,
            "topics": [f"Spørsmål {n}" for n in range(1, TABLES + 1)],
            "rounds": 3,
            "round_minutes": 20,
        },
        headers=bearer,
    ).get_json()
    return app, http, cafe, bearer
