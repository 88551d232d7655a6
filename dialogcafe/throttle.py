"""Per-connection rate limits for socket events: a token bucket per socket and kind.

HTTP requests are limited per address by Flask-Limiter (web/limits.py); a socket's events
never pass through it, and one phone must not be able to flood its café however many
people share its address. So each connection gets a small bucket per kind of event
(posts, likes, votes, host-code tries): full at connect, one token per event, refilled
evenly. An empty bucket refuses with :class:`~dialogcafe.errors.SendingTooFast`, which
says when the next token is there; the phone keeps what it sent and tries again then.

Buckets live in this process's memory: a socket is served by one process for its whole
life (sticky sessions), and a reconnect starts with full buckets, as a fresh page would.
No Flask here: the clock is injected, so the rules are tested without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dialogcafe.errors import RateLimited, SendingTooFast


@dataclass(frozen=True)
class Rate:
    """A bucket of ``burst`` tokens that refills completely in ``period`` seconds."""

    burst: int
    period: float

    @property
    def seconds_per_token(self) -> float:
        return self.period / self.burst


@dataclass
class _Bucket:
    tokens: float
    updated: float


class SocketLimiter:
    """Token buckets per (socket id, kind); ``forget`` a socket when it disconnects."""

    def __init__(
        self,
        rates: Mapping[str, Rate],
        *,
        clock: Callable[[], float] = time.monotonic,
        error: type[RateLimited] = SendingTooFast,
    ) -> None:
        self._rates = dict(rates)
        self._clock = clock
        self._error = error
        self._buckets: dict[str, dict[str, _Bucket]] = {}

    def check(self, sid: str, kind: str, *, error: type[RateLimited] | None = None) -> None:
        """Take a token for one ``kind`` event of socket ``sid``, or raise ``error``
        (:class:`SendingTooFast` unless given) with the seconds until the next token."""
        rate = self._rates[kind]
        now = self._clock()
        buckets = self._buckets.setdefault(sid, {})
        bucket = buckets.get(kind)
        if bucket is None:
            bucket = buckets[kind] = _Bucket(tokens=float(rate.burst), updated=now)
        else:
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(float(rate.burst), bucket.tokens + elapsed / rate.seconds_per_token)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return
        raise (error or self._error)((1.0 - bucket.tokens) * rate.seconds_per_token)

    def forget(self, sid: str) -> None:
        """The socket is gone: drop its buckets (a reconnect gets a new id and new buckets)."""
        self._buckets.pop(sid, None)

    def __len__(self) -> int:
        """How many sockets have buckets now (tests check that disconnects clean up)."""
        return len(self._buckets)
