"""The socket edge of the per-phone limits (throttle.py): one limiter per app.

A participant's events are counted per participant, across their sockets and reconnects
(a new connection must not mean new tokens); other sockets' per socket. Handlers call
:func:`check_socket` (or wear :func:`limited`) before any work, so a flood costs a
dictionary look-up, not a transaction; a refusal is a failed ack with ``code:
"rate_limited"`` and ``retry_after``, and the phone sends the same input again then.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app, session

from dialogcafe.adapters import metrics
from dialogcafe.config import parse_rate
from dialogcafe.domain import errors
from dialogcafe.domain.throttle import Rate, SocketLimiter
from dialogcafe.realtime.common import SOCKET_PARTICIPANT_KEY, socket_id

LIMITER_KEY = "dialogcafe.socket_limits"
# Event kind → its config key (config.SOCKET_LIMITS).
KINDS = {
    "post": "LIMIT_SOCKET_POSTS",
    "like": "LIMIT_SOCKET_LIKES",
    "vote": "LIMIT_SOCKET_VOTES",
    "become_host": "LIMIT_SOCKET_HOST_CODES",
    "older_posts": "LIMIT_SOCKET_PAGES",
}
# Host codes are typed by a person, not queued by the phone: "try again" fits them better
# than "sent again".
_ERRORS: dict[str, type[errors.RateLimited]] = {
    "become_host": errors.RateLimited,
    "older_posts": errors.RateLimited,  # a page is asked for again by a tap, not resent
}
Handler = TypeVar("Handler", bound=Callable[..., Any])


def init_app(app: Flask) -> SocketLimiter:
    """This app's socket limiter, with the rates from its config."""
    rates = {kind: Rate(*parse_rate(app.config[key])) for kind, key in KINDS.items()}
    limiter = SocketLimiter(rates)
    app.extensions[LIMITER_KEY] = limiter
    return limiter


def _limiter() -> SocketLimiter:
    limiter: SocketLimiter = current_app.extensions[LIMITER_KEY]
    return limiter


def sender_key(sid: str) -> str:
    """Whose buckets an event of socket ``sid`` takes from: its participant's, so that a
    reconnect (a new socket) does not refill them; a socket of no participant, its own."""
    participant_id = session.get(SOCKET_PARTICIPANT_KEY)
    return f"participant:{participant_id}" if participant_id is not None else f"sid:{sid}"


def check_socket(sid: str, kind: str) -> None:
    """Count one ``kind`` event of socket ``sid``; raises :class:`errors.RateLimited`
    (``SendingTooFast`` for what the phone resends by itself) when it comes too fast."""
    try:
        _limiter().check(sender_key(sid), kind, error=_ERRORS.get(kind))
    except errors.RateLimited:
        metrics.current().rate_limited("socket", kind)  # kind: one of KINDS
        raise


def forget(sid: str) -> None:
    """The socket disconnected: its own buckets go with it. A participant's stay (another
    tab, or a reconnect, may go on with them) until they are full again and swept."""
    _limiter().forget(f"sid:{sid}")


def limited(kind: str) -> Callable[[Handler], Handler]:
    """Decorate a socket handler: over the limit, it does nothing and the refusal is its
    failed ack (``events.py``)."""

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            check_socket(socket_id(), kind)
            return handler(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
