"""Per-socket limits (throttle.py), the limit settings (config.py) and the refusal's words.

The limiter's clock is injected: every test says exactly how much time passes.
"""

from __future__ import annotations

import pytest

from dialogcafe.config import ADDRESS_LIMITS, SOCKET_LIMITS, load_config, parse_rate
from dialogcafe.domain import errors
from dialogcafe.domain.throttle import SWEEP_EVERY, Rate, SocketLimiter

NORWEGIAN = {
    "Too many tries in a short time. Please wait {detail} and try again.": (
        "For mange forsøk på kort tid. Vent {detail} og prøv igjen."
    ),
    "{seconds} seconds": "{seconds} sekunder",
    "a minute": "ett minutt",
}


class Clock:
    """Time that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def limiter(clock: Clock) -> SocketLimiter:
    """The café default for posts: a burst of 10, then one every 3 seconds."""
    return SocketLimiter({"post": Rate(10, 30.0), "become_host": Rate(5, 60.0)}, clock=clock)


def refused(limiter: SocketLimiter, sid: str, kind: str = "post") -> errors.RateLimited | None:
    try:
        limiter.check(sid, kind)
    except errors.RateLimited as exc:
        return exc
    return None


def test_a_burst_passes_then_one_every_few_seconds(limiter: SocketLimiter, clock: Clock) -> None:
    assert [refused(limiter, "a") for _ in range(10)] == [None] * 10
    eleventh = refused(limiter, "a")
    assert isinstance(eleventh, errors.SendingTooFast)
    assert eleventh.code == "rate_limited" and eleventh.status == 429
    assert eleventh.retry_after == 3  # one token refills in 30 s / 10
    clock.advance(2.0)
    still = refused(limiter, "a")
    assert still is not None and still.retry_after == 1  # 1 s left, never 0
    clock.advance(1.0)
    assert refused(limiter, "a") is None
    assert refused(limiter, "a") is not None


def test_a_refusal_takes_no_token(limiter: SocketLimiter, clock: Clock) -> None:
    """Hammering while refused does not push the next acceptance further away."""
    for _ in range(10):
        limiter.check("a", "post")
    for _ in range(100):
        assert refused(limiter, "a") is not None
    clock.advance(3.0)
    assert refused(limiter, "a") is None


def test_the_bucket_refills_to_its_burst_and_no_more(limiter: SocketLimiter, clock: Clock) -> None:
    for _ in range(10):
        limiter.check("a", "post")
    clock.advance(3600.0)  # an hour quiet: still only a burst of 10
    assert [refused(limiter, "a") for _ in range(10)] == [None] * 10
    assert refused(limiter, "a") is not None


def test_sockets_and_kinds_have_their_own_buckets(limiter: SocketLimiter) -> None:
    for _ in range(10):
        limiter.check("flood", "post")
    assert refused(limiter, "flood") is not None
    assert refused(limiter, "neighbour") is None  # another phone at the same table
    assert refused(limiter, "flood", "become_host") is None  # another kind of event


def test_host_code_tries_are_few(limiter: SocketLimiter, clock: Clock) -> None:
    assert [refused(limiter, "a", "become_host") for _ in range(5)] == [None] * 5
    sixth = refused(limiter, "a", "become_host")
    assert sixth is not None and sixth.retry_after == 12
    clock.advance(12.0)
    assert refused(limiter, "a", "become_host") is None


def test_the_error_kind_can_be_chosen(limiter: SocketLimiter) -> None:
    for _ in range(5):
        limiter.check("a", "become_host")
    with pytest.raises(errors.RateLimited) as caught:
        limiter.check("a", "become_host", error=errors.RateLimited)
    assert type(caught.value) is errors.RateLimited


def test_forgetting_a_socket_drops_its_buckets(limiter: SocketLimiter) -> None:
    for _ in range(10):
        limiter.check("a", "post")
    limiter.check("b", "post")
    assert len(limiter) == 2
    limiter.forget("a")
    limiter.forget("never-seen")  # a socket that sent nothing limited
    assert len(limiter) == 1
    assert refused(limiter, "a") is None  # a new connection starts full


def test_idle_senders_are_swept_once_their_buckets_are_full(
    limiter: SocketLimiter, clock: Clock
) -> None:
    for _ in range(10):
        limiter.check("busy", "post")
    limiter.check("quiet", "post")
    limiter.check("quiet", "become_host")
    clock.advance(11.0)  # the post is back (3 s), the host-code try not yet (12 s)
    assert limiter.sweep() == 0
    clock.advance(1.0)  # "quiet" is full again in every bucket; "busy" needs 30 s
    assert limiter.sweep() == 1 and len(limiter) == 1
    clock.advance(18.0)
    assert limiter.sweep() == 1 and len(limiter) == 0


def test_a_partly_used_bucket_is_not_swept(limiter: SocketLimiter, clock: Clock) -> None:
    for _ in range(10):
        limiter.check("a", "post")
    clock.advance(15.0)  # five tokens back, five to go
    assert limiter.sweep() == 0
    for _ in range(5):
        limiter.check("a", "post")
    assert refused(limiter, "a") is not None  # the sweep did not refill it


def test_checks_sweep_now_and_then(clock: Clock) -> None:
    limiter = SocketLimiter({"post": Rate(10, 30.0)}, clock=clock)
    for n in range(SWEEP_EVERY - 1):
        limiter.check(f"once-{n}", "post")
    clock.advance(60.0)
    assert len(limiter) == SWEEP_EVERY - 1
    limiter.check("one-more", "post")  # the SWEEP_EVERY-th check sweeps the idle ones
    assert len(limiter) == 1


def test_a_clock_going_backwards_does_not_add_tokens(limiter: SocketLimiter, clock: Clock) -> None:
    for _ in range(10):
        limiter.check("a", "post")
    clock.advance(-100.0)
    assert refused(limiter, "a") is not None


def test_the_refusal_says_how_long_to_wait_in_words() -> None:
    assert errors.RateLimited(0.2).retry_after == 1
    assert str(errors.RateLimited(1)) == (
        "Too many tries in a short time. Please wait a second and try again."
    )
    assert "wait 42 seconds" in str(errors.RateLimited(41.3))
    assert "wait a minute" in str(errors.RateLimited(60))
    assert "wait 2 minutes" in str(errors.RateLimited(61))
    assert "wait an hour" in str(errors.RateLimited(3600))
    assert "wait 3 hours" in str(errors.RateLimited(7201))
    norwegian = errors.RateLimited(7).describe(lambda text: NORWEGIAN.get(text, text))
    assert norwegian == "For mange forsøk på kort tid. Vent 7 sekunder og prøv igjen."
    assert errors.RateLimited(7).answer_fields() == {"retry_after": 7}
    assert errors.UnknownSession().answer_fields() == {}


def test_limits_have_cafe_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [*ADDRESS_LIMITS, *SOCKET_LIMITS, "TRUSTED_PROXIES", "MESSAGE_QUEUE"]:
        monkeypatch.delenv(f"DIALOGCAFE_{key}", raising=False)
    config = load_config({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    assert config["LIMIT_JOIN_CODE_TRIES"] == "20 per minute"
    assert config["LIMIT_JOINS"] == "600 per minute"  # 300 behind one NAT in a minute
    assert config["LIMIT_LOGINS"] == "10 per minute"
    assert config["LIMIT_SIGNUPS"] == "10 per hour"
    assert config["LIMIT_SESSION_CREATION"] == "30 per hour"
    assert parse_rate(config["LIMIT_SOCKET_POSTS"]) == (10, 30.0)
    assert parse_rate(config["LIMIT_SOCKET_LIKES"]) == (30, 30.0)
    assert parse_rate(config["LIMIT_SOCKET_VOTES"]) == (30, 30.0)
    assert parse_rate(config["LIMIT_SOCKET_HOST_CODES"]) == (5, 60.0)
    assert config["TRUSTED_PROXIES"] == 0
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOGCAFE_LIMIT_JOINS", "2000 per minute")
    monkeypatch.setenv("DIALOGCAFE_LIMIT_SOCKET_POSTS", "100 per second")
    monkeypatch.setenv("DIALOGCAFE_TRUSTED_PROXIES", "1")
    monkeypatch.setenv("DIALOGCAFE_MESSAGE_QUEUE", "redis://127.0.0.1:6379/0")
    config = load_config({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    assert config["LIMIT_JOINS"] == "2000 per minute"
    assert parse_rate(config["LIMIT_SOCKET_POSTS"]) == (100, 1.0)
    assert config["TRUSTED_PROXIES"] == 1
    # A cluster counts in its Redis: every process sees the same tries.
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("LIMIT_JOINS", "lots"),
        ("LIMIT_LOGINS", "0 per minute"),
        ("LIMIT_SOCKET_POSTS", "10 per minute;100 per hour"),
        ("LIMIT_SOCKET_LIKES", "0 per second"),
        ("TRUSTED_PROXIES", -1),
    ],
)
def test_a_limit_that_does_not_parse_stops_the_start(key: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"DIALOGCAFE_{key}"):
        load_config({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://", key: value})
