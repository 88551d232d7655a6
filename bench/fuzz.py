"""A bounded, seeded fuzzer for a running Dialogkafé server: HTTP requests and socket events.

It sends what an attacker or a broken phone would: every route the app registers with
every method, path values from valid ids to ``2**64`` and lone surrogates, JSON nested a
thousand deep, ``NaN``, bodies that are not what their ``Content-Type`` says, forms with
control characters; and every socket event name the server registers (plus the reserved
``connect``/``disconnect`` and names that do not exist) with zero to three arguments of
any shape. It records what a robust server must never do: answer 5xx, or leave an event
without an ack. ``tests/e2e/test_fuzz.py`` runs it for about a minute in ``make test``;
``bench/soak.py`` (``make soak``) runs it for half an hour next to a café of 300 phones.

The café it needs (a facilitator token, session ids, join codes, participant tokens) is
made by :func:`prepare_target` over the public API, so it runs against any server.
"""

from __future__ import annotations

import json
import random
import string
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests
import socketio

HTTP_TIMEOUT = 10.0
ACK_TIMEOUT = 10.0
TOPICS = [
    "Hva gjør et hjem trygt?",
    "Hva trenger unge i sin første bolig?",
    "Hvordan blir vi hørt?",
]

RESERVED_AND_UNKNOWN = ["connect", "disconnect", "connect_error", "*", "", "no such event"]
RESERVED_AND_UNKNOWN_SET = frozenset(RESERVED_AND_UNKNOWN)

FIELD_NAMES = [
    "title", "description", "tables", "topics", "rounds", "round_minutes", "rotation",
    "nickname", "table", "client_id", "text", "minutes", "email", "password", "code",
    "post_id", "participant_id", "value", "liked", "add", "status", "q", "limit", "offset",
    "approve_first", "hide_other_tables", "dots_per_participant", "reason", "confirm",
    "join_code", "before", "scope", "since", "session", "token", "on_behalf",
    "on_behalf_name", "stay_seated", "lang", "next", "csrf_token",
]  # fmt: skip


@dataclass
class Target:
    """What the fuzzer aims at: ids and secrets of real things on the server, and the
    routes and socket events it offers (from :func:`surface`)."""

    base_url: str
    facilitator_token: str
    session_ids: list[int]
    join_codes: list[str]
    participant_tokens: list[str]
    # Phones of the foreign café: inputs acknowledged there must all be in its export
    # (the fuzzer's own café may be moderated, closed or deleted by the fuzz itself).
    foreign_tokens: frozenset[str]
    routes: list[tuple[str, tuple[str, ...]]]
    events: list[str]
    post_ids: list[int] = field(default_factory=list)


def surface(data_dir: Path) -> tuple[list[tuple[str, tuple[str, ...]]], list[str]]:
    """Every route (rule, methods) and socket event name the app registers, read from an
    app built in this process on a throwaway data dir: nothing is left out by hand."""
    from dialogcafe import create_app
    from dialogcafe.extensions import socketio as app_socketio

    app = create_app(
        {
            "DATA_DIR": data_dir,
            "SCHEMA_SETUP": "create_all",
            "SECRET_KEY": "fuzz",
            "ASYNC_MODE": "threading",
        }
    )
    routes = [
        (rule.rule, tuple(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})))
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
    ]
    handlers = app_socketio.server.handlers.get("/", {})
    events = sorted(name for name in handlers if name not in RESERVED_AND_UNKNOWN_SET)
    app.extensions["dialogcafe.adapters.database"].engine.dispose()
    return routes, events


@dataclass
class Findings:
    """What the fuzz saw: answers by status class, and every fault in detail."""

    http_statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    events_sent: int = 0
    acks: Counter[str] = field(default_factory=Counter)
    missing_acks: list[str] = field(default_factory=list)
    stored_texts: set[str] = field(default_factory=set)  # acknowledged in the foreign café
    lock: threading.Lock = field(default_factory=threading.Lock)

    def summary(self) -> dict[str, Any]:
        return {
            "http_requests": sum(self.http_statuses.values()),
            "http_statuses": dict(sorted(self.http_statuses.items())),
            "server_errors": len(self.server_errors),
            "events_sent": self.events_sent,
            "acks": dict(self.acks.most_common()),
            "missing_acks": len(self.missing_acks),
            "inputs_stored": len(self.stored_texts),
        }


# --- values ---------------------------------------------------------------------------------


