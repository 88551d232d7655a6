"""``GET /healthz`` (the process answers) and ``GET /readyz`` (it can serve a café).

For load balancers and process managers: no login, no cookie, no rate limit, and nothing in
the answer but a few fixed words (docs/deployment.md, "Health checks").
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify
from werkzeug.wrappers import Response

from dialogcafe.services import health

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """Alive: answered without touching the database or Redis."""
    return _answer({"status": "ok"}, 200)


@bp.get("/readyz")
def readyz() -> Response:
    """Ready: the database answers at the newest migration, and Redis if there is one."""
    report = health.readiness(current_app.config["MESSAGE_QUEUE"])
    status = "ok" if report.ready else "not ready"
    return _answer({"status": status, "checks": report.checks()}, 200 if report.ready else 503)


def _answer(body: dict[str, Any], status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
