"""What the operator can measure (``GET /metrics``), with nothing to pay when it is off.

Every instrumented place asks :func:`current` for the app's :class:`Metrics` and calls one
method on it. With ``DIALOGCAFE_METRICS`` off that is :data:`NOOP`, whose methods do
nothing, and ``prometheus_client`` is never imported (a serving process carries only what it
uses); on, it is ``prometheus_metrics.PrometheusMetrics``, with a registry of the app's own.

Labels come from small fixed sets only (event names, outcomes, limit kinds, status classes,
route patterns): never a text, a nickname, a join code or an id. Call these methods on the
event loop's side only, never from the SQLite worker's OS thread (prometheus_client's locks
may be green ones there): time things with :func:`clock` and record afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from flask import Flask

EXTENSION_KEY = "dialogcafe.metrics"
# A monotonic clock in seconds that any thread may read (the worker thread stamps with it).
clock = time.perf_counter
# How a socket event's ack turned out: stored or done; refused (the client's request broke
# a rule, a limit, a right); error (the server could not: the database, a bug).
ACK_OUTCOMES = ("ok", "refused", "error")
SOCKET_KINDS = ("participant", "facilitator")  # the projector connects as a facilitator
# Where a transaction waited for the database: the SQLite worker's queue (green servers on
# SQLite), or a connection of the pool and its BEGIN (everywhere else).
DATABASE_PATHS = ("sqlite_worker", "connection")
RATE_LIMIT_EDGES = ("http", "socket")


class Metrics:
    """The instruments, doing nothing: what every hot path calls while metrics are off."""

    enabled = False

    def socket_connected(self, kind: str) -> None:
        """A socket of ``kind`` (:data:`SOCKET_KINDS`) was accepted."""

    def socket_disconnected(self, kind: str) -> None:
        """An accepted socket of ``kind`` went away."""

    def joined(self) -> None:
        """A participant joined a café."""

    def input_stored(self) -> None:
        """An input was stored (not a resend of a stored one)."""

    def acked(self, event: str, outcome: str, seconds: float) -> None:
        """A registered socket ``event`` was answered with ``outcome`` after ``seconds``."""

    def fanned_out(self, seconds: float) -> None:
        """A stored input reached its rooms ``seconds`` after it was written."""

    def database_waited(self, path: str, seconds: float) -> None:
        """A transaction waited ``seconds`` for the database on ``path``
        (:data:`DATABASE_PATHS`)."""

    def rate_limited(self, edge: str, limit: str) -> None:
        """A request (``http``) or an event (``socket``) was refused by ``limit``."""

    def responded(self, method: str, route: str | None, status: int) -> None:
        """An HTTP response with ``status`` to ``method`` on the URL rule ``route`` (its
        pattern, e.g. ``/j/<join_code>``; None when no rule matched)."""

    def exposition(self) -> tuple[bytes, str]:
        """The text format's body and its content type (nothing while metrics are off)."""
        return b"", "text/plain; charset=utf-8"


NOOP = Metrics()


def current() -> Metrics:
    """The current app's metrics; :data:`NOOP` without an app (a CLI step, a bare test)."""
    try:
        extensions = current_app.extensions
    except RuntimeError:  # outside an app context
        return NOOP
    metrics: Metrics = extensions.get(EXTENSION_KEY, NOOP)
    return metrics


def init_app(app: Flask, *, queue_length: Callable[[], int]) -> Metrics:
    """Give ``app`` its metrics, on when ``METRICS`` is; ``queue_length`` is read at each
    scrape (the SQLite worker's waiting transactions)."""
    metrics = NOOP
    if app.config.get("METRICS"):
        from dialogcafe.adapters.prometheus_metrics import PrometheusMetrics

        metrics = PrometheusMetrics(queue_length=queue_length)
    app.extensions[EXTENSION_KEY] = metrics
    return metrics
