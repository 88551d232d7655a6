"""A database that refuses (locked, gone, full) is a 503 for HTTP clients, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from dialogcafe.domain import sessions


def test_a_refusing_database_answers_503_unavailable(
    client: Any, cafe: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(sessions, "session_by_join_code", refuse)
    response = client.post(f"/api/join/{cafe['join_code']}", json={"table": 1})
    assert response.status_code == 503
    assert response.get_json()["code"] == "unavailable"
    page = client.get(f"/j/{cafe['join_code']}", headers={"Accept": "text/html"})
    assert page.status_code == 503
    assert b"<html" in page.data.lower()
    assert "Det er travelt akkurat nå. Vent litt og prøv igjen." in page.get_data(as_text=True)
