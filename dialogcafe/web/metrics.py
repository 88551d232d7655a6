"""``GET /metrics`` for Prometheus, and the count of every HTTP response behind it.

Off (``DIALOGCAFE_METRICS``), the page is a 404 like any unknown address and no response
is counted. On, only the addresses of ``DIALOGCAFE_METRICS_ALLOW`` may read it (behind
nginx, ProxyFix has already put the client's own address in ``remote_addr``); it needs no
log-in, no CSRF token and no rate limit, and holds nothing a participant wrote.
"""

from __future__ import annotations

import ipaddress

from flask import Blueprint, Flask, abort, current_app, request
from werkzeug.wrappers import Response

from dialogcafe.adapters import metrics
from dialogcafe.config import parse_networks

bp = Blueprint("metrics", __name__)


def _allowed(address: str | None) -> bool:
    """Whether ``address`` is in ``METRICS_ALLOW`` (everyone when that is empty)."""
    networks = parse_networks(current_app.config["METRICS_ALLOW"])
    if not networks:
        return True
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:  # no address at all (a Unix socket): not a listed one
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # "::ffff:10.0.0.5" from a dual-stack socket
    return any(ip in network for network in networks)


@bp.get("/metrics")
def scrape() -> Response:
    """The current counts in Prometheus' text format."""
    recorder = metrics.current()
    if not recorder.enabled:
        abort(404)
    if not _allowed(request.remote_addr):
        abort(403)
    body, content_type = recorder.exposition()
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})


def _count_response(response: Response) -> Response:
    """After every request: one response of this method, status and URL rule."""
    rule = request.url_rule
    metrics.current().responded(
        request.method, rule.rule if rule is not None else None, response.status_code
    )
    return response


def init_app(app: Flask) -> None:
    """The page always (a 404 while off); the response count only while metrics are on."""
    app.register_blueprint(bp)
    if app.config.get("METRICS"):
        app.after_request(_count_response)
