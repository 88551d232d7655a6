"""Rate limits per client address on the HTTP edge (Flask-Limiter).

Counts are in the cluster's Redis when there is one and in memory otherwise, or while Redis
is down: an outage never stops people joining. Values in config.py (``LIMIT_*``), behaviour
in docs/protocol.md; socket events have their own limiter (domain/throttle.py).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from flask import Flask, current_app, request
from flask_limiter import Limiter, RateLimitExceeded, RouteLimit
from werkzeug.wrappers import Response

from dialogcafe.domain.errors import RateLimited


def _client_key() -> str:
    """The client's address, within this cluster: deployments sharing a Redis count apart."""
    channel = current_app.config["MESSAGE_QUEUE_CHANNEL"]
    return f"{channel}/{request.remote_addr or 'unknown'}"


limiter = Limiter(
    _client_key,
    # Counts every request in the last period (not per calendar minute), so a burst across
    # a window's edge cannot double the limit; Retry-After is when the oldest one expires.
    strategy="moving-window",
    in_memory_fallback_enabled=True,
    # A storage that fails is logged and the request goes on (in memory): never a 500.
    swallow_errors=True,
    headers_enabled=False,
)


def _configured(key: str) -> str:
    value: str = current_app.config[key]
    return value


def _wrong_code(response: Response) -> bool:
    """Only unknown join codes count: the 404 that ``UnknownSession`` answers with."""
    return response.status_code == 404


# Shared limits: the same count wherever the action is done (a page or the API).
join_code_tries: RouteLimit = limiter.shared_limit(
    lambda: _configured("LIMIT_JOIN_CODE_TRIES"), scope="join-code-tries", deduct_when=_wrong_code
)
joins: RouteLimit = limiter.shared_limit(
    lambda: _configured("LIMIT_JOINS"), scope="joins", methods=["POST"]
)
logins: RouteLimit = limiter.shared_limit(
    lambda: _configured("LIMIT_LOGINS"), scope="logins", methods=["POST"]
)
signups: RouteLimit = limiter.shared_limit(
    lambda: _configured("LIMIT_SIGNUPS"), scope="signups", methods=["POST"]
)
session_creation: RouteLimit = limiter.shared_limit(
    lambda: _configured("LIMIT_SESSION_CREATION"), scope="session-creation", methods=["POST"]
)


# The shared limits' scopes, as the metrics name them (the rest: form_posts, the one other).
SHARED_SCOPES = ("join-code-tries", "joins", "logins", "signups", "session-creation")


def limit_name(exceeded: RateLimitExceeded) -> str:
    """Which of our limits ``exceeded`` is, from a fixed set (a metrics label)."""
    limit = exceeded.limit
    if not limit.shared:
        return "form_posts"
    scope = limit.scope
    return scope.replace("-", "_") if isinstance(scope, str) and scope in SHARED_SCOPES else "other"


def form_posts(who: Callable[[], str]) -> RouteLimit:
    """Inputs sent with the no-JavaScript form, counted per participant (``who``) at a
    socket's rate (``LIMIT_SOCKET_POSTS``): the form must not be a way round that limit."""

    def key() -> str:
        return f"{current_app.config['MESSAGE_QUEUE_CHANNEL']}/{who()}"

    return limiter.limit(lambda: _configured("LIMIT_SOCKET_POSTS"), key_func=key, methods=["POST"])


def init_app(app: Flask) -> None:
    """Bind the limiter to ``app``, with the storage its config names (config.py)."""
    # Redis that does not answer must not hold a request for long (then: memory).
    app.config.setdefault(
        "RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 2, "socket_timeout": 2}
    )
    # One limiter serves every app a process builds (the tests build many): an outage of
    # an earlier app's storage must not carry over (Flask-Limiter 4.1 keeps it on itself).
    limiter._storage_dead = False
    limiter.init_app(app)


def refusal() -> RateLimited:
    """The limit this request broke, as a domain error with the seconds until it passes."""
    breached = limiter.current_limit
    wait = breached.window.reset_time - time.time() if breached is not None else 60.0
    return RateLimited(retry_after=max(1, math.ceil(wait)))
