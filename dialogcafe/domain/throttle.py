"""Per-sender token buckets for socket events, which Flask-Limiter (per address) never sees.

One phone must not flood its café, however many people share its address. The caller picks
the sender key (realtime/limits.py: the participant, so a reconnect refills nothing);
buckets live in this process's memory (sticky sessions). The clock is injected, so the
rules are tested without waiting. Rates: docs/security.md.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dialogcafe.domain.errors import RateLimited, SendingTooFast


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


SWEEP_EVERY = 1000  # checks between two sweeps of idle buckets


class SocketLimiter:
    """Token buckets per (sender key, kind); ``forget`` a socket's key when it disconnects."""

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
        self._checks = 0
        # Handlers run on the event loop (eventlet, gevent) or in threads (threading mode):
        # there a sweep must not iterate while another thread adds a sender.
        self._lock = threading.Lock()

    def check(self, key: str, kind: str, *, error: type[RateLimited] | None = None) -> None:
        """Take a token for one ``kind`` event of sender ``key``, or raise ``error``
        (:class:`SendingTooFast` unless given) with the seconds until the next token."""
        rate = self._rates[kind]
        with self._lock:
            wait = self._take(key, kind, rate)
        if wait is not None:
            raise (error or self._error)(wait)

    def _take(self, key: str, kind: str, rate: Rate) -> float | None:
        """Take a token (None) or say how many seconds until there is one (under the lock)."""
        now = self._clock()
        self._checks += 1
        if self._checks % SWEEP_EVERY == 0:
            self._sweep(now)
        buckets = self._buckets.setdefault(key, {})
        bucket = buckets.get(kind)
        if bucket is None:
            bucket = buckets[kind] = _Bucket(tokens=float(rate.burst), updated=now)
        else:
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(float(rate.burst), bucket.tokens + elapsed / rate.seconds_per_token)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        return (1.0 - bucket.tokens) * rate.seconds_per_token

    def forget(self, key: str) -> None:
        """The sender is gone (its socket disconnected): drop its buckets."""
        with self._lock:
            self._buckets.pop(key, None)

    def sweep(self) -> int:
        """Drop the senders whose buckets are all full again (idle for a whole period): a
        full bucket refuses nothing, so forgetting it changes nothing. Returns how many."""
        with self._lock:
            return self._sweep(self._clock())

    def _sweep(self, now: float) -> int:
        idle = [
            key
            for key, buckets in self._buckets.items()
            if all(
                bucket.tokens + max(0.0, now - bucket.updated) / self._rates[kind].seconds_per_token
                >= self._rates[kind].burst
                for kind, bucket in buckets.items()
            )
        ]
        for key in idle:
            del self._buckets[key]
        return len(idle)

    def __len__(self) -> int:
        """How many senders have buckets now (tests check that they are cleaned up)."""
        return len(self._buckets)
