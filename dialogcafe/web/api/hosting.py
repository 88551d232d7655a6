"""Naming a table's host over the API."""

from __future__ import annotations

from typing import Any

from dialogcafe.services import hosting
from dialogcafe.web.api import bp
from dialogcafe.web.edge import current_facilitator_id, json_body


@bp.post("/sessions/<int:session_id>/tables/<int:table>/host")
def make_host(session_id: int, table: int) -> dict[str, Any]:
    """``{"participant_id": 12}`` → ``{"table": 2, "host": {"id": 12, "nickname": …}}``."""
    body = json_body()
    return hosting.make_host(
        current_facilitator_id(), session_id, table, body.get("participant_id")
    )