def nasty_text(rng: random.Random) -> str:
    """A string a client should never send, or a perfectly ordinary one."""
    choices = [
        lambda: "a\u0000b",
        lambda: "".join(chr(rng.randrange(0, 32)) for _ in range(rng.randrange(1, 20))),
        lambda: "lone \ud800 surrogate",
        lambda: "\udfff",
        lambda: "\ufffe\uffff",
        lambda: '=HYPERLINK("http://x")',
        lambda: "<script>alert(1)</script>",
        lambda: "x" * rng.choice([0, 1, 281, 501, 2001, 70_000]),
        lambda: "‮RTL‬ 👋 مرحبا",
        lambda: "".join(rng.choice(string.printable) for _ in range(rng.randrange(1, 40))),
        lambda: "Mer lys i oppgangen",
        lambda: "../../etc/passwd",
        lambda: "%00%ED%A0%80",
        lambda: str(rng.choice([2**63, 2**64, -(2**63) - 1, 10**30])),
    ]
    return rng.choice(choices)()


def nasty_number(rng: random.Random) -> Any:
    return rng.choice(
        [0, 1, 2, 3, -1, 5, 30, 31, 2**31, 2**53, 2**63, 2**64, -(2**63) - 1, 10**30, 1.5,
         float("nan"), float("inf"), True, False]
    )  # fmt: skip


def nasty_value(rng: random.Random, depth: int = 0) -> Any:
    """Any JSON-shaped value, sometimes deep or wide."""
    kind = rng.randrange(10 if depth < 3 else 6)
    if kind < 2:
        return nasty_text(rng)
    if kind < 4:
        return nasty_number(rng)
    if kind == 4:
        return None
    if kind == 5:
        return rng.choice([[], {}, "", []])
    if kind < 8:
        return {
            rng.choice([*FIELD_NAMES, nasty_text(rng)]): nasty_value(rng, depth + 1)
            for _ in range(rng.randrange(1, 6))
        }
    if kind == 8:
        return [nasty_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]
    nested: Any = "deep"
    for _ in range(rng.choice([9, 50, 1_000])):
        nested = [nested] if rng.random() < 0.5 else {"a": nested}
    return nested


def _json_text(value: Any) -> str:
    return json.dumps(value, allow_nan=True)


def nasty_body(rng: random.Random, target: Target) -> tuple[dict[str, str], bytes | None]:
    """Headers and body for one request: JSON, form, raw bytes or nothing."""
    kind = rng.randrange(8)
    if kind == 0:
        return {}, None
    if kind in (1, 2, 3):
        body = plausible_body(rng, target) if kind == 1 else nasty_value(rng)
        try:
            text = _json_text(body)
        except RecursionError:
            text = "[" * 1_000 + "]" * 1_000
        return {"Content-Type": "application/json"}, text.encode("utf-8", "surrogatepass")
    if kind == 4:
        raw = rng.choice(
            ['{"a":', "[" * 1_000 + "]" * 1_000, '{"text": "\\ud800"}', "NaN", '{"n": 1e999}',
             "1" * 5_000, '{"x": "' + "y" * 300_000 + '"}', "\x00\xff", '"\\u0000"']
        )  # fmt: skip
        return {"Content-Type": rng.choice(["application/json", "text/plain"])}, raw.encode(
            "utf-8", "surrogatepass"
        )
    if kind == 5:
        fields = {rng.choice(FIELD_NAMES): nasty_text(rng) for _ in range(rng.randrange(1, 8))}
        encoded = "&".join(
            f"{quote(k)}={quote(v.encode('utf-8', 'surrogatepass'))}" for k, v in fields.items()
        )
        return {"Content-Type": "application/x-www-form-urlencoded"}, encoded.encode()
    if kind == 6:
        boundary = "fuzzboundary"
        parts = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + nasty_text(rng).encode("utf-8", "surrogatepass")
            + b"\r\n"
            for name in rng.sample(FIELD_NAMES, 3)
        )
        return {"Content-Type": f"multipart/form-data; boundary={boundary}"}, parts + (
            f"--{boundary}--\r\n".encode() if rng.random() < 0.7 else b""
        )
    return {"Content-Type": "application/octet-stream"}, rng.randbytes(rng.randrange(1, 300))


def plausible_body(rng: random.Random, target: Target) -> dict[str, Any]:
    """A body with the right field names and mostly wrong values."""
    return {
        name: rng.choice([nasty_value(rng), nasty_number(rng), nasty_text(rng)])
        for name in rng.sample(FIELD_NAMES, rng.randrange(1, 8))
    }


