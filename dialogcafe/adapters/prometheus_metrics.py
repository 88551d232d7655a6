"""The metrics of ``metrics.py`` in Prometheus' client: imported only when they are on.

Each app has a registry of its own (never prometheus_client's global one), so the tests'
many apps in one process never count into each other. Every metric and label is listed in
docs/deployment.md ("Metrics"); deploy/grafana-dialogcafe.json charts them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import prometheus_client
from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from dialogcafe.adapters.metrics import ACK_OUTCOMES, SOCKET_KINDS, Metrics

PREFIX = "dialogcafe_"
# Seconds: an ack or a fan-out on a healthy café takes a few milliseconds; 10 s is a stall.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Seconds: a free database answers in microseconds; SQLite's lock wait gives up at 5 s.
WAIT_BUCKETS = (
    *(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1),
    *(0.25, 0.5, 1.0, 2.5, 5.0),
)
# Methods a label may name; anything else a client invents counts as "other".
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
NO_ROUTE = "none"  # a path no URL rule matched (a 404 or 405)

# No "_created" series next to every counter: dashboards use rate(), never the start time.
prometheus_client.disable_created_metrics()


class PrometheusMetrics(Metrics):
    """The instruments, counting into a registry of this app's own."""

    enabled = True

    def __init__(self, *, queue_length: Callable[[], int]) -> None:
        # Each labelled child, found once: ``labels()`` takes a lock and builds a key on
        # every call, a dict's ``get`` is a fraction of that (and atomic under the GIL).
        self._children: dict[tuple[object, ...], Any] = {}
        self.registry = registry = CollectorRegistry(auto_describe=True)
        self._sockets = Gauge(
            PREFIX + "sockets_connected",
            "Socket.IO connections this process holds, by kind (the projector is a facilitator).",
            ["kind"],
            registry=registry,
        )
        for kind in SOCKET_KINDS:
            self._sockets.labels(kind)
        self._joins = Counter(
            PREFIX + "joins", "Participants who joined a café.", registry=registry
        )
        self._inputs = Counter(
            PREFIX + "inputs_stored",
            "Inputs stored (a resent input counts once).",
            registry=registry,
        )
        self._acks = Counter(
            PREFIX + "socket_acks",
            "Socket events answered, by event and outcome (ok, refused, error).",
            ["event", "outcome"],
            registry=registry,
        )
        self._ack_seconds = Histogram(
            PREFIX + "socket_ack_seconds",
            "Seconds from a socket event's arrival in its handler to its ack.",
            ["event"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self._fanout_seconds = Histogram(
            PREFIX + "fanout_seconds",
            "Seconds from an input written in its transaction to its emit to the rooms "
            "(the commit, the wake-up, the emit).",
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self._database_wait = Histogram(
            PREFIX + "database_wait_seconds",
            "Seconds a transaction waited before its work could start: in the SQLite "
            "worker's queue, or for a pooled connection and its BEGIN.",
            ["path"],
            buckets=WAIT_BUCKETS,
            registry=registry,
        )
        queue = Gauge(
            PREFIX + "sqlite_queue_length",
            "Transactions waiting for the SQLite worker thread (0 where there is none).",
            registry=registry,
        )
        queue.set_function(queue_length)
        self._rate_limited = Counter(
            PREFIX + "rate_limited",
            "Requests (edge http) and socket events (edge socket) refused by a rate limit.",
            ["edge", "limit"],
            registry=registry,
        )
        self._responses = Counter(
            PREFIX + "http_responses",
            "HTTP responses, by method, status class (2xx…5xx) and URL rule (its pattern).",
            ["method", "status_class", "route"],
            registry=registry,
        )

    def socket_connected(self, kind: str) -> None:
        self._sockets.labels(kind).inc()

    def socket_disconnected(self, kind: str) -> None:
        self._sockets.labels(kind).dec()

    def joined(self) -> None:
        self._joins.inc()

    def input_stored(self) -> None:
        self._inputs.inc()

    def _child(self, metric: Any, *labels: str) -> Any:
        key = (metric, *labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    def acked(self, event: str, outcome: str, seconds: float) -> None:
        outcome = outcome if outcome in ACK_OUTCOMES else "error"
        self._child(self._acks, event, outcome).inc()
        self._child(self._ack_seconds, event).observe(seconds)

    def fanned_out(self, seconds: float) -> None:
        self._fanout_seconds.observe(seconds)

    def database_waited(self, path: str, seconds: float) -> None:
        self._child(self._database_wait, path).observe(seconds)

    def rate_limited(self, edge: str, limit: str) -> None:
        self._rate_limited.labels(edge, limit).inc()

    def responded(self, method: str, route: str | None, status: int) -> None:
        method = method if method in HTTP_METHODS else "other"
        status_class = f"{status // 100}xx" if 100 <= status <= 599 else "other"
        self._child(self._responses, method, status_class, route or NO_ROUTE).inc()

    def exposition(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_PLAIN_0_0_4
