"""Configuration read from ``DIALOGCAFE_*`` environment variables.

One place decides every setting so that `make run`, the CLI, tests and a production
deployment all see the same rules; tests override keys with a plain mapping.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from limits import parse_many

ASYNC_MODES = ("eventlet", "gevent", "threading")
# How the schema is made at start: Alembic migrations (the default), the models' tables
# directly (the in-process tests' fast path), or not at all (a deploy step runs
# ``flask db upgrade`` itself).
SCHEMA_SETUPS = ("migrate", "create_all", "none")
SIGNUP_POLICIES = ("open", "invite", "closed")  # DIALOGCAFE_SIGNUP
LOG_FORMATS = ("text", "json")  # DIALOGCAFE_LOG_FORMAT
DEFAULT_CHANNEL = "flask-socketio"
SECRET_KEY_FILE = ".secret_key"
CONNECTION_TIMEOUTS = {
    "HEADER_TIMEOUT": "10",
    "BODY_TIMEOUT": "10",
    "IDLE_TIMEOUT": "30",
    "SOCKET_TIMEOUT": "60",
}
MIN_SOCKET_TIMEOUT = 46.0  # Engine.IO: a ping every 25 s, a pong due within 20 s
TRUE_WORDS = ("1", "true", "yes", "on")
PRIVATE_DIR = 0o700
# Inputs per snapshot or page (paging.py): enough to be useful, few enough to stay cheap.
_PAGE_SIZES = (("STATE_POSTS", 10, 5000), ("FACILITATOR_STATE_POSTS", 10, 20000))
# Rate limits per client address (web/limits.py, Flask-Limiter): "N per period", several
# joined with ";" (the notation of the ``limits`` package). Each is the config key and, with
# ``DIALOGCAFE_`` in front, the environment variable that overrides it (docs/security.md).
ADDRESS_LIMITS = {
    # Wrong join codes (/join?code=, /j/<code>…, /api/join/<code>): guessing stays hopeless.
    "LIMIT_JOIN_CODE_TRIES": "20 per minute",
    # New participants: 300 people behind one venue's Wi-Fi address join within a minute.
    "LIMIT_JOINS": "600 per minute",
    "LIMIT_LOGINS": "10 per minute",  # POST /login and POST /api/auth/token
    "LIMIT_SIGNUPS": "10 per hour",
    "LIMIT_SESSION_CREATION": "30 per hour",  # new sessions, on the web and the API
}
# Rate limits per Socket.IO connection (throttle.py): "N per period" is a bucket of N that
# refills evenly over the period, so "10 per 30 seconds" allows a burst of 10 inputs, then
# one every 3 seconds. A person types no more than a few inputs a minute.
SOCKET_LIMITS = {
    "LIMIT_SOCKET_POSTS": "10 per 30 seconds",  # post (inputs, also on behalf of others)
    "LIMIT_SOCKET_LIKES": "30 per 30 seconds",  # like (liking and unliking)
    "LIMIT_SOCKET_VOTES": "30 per 30 seconds",  # vote (adding and removing dots)
    "LIMIT_SOCKET_HOST_CODES": "5 per minute",  # become_host (host-code tries)
    "LIMIT_SOCKET_PAGES": "20 per 30 seconds",  # older_posts (pages of up to 200 inputs)
}


def load_config(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build the Flask config mapping from the environment, then apply ``overrides``."""
    env = os.environ
    data_dir = Path(env.get("DIALOGCAFE_DATA_DIR", "sessions")).resolve()
    config: dict[str, Any] = {
        "DATA_DIR": data_dir,
        "DATABASE_URL": env.get("DIALOGCAFE_DATABASE_URL") or None,
        "SECRET_KEY": env.get("DIALOGCAFE_SECRET_KEY") or None,
        "MESSAGE_QUEUE": env.get("DIALOGCAFE_MESSAGE_QUEUE") or None,
        # The queue's channel: clusters sharing one Redis must each use their own.
        "MESSAGE_QUEUE_CHANNEL": env.get("DIALOGCAFE_MESSAGE_QUEUE_CHANNEL") or DEFAULT_CHANNEL,
        "SCHEMA_SETUP": env.get("DIALOGCAFE_SCHEMA_SETUP") or "migrate",
        # A stable name per server process (presence.py); none: a random id per start.
        "SERVER_ID": env.get("DIALOGCAFE_SERVER_ID") or None,
        "ASYNC_MODE": env.get("DIALOGCAFE_ASYNC_MODE", "eventlet"),
        "PUBLIC_URL": (env.get("DIALOGCAFE_PUBLIC_URL") or "").rstrip("/") or None,
        "HOST": env.get("HOST", "127.0.0.1"),
        "PORT": int(env.get("PORT", "5000")),
        # Connections (server.py): seconds a client may take for a request's line and
        # headers, and for its body (read whole before any view runs, web/request_body.py);
        # a new or kept-alive connection that sends nothing is closed after IDLE_TIMEOUT;
        # any one read or write of an open connection, WebSockets too, after SOCKET_TIMEOUT
        # (above Engine.IO's 25 s ping interval plus 20 s ping timeout).
        **{
            key: float(env.get(f"DIALOGCAFE_{key}") or default)
            for key, default in CONNECTION_TIMEOUTS.items()
        },
        # Open connections one client address may hold; a venue's Wi-Fi puts a whole room
        # behind one address. Not applied behind a trusted proxy (nginx counts them there).
        "MAX_CONNECTIONS_PER_ADDRESS": int(
            env.get("DIALOGCAFE_MAX_CONNECTIONS_PER_ADDRESS") or "2000"
        ),
        # Seconds an HTTP request waits for SQLite's write lock before a 503 (database.py).
        "DATABASE_LOCK_WAIT": float(env.get("DIALOGCAFE_DATABASE_LOCK_WAIT") or "5"),
        # Client IP:port in the server's log (an access log line per request): off, as
        # participants are anonymous; "1" turns it on for an operator who needs it.
        "LOG_CLIENT_ADDRESSES": env.get("DIALOGCAFE_LOG_CLIENT_ADDRESSES", "") in TRUE_WORDS,
        # "text": the log as it always was; "json": one JSON object per line on stderr
        # (time, level, logger, event, message; adapters/logs.py), for a log collector.
        "LOG_FORMAT": env.get("DIALOGCAFE_LOG_FORMAT") or "text",
        "BABEL_DEFAULT_LOCALE": "nb",
        # Full languages: every page. Participant languages: the participant's pages only
        # (web/i18n.py; their scope: scripts/participant_messages.py, docs/translations.md).
        "LANGUAGES": {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"},
        "PARTICIPANT_LANGUAGES": {
            "pl": "Polski",
            "uk": "Українська",
            "ar": "العربية",
            "so": "Soomaali",
        },
        # The switch's words on a narrow phone, where full names do not fit.
        "LANGUAGE_SHORT_NAMES": {"nb": "Bokmål", "nn": "Nynorsk"},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 256 * 1024,
        # Proxies in front of the app that set X-Forwarded-For (nginx: 1). Their addresses
        # are replaced by the client's, which the limits count by; 0 trusts no header.
        "TRUSTED_PROXIES": int(env.get("DIALOGCAFE_TRUSTED_PROXIES") or "0"),
        **{key: env.get(f"DIALOGCAFE_{key}") or value for key, value in ADDRESS_LIMITS.items()},
        **{key: env.get(f"DIALOGCAFE_{key}") or value for key, value in SOCKET_LIMITS.items()},
        "WTF_CSRF_TIME_LIMIT": None,
        # Inputs in a phone's ``state`` and per ``older_posts`` page, and in a facilitator's
        # or projector's ``state`` (the whole café's newest); paging.py.
        "STATE_POSTS": int(env.get("DIALOGCAFE_STATE_POSTS", "200")),
        "FACILITATOR_STATE_POSTS": int(env.get("DIALOGCAFE_FACILITATOR_STATE_POSTS", "1000")),
        # Engine.IO packets one long-polling POST may carry (polling.py).
        "POLLING_MAX_PACKETS": int(env.get("DIALOGCAFE_POLLING_MAX_PACKETS", "64")),
        # Failed log-ins per e-mail (accounts.LoginPolicy): this many are free, then the
        # wait doubles from the first delay up to the longest (seconds).
        "LOGIN_FREE_TRIES": int(env.get("DIALOGCAFE_LOGIN_FREE_TRIES", "5")),
        "LOGIN_FIRST_DELAY": float(env.get("DIALOGCAFE_LOGIN_FIRST_DELAY", "1")),
        "LOGIN_MAX_DELAY": float(env.get("DIALOGCAFE_LOGIN_MAX_DELAY", "300")),
        "API_TOKEN_DAYS": float(env.get("DIALOGCAFE_API_TOKEN_DAYS", "30")),
        # The zone the reports write times in (an IANA name): the organisers' clock.
        "TIMEZONE": env.get("DIALOGCAFE_TIMEZONE") or "Europe/Oslo",
        # Who may make an account on the web: anyone (a laptop on `make run`), only someone
        # with an invitation link, or nobody (accounts from the CLI): docs/security.md.
        "SIGNUP": env.get("DIALOGCAFE_SIGNUP") or "open",
        # Prometheus metrics at GET /metrics (adapters/metrics.py): off, the page is a 404
        # and prometheus_client is not even imported. METRICS_ALLOW: the client addresses
        # or networks ("127.0.0.1,10.0.0.0/8") that may read it; empty: any address.
        "METRICS": env.get("DIALOGCAFE_METRICS", "") in TRUE_WORDS,
        "METRICS_ALLOW": env.get("DIALOGCAFE_METRICS_ALLOW") or "",
        # Days a closed café's data is kept before it is deleted (domain/retention.py);
        # 0 keeps every café until someone deletes it. Unset or empty: 90.
        "RETENTION_DAYS": _whole(env.get("DIALOGCAFE_RETENTION_DAYS") or "90"),
        # Seconds between two runs of the deletion in a server process (services/retention.py).
        "RETENTION_INTERVAL": float(env.get("DIALOGCAFE_RETENTION_INTERVAL") or "3600"),
        # Seconds the facilitators' people and presence messages wait for more changes to
        # fold in (services/announcements.py); 0 sends one per change at once.
        "ANNOUNCE_SECONDS": float(env.get("DIALOGCAFE_ANNOUNCE_SECONDS") or "0.5"),
    }
    config.update(overrides or {})
    config["DATA_DIR"] = Path(config["DATA_DIR"])
    if config["ASYNC_MODE"] not in ASYNC_MODES:
        raise ValueError(
            f"DIALOGCAFE_ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}, "
            f"not {config['ASYNC_MODE']!r}"
        )
    if config["SIGNUP"] not in SIGNUP_POLICIES:
        raise ValueError(
            f"DIALOGCAFE_SIGNUP must be one of {', '.join(SIGNUP_POLICIES)}, "
            f"not {config['SIGNUP']!r}"
        )
    if config["LOG_FORMAT"] not in LOG_FORMATS:
        raise ValueError(
            f"DIALOGCAFE_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, "
            f"not {config['LOG_FORMAT']!r}"
        )
    if config["SCHEMA_SETUP"] not in SCHEMA_SETUPS:
        raise ValueError(
            f"DIALOGCAFE_SCHEMA_SETUP must be one of {', '.join(SCHEMA_SETUPS)}, "
            f"not {config['SCHEMA_SETUP']!r}"
        )
    for key, low, high in _PAGE_SIZES:
        if not low <= config[key] <= high:
            raise ValueError(f"DIALOGCAFE_{key} must be from {low} to {high}, not {config[key]}")
    check_connection_settings(config)
    check_timezone(config["TIMEZONE"])
    config["BABEL_DEFAULT_TIMEZONE"] = config["TIMEZONE"]  # pages' times, e.g. a link's expiry
    # Behind HTTPS, cookies must never travel over plain HTTP.
    config.setdefault(
        "SESSION_COOKIE_SECURE",
        bool(config["PUBLIC_URL"] and config["PUBLIC_URL"].startswith("https:")),
    )
    check_limits(config)
    check_login_settings(config)
    check_metrics_allow(config["METRICS_ALLOW"])
    check_retention_settings(config)
    if not 0 <= config["ANNOUNCE_SECONDS"] <= 10:
        raise ValueError("DIALOGCAFE_ANNOUNCE_SECONDS must be seconds from 0 to 10")
    # Flask-Limiter's storage: the cluster's Redis, so every process counts the same tries.
    queue = config["MESSAGE_QUEUE"] or ""
    redis_queue = queue.startswith(("redis://", "rediss://"))
    config.setdefault("RATELIMIT_STORAGE_URI", queue if redis_queue else "memory://")
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{config['DATA_DIR'] / 'dialogcafe.sqlite3'}"
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = persistent_secret_key(config["DATA_DIR"])
    return config


def check_limits(config: Mapping[str, Any]) -> None:
    """Refuse to start with a limit that does not parse: a typo must not mean no limit."""
    if not isinstance(config["TRUSTED_PROXIES"], int) or config["TRUSTED_PROXIES"] < 0:
        raise ValueError("DIALOGCAFE_TRUSTED_PROXIES must be a whole number, 0 or more")
    for key in ADDRESS_LIMITS:
        try:
            if any(item.amount < 1 for item in parse_many(config[key])):
                raise ValueError(f"at least 1 request per period, not {config[key]!r}")
        except ValueError as exc:
            raise ValueError(f"DIALOGCAFE_{key}: {exc} (write e.g. '20 per minute')") from exc
    for key in SOCKET_LIMITS:
        try:
            parse_rate(config[key])
        except ValueError as exc:
            raise ValueError(f"DIALOGCAFE_{key}: {exc} (write e.g. '10 per 30 seconds')") from exc


def parse_rate(text: str) -> tuple[int, float]:
    """One limit "N per period" as (N, the period in seconds): a socket limit's bucket."""
    items = parse_many(text)
    if len(items) != 1 or items[0].amount < 1:
        raise ValueError(f"expected one limit like '10 per 30 seconds', not {text!r}")
    return items[0].amount, float(items[0].get_expiry())


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> tuple[Network, ...]:
    """Comma-separated addresses and CIDR networks (``METRICS_ALLOW``) as networks; an
    address is a network of one."""
    return tuple(
        ipaddress.ip_network(item.strip(), strict=False) for item in text.split(",") if item.strip()
    )


def check_metrics_allow(text: str) -> None:
    """Refuse an allow-list that does not parse: a typo must not open or close /metrics."""
    try:
        parse_networks(text)
    except ValueError as exc:
        example = "write e.g. '127.0.0.1,10.0.0.0/8'"
        raise ValueError(f"DIALOGCAFE_METRICS_ALLOW: {exc} ({example})") from exc


def check_connection_settings(config: Mapping[str, Any]) -> None:
    """Refuse timeouts that would cut every phone off, or let nothing time out."""
    for key in (*CONNECTION_TIMEOUTS, "DATABASE_LOCK_WAIT"):
        if not 0 < config[key] <= 3600:
            raise ValueError(f"DIALOGCAFE_{key} must be seconds from 0 to 3600, not {config[key]}")
    if config["SOCKET_TIMEOUT"] < MIN_SOCKET_TIMEOUT:
        raise ValueError(
            f"DIALOGCAFE_SOCKET_TIMEOUT must be at least {MIN_SOCKET_TIMEOUT:.0f} seconds: "
            "a quiet WebSocket hears from its phone only every 25 s"
        )
    if config["MAX_CONNECTIONS_PER_ADDRESS"] < 1:
        raise ValueError("DIALOGCAFE_MAX_CONNECTIONS_PER_ADDRESS must be 1 or more")


def check_timezone(name: str) -> None:
    """Refuse a zone name zoneinfo does not know: a typo must not put UTC in every report."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"DIALOGCAFE_TIMEZONE must be an IANA zone such as Europe/Oslo, not {name!r}"
        ) from exc


def make_private_dir(path: Path) -> None:
    """Create the data dir readable by its owner only (0700), and make an existing one so.

    It holds the SQLite database (password hashes, every input), the secret key and the
    summaries; nobody else on the machine needs to list or read it.
    """
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # not ours to change: the operator decided
        path.chmod(PRIVATE_DIR)


def persistent_secret_key(data_dir: Path) -> str:
    """Return the key kept in the data dir, creating it once.

    A key generated per start would log every facilitator out on each restart, so
    the first start writes one (readable by the owner only) and later starts reuse it.
    """
    make_private_dir(data_dir)
    key_file = data_dir / SECRET_KEY_FILE
    key = secrets.token_hex(32)
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # an earlier start (or a sibling process) made it
        return key_file.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def check_login_settings(config: Mapping[str, Any]) -> None:
    """The log-in delays and the API tokens' lifetime must make sense (accounts.LoginPolicy)."""
    if config["LOGIN_FREE_TRIES"] < 1:
        raise ValueError("DIALOGCAFE_LOGIN_FREE_TRIES must be 1 or more")
    if not 0 < config["LOGIN_FIRST_DELAY"] <= config["LOGIN_MAX_DELAY"]:
        raise ValueError(
            "DIALOGCAFE_LOGIN_FIRST_DELAY must be above 0 and at most DIALOGCAFE_LOGIN_MAX_DELAY"
        )
    if not config["API_TOKEN_DAYS"] > 0:
        raise ValueError("DIALOGCAFE_API_TOKEN_DAYS must be above 0")


def _whole(raw: str) -> int | str:
    """A whole number from the environment, or the text as it was (refused by its check)."""
    raw = raw.strip()
    return int(raw) if raw.isdecimal() and len(raw) <= 9 else raw


def check_retention_settings(config: Mapping[str, Any]) -> None:
    """How long cafés are kept (0: until deleted by hand), and how often a server looks."""
    from dialogcafe.domain.retention import check_server_days

    check_server_days(config["RETENTION_DAYS"])
    if not 0 < config["RETENTION_INTERVAL"] <= 86400:
        raise ValueError("DIALOGCAFE_RETENTION_INTERVAL must be seconds from 0 to 86400")