def path_value(rng: random.Random, converter: str, target: Target) -> str:
    """A value for one ``<converter:name>`` part of a route."""
    if converter == "int":
        value: Any = rng.choice(
            [rng.choice(target.session_ids), rng.choice(target.post_ids or [1]), 0, 1, 2,
             2**31, 2**63, 2**64, 10**30, "-1", "x", "١٢", "9" * 5_000]
        )  # fmt: skip
        return quote(str(value))
    value = rng.choice(
        [rng.choice(target.join_codes), nasty_text(rng)[:300], "md", "csv", "json", "docx",
         "xlsx", "pdf", "%ED%A0%80"]
    )  # fmt: skip
    return quote(value.encode("utf-8", "surrogatepass"), safe="%")


def fill_rule(rng: random.Random, rule: str, target: Target) -> str:
    """``rule`` with every ``<converter:name>`` replaced by a fuzzed value."""
    out, rest = [], rule
    while "<" in rest:
        head, _, tail = rest.partition("<")
        spec, _, rest = tail.partition(">")
        converter = spec.split(":", 1)[0] if ":" in spec else "default"
        out.append(head + path_value(rng, converter, target))
    out.append(rest)
    return "".join(out)


def query_string(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return ""
    pairs = {rng.choice(FIELD_NAMES): nasty_text(rng)[:200] for _ in range(rng.randrange(1, 5))}
    return "?" + "&".join(
        f"{quote(k)}={quote(v.encode('utf-8', 'surrogatepass'))}" for k, v in pairs.items()
    )


# --- HTTP ----------------------------------------------------------------------------------


def fuzz_http(
    target: Target, findings: Findings, *, seed: int, requests_count: int, deadline: float
) -> None:
    """Send up to ``requests_count`` fuzzed requests (stopping at ``deadline``)."""
    rng = random.Random(seed)
    http = requests.Session()
    try:
        for _ in range(requests_count):
            if time.monotonic() > deadline:
                return
            rule, methods = rng.choice(target.routes)
            method = rng.choice(
                methods if rng.random() < 0.85 else ("PUT", "DELETE", "PATCH", "TRACE")
            )
            headers, body = nasty_body(rng, target)
            auth = rng.random()
            if auth < 0.6:
                headers["Authorization"] = f"Bearer {target.facilitator_token}"
            elif auth < 0.7:
                headers["Authorization"] = rng.choice(["Bearer x", "Basic Zm9v", "Bearer "])
            if rng.random() < 0.3:
                headers["Accept"] = "application/json"
            if rng.random() < 0.1:
                headers["Origin"] = "http://evil.example"
            url = target.base_url + fill_rule(rng, rule, target) + query_string(rng)
            try:
                response = http.request(
                    method, url, headers=headers, data=body, timeout=HTTP_TIMEOUT,
                    allow_redirects=False,
                )  # fmt: skip
            except requests.RequestException as exc:  # a dropped connection is a fault too
                with findings.lock:
                    findings.server_errors.append(f"{method} {url[:200]}: {exc!r}")
                http.close()
                http = requests.Session()
                continue
            with findings.lock:
                findings.http_statuses[response.status_code] += 1
                if response.status_code >= 500:
                    findings.server_errors.append(
                        f"{method} {url[:200]} -> {response.status_code}: {response.text[:200]}"
                    )
    finally:
        http.close()


# --- sockets -------------------------------------------------------------------------------


# The fields each event reads (docs/protocol.md), so most fuzzed events get past the
# shape check and into the rules.
EVENT_FIELDS = {
    "post": ("client_id", "text", "on_behalf", "on_behalf_name"),
    "like": ("post_id", "liked"),
    "vote": ("post_id", "add"),
    "become_host": ("code",),
    "synthesis": ("text",),
    "stay_seated": ("value",),
    "older_posts": ("before", "scope", "table"),
}


def _event_body(rng: random.Random, target: Target, event: str) -> dict[str, Any]:
    """A body with the event's own fields, each ordinary or nasty."""
    body: dict[str, Any] = {}
    for name in EVENT_FIELDS.get(event, ()):
        if rng.random() < 0.15:
            continue
        ordinary = {
            "client_id": f"fuzz-{rng.getrandbits(48):x}",
            "post_id": rng.choice(target.post_ids or [1]),
            "before": rng.randrange(1, 100),
            "table": rng.randrange(1, 4),
            "code": "".join(rng.choice(string.ascii_uppercase) for _ in range(6)),
        }.get(name, rng.choice([True, False, "Mer lys i oppgangen", 1]))
        body[name] = ordinary if rng.random() < 0.6 else nasty_value(rng)
    return body


def _event_args(rng: random.Random, target: Target, event: str) -> tuple[Any, ...]:
    count = rng.choice([0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3])
    args: list[Any] = []
    for _ in range(count):
        if rng.random() < 0.6:
            args.append(_event_body(rng, target, event))
        elif rng.random() < 0.5:
            args.append(plausible_body(rng, target))
        else:
            args.append(nasty_value(rng))
    return tuple(args)


RAW_PACKETS = [
    '2["post",' + "[" * 1_000 + "]" * 1_000 + "]",
    '21["post",' + "[" * 1_000 + "]" * 1_000 + "]",
    "2{not json",
    '2["post"',
    "2" + "[" * 1_000,
    "9",
    "0/nowhere,",
    '3["ack without a question"]',
    '2["post",{"text":"\\ud800"}]',
    '25-["post",{"_placeholder":true,"num":0}]',
]


def _connect(target: Target, rng: random.Random, token: str) -> socketio.Client | None:
    """A participant's (or, now and then, the fuzzer's facilitator's) socket; None when
    the server refused it with a reason."""
    client = socketio.Client(reconnection=False)
    refusals: list[Any] = []
    client.on("connect_error", refusals.append)
    auth = {"token": token} if rng.random() < 0.8 else {
        "session": target.session_ids[0], "token": target.facilitator_token,
    }  # fmt: skip
    try:
        client.connect(target.base_url, auth=auth, transports=["websocket"], wait_timeout=10)
    except socketio.exceptions.ConnectionError as exc:
        if refusals:  # an answer: the fuzz itself revoked the token or removed the café
            return None
        raise socketio.exceptions.ConnectionError(f"{exc} (auth {auth})") from exc
    return client


def fuzz_socket(
    target: Target, findings: Findings, *, seed: int, events_count: int, deadline: float
) -> None:
    """One phone's socket sending up to ``events_count`` fuzzed events; raw malformed
    packets now and then (the server may close the connection: it reconnects)."""
    rng = random.Random(seed)
    token = rng.choice(target.participant_tokens)
    client: socketio.Client | None = None
    try:
        for _ in range(events_count):
            if time.monotonic() > deadline:
                return
            if client is None or not client.connected:
                if client is not None:
                    client.disconnect()
                try:
                    client = _connect(target, rng, token)
                except socketio.exceptions.ConnectionError as exc:
                    with findings.lock:
                        findings.missing_acks.append(f"could not connect: {exc!r}")
                    return
                if client is None:
                    with findings.lock:
                        findings.acks["connect refused"] += 1
                    token = rng.choice(target.participant_tokens)
                    continue
            if rng.random() < 0.02:
                # No ack is due for these, and the server may close the connection: a new
                # one carries on, so no event is sent into a connection being closed.
                client.eio.send(rng.choice(RAW_PACKETS))
                client.disconnect()
                continue
            _send_event(target, findings, rng, client, keep=token in target.foreign_tokens)
    finally:
        if client is not None:
            client.disconnect()


def _send_event(
    target: Target, findings: Findings, rng: random.Random, client: socketio.Client, *, keep: bool
) -> None:
    event = rng.choice([*target.events, *target.events, *RESERVED_AND_UNKNOWN])
    args = _event_args(rng, target, event)
    try:
        if len(args) == 0:
            ack = client.call(event, timeout=ACK_TIMEOUT)
        else:
            ack = client.call(event, args if len(args) > 1 else args[0], timeout=ACK_TIMEOUT)
    except socketio.exceptions.TimeoutError:
        with findings.lock:
            findings.events_sent += 1
            findings.missing_acks.append(f"{event} {json.dumps(args, default=str)[:200]}")
        return
    except (socketio.exceptions.SocketIOError, ValueError, TypeError, RecursionError):
        return  # the client library refused to send it (its own checks)
    _record_ack(findings, event, ack, keep=keep)


def _record_ack(findings: Findings, event: str, ack: Any, *, keep: bool) -> None:
    with findings.lock:
        findings.events_sent += 1
        if isinstance(ack, dict):
            findings.acks["ok" if ack.get("ok") else str(ack.get("code"))] += 1
            post = ack.get("post") if ack.get("ok") and event == "post" else None
            if keep and isinstance(post, dict) and isinstance(post.get("text"), str):
                findings.stored_texts.add(post["text"])
        else:
            findings.acks[f"non-dict:{type(ack).__name__}"] += 1


def _sendable(value: Any) -> Any:
    """``value``, or (if the client library could not even encode it) a value nested just
    past the server's limit: the library logs a traceback of its own for deeper ones."""
    depth, level = 0, [value]
    while level:
        depth += 1
        level = [
            item
            for node in level
            if isinstance(node, dict | list)
            for item in (node.values() if isinstance(node, dict) else node)
        ]
    return value if depth < 100 else {"a": [[[[[[[[[[["deep"]]]]]]]]]]]}


def fuzz_connects(
    target: Target, findings: Findings, *, seed: int, count: int, deadline: float
) -> None:
    """Connection attempts with fuzzed ``auth``: refused or accepted, never a crash."""
    rng = random.Random(seed)
    for _ in range(count):
        if time.monotonic() > deadline:
            return
        client = socketio.Client(reconnection=False)
        try:
            client.connect(
                target.base_url, auth=_sendable(nasty_value(rng)) if rng.random() < 0.7 else {
                    "token": nasty_text(rng), "since": nasty_number(rng),
                    "session": rng.choice([nasty_text(rng), nasty_number(rng)]),
                },
                transports=["websocket"], wait_timeout=10,
            )  # fmt: skip
        except (socketio.exceptions.ConnectionError, ValueError, TypeError, RecursionError):
            pass  # refused, or not even sendable (the client library's own checks)
        finally:
            client.disconnect()


def run(
    target: Target,
    *,
    seed: int,
    seconds: float,
    http_requests: int,
    socket_events: int,
    sockets: int = 4,
) -> Findings:
    """HTTP, socket and connect fuzzing side by side, bounded in count and time."""
    findings = Findings()
    deadline = time.monotonic() + seconds
    per_socket = max(1, socket_events // sockets)
    threads = [
        threading.Thread(
            target=fuzz_http,
            args=(target, findings),
            kwargs={"seed": seed, "requests_count": http_requests, "deadline": deadline},
        ),
        threading.Thread(
            target=fuzz_connects,
            args=(target, findings),
            kwargs={"seed": seed + 1, "count": max(10, http_requests // 50), "deadline": deadline},
        ),
        *(
            threading.Thread(
                target=fuzz_socket,
                args=(target, findings),
                kwargs={"seed": seed + 2 + n, "events_count": per_socket, "deadline": deadline},
            )
            for n in range(sockets)
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    return findings


# --- the café to aim at ----------------------------------------------------------------------


def create_cafe(http: requests.Session, base_url: str, token: str, title: str) -> dict[str, Any]:
    """A running café (round 1 started) of ``token``'s facilitator: its session details."""
    headers = {"Authorization": f"Bearer {token}"}
    body = {"title": title, "tables": 3, "topics": TOPICS, "rounds": 3, "round_minutes": 30}
    response = http.post(f"{base_url}/api/sessions", json=body, headers=headers, timeout=30)
    response.raise_for_status()
    cafe: dict[str, Any] = response.json()
    started = http.post(
        f"{base_url}/api/sessions/{cafe['id']}/rounds/next", headers=headers, timeout=30
    )
    started.raise_for_status()
    return cafe


def log_in(http: requests.Session, base_url: str, email: str, password: str) -> str:
    response = http.post(
        f"{base_url}/api/auth/token", json={"email": email, "password": password}, timeout=30
    )
    response.raise_for_status()
    token: str = response.json()["token"]
    return token


def join(http: requests.Session, base_url: str, join_code: str, table: int, name: str) -> str:
    response = http.post(
        f"{base_url}/api/join/{join_code}", json={"table": table, "nickname": name}, timeout=30
    )
    response.raise_for_status()
    token: str = response.json()["participant"]["token"]
    return token


def prepare_target(
    base_url: str,
    *,
    fuzz_login: tuple[str, str],
    foreign_session: dict[str, Any],
    scratch_dir: Path,
    phones: int = 6,
) -> Target:
    """The fuzzer's own facilitator and café, plus a foreign café it may not touch."""
    http = requests.Session()
    try:
        token = log_in(http, base_url, *fuzz_login)
        own = create_cafe(http, base_url, token, "Fuzz-kafé")
        own_tokens = [
            join(http, base_url, own["join_code"], 1 + n % 3, f"fuzz {n}") for n in range(phones)
        ]
        foreign_tokens = [
            join(http, base_url, foreign_session["join_code"], 1 + n % 3, f"fuzz {n}")
            for n in range(phones)
        ]
    finally:
        http.close()
    routes, events = surface(scratch_dir)
    return Target(
        base_url=base_url,
        routes=routes,
        events=events,
        facilitator_token=token,
        session_ids=[own["id"], foreign_session["id"]],
        join_codes=[own["join_code"], foreign_session["join_code"]],
        participant_tokens=own_tokens + foreign_tokens,
        foreign_tokens=frozenset(foreign_tokens),
        post_ids=list(range(1, 50)),
    )
