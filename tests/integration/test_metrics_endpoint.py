"""``GET /metrics``: a scripted café's counts come out exactly, to listed addresses only,
and nothing a participant wrote or is called is in it (adapters/metrics.py)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from dialogcafe.domain.posting import MAX_POST_LENGTH

PHONES = 4
NICKNAMES = [f"Nabo{n}Kallenavn" for n in range(PHONES)]
SECRET_WORDS = "Hemmeligtekst"  # in every input: must never show in the metrics
POST_BURST = 3  # LIMIT_SOCKET_POSTS below
WRONG_CODE_TRIES = 2  # LIMIT_JOIN_CODE_TRIES below
DASHBOARD = Path(__file__).resolve().parents[2] / "deploy" / "grafana-dialogcafe.json"
METRIC_NAME = re.compile(r"\bdialogcafe_[a-z_]+")
TYPE_LINE = re.compile(r"^# TYPE (\S+) (\S+)$", re.MULTILINE)

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def metrics_app(build_app: Callable[..., Any], **config: Any) -> Any:
    """An app with metrics on; a channel of its own, so no other test's limits count."""
    return build_app(
        METRICS=True,
        MESSAGE_QUEUE_CHANNEL=f"metrics-{uuid.uuid4().hex}",
        LIMIT_SOCKET_POSTS=f"{POST_BURST} per 30 seconds",
        LIMIT_JOIN_CODE_TRIES=f"{WRONG_CODE_TRIES} per minute",
        **config,
    )


@pytest.fixture
def app(build_app: Callable[..., Any]) -> Any:
    return metrics_app(build_app)


def scrape(client: Any, **environ: str) -> str:
    response = client.get("/metrics", environ_base=environ)
    assert response.status_code == 200, response.status_code
    assert response.content_type.startswith("text/plain; version=0.0.4")
    text: str = response.get_data(as_text=True)
    return text


def samples(text: str) -> Samples:
    """Every sample as (name, labels) → value."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found: Samples, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def post(socket: Any, text: str, client_id: str) -> dict[str, Any]:
    ack = socket.emit("post", {"client_id": client_id, "text": text}, callback=True)
    assert isinstance(ack, dict)
    return ack


def test_a_scripted_cafe_counts_exactly(
    client: Any,
    running: dict[str, Any],
    host: str,
    make_participant: Callable[..., Any],
    socket_client: Callable[..., Any],
) -> None:
    tables = [1, 1, 2, 3]
    people = [
        make_participant(running["join_code"], nickname=name, table=table)
        for name, table in zip(NICKNAMES, tables, strict=True)
    ]
    for _ in range(WRONG_CODE_TRIES + 1):  # the last try is over the limit: 429
        client.post("/api/join/ZZZZZZZ", json={})
    phones = [socket_client(auth={"token": person["token"]}) for person in people]
    watcher = socket_client(auth={"token": host, "session": running["id"]})
    assert all(socket.is_connected() for socket in [*phones, watcher])

    stored = []
    for n, phone in enumerate(phones):  # one input each, and a second from the first two
        stored.append(post(phone, f"{SECRET_WORDS} {n}", f"client-{n:04d}a"))
    for n, phone in enumerate(phones[:2]):
        stored.append(post(phone, f"{SECRET_WORDS} {n} igjen", f"client-{n:04d}b"))
    assert all(ack["ok"] and not ack["duplicate"] for ack in stored)
    resent = post(phones[0], f"{SECRET_WORDS} 0", "client-0000a")  # same client id: once
    assert resent["ok"] and resent["duplicate"]
    too_long = post(phones[2], "x" * (MAX_POST_LENGTH + 1), "client-long")
    assert too_long["code"] == "input_too_long"
    # phones[0] has used its 3 tokens (two inputs and the resend): the next is limited.
    limited = post(phones[0], f"{SECRET_WORDS} for fort", "client-0000c")
    assert limited["code"] == "rate_limited"
    like = {"post_id": stored[0]["post"]["id"], "liked": True}  # an input at table 1
    assert phones[1].emit("like", like, callback=True)["ok"]
    assert phones[2].emit("like", like, callback=True)["code"] == "not_your_table"
    phones[3].disconnect()

    text = scrape(client)
    found = samples(text)
    assert value(found, "dialogcafe_joins_total") == PHONES
    assert value(found, "dialogcafe_inputs_stored_total") == len(stored)
    assert value(found, "dialogcafe_sockets_connected", kind="participant") == PHONES - 1
    assert value(found, "dialogcafe_sockets_connected", kind="facilitator") == 1
    acks = {
        ("post", "ok"): len(stored) + 1,  # the resend is answered ok, as a duplicate
        ("post", "refused"): 2,  # too long, too fast
        ("like", "ok"): 1,
        ("like", "refused"): 1,
    }
    for (event, outcome), count in acks.items():
        assert value(found, "dialogcafe_socket_acks_total", event=event, outcome=outcome) == count
    assert value(found, "dialogcafe_socket_ack_seconds_count", event="post") == len(stored) + 3
    assert value(found, "dialogcafe_fanout_seconds_count") == len(stored)
    assert value(found, "dialogcafe_rate_limited_total", edge="socket", limit="post") == 1
    http_limit = {"edge": "http", "limit": "join_code_tries"}
    assert value(found, "dialogcafe_rate_limited_total", **http_limit) == 1
    joins = {"method": "POST", "route": "/api/join/<join_code>"}
    assert value(found, "dialogcafe_http_responses_total", status_class="2xx", **joins) == PHONES
    assert value(found, "dialogcafe_http_responses_total", status_class="4xx", **joins) == 3
    assert value(found, "dialogcafe_database_wait_seconds_count", path="connection") > 0
    assert value(found, "dialogcafe_sqlite_queue_length") == 0  # threading mode: no worker

    # Nothing anyone wrote, is called or typed to get in.
    for secret in [SECRET_WORDS, running["join_code"], *NICKNAMES, *(p["token"] for p in people)]:
        assert secret not in text
    assert "ZZZZZZZ" not in text


def test_metrics_off_is_an_unknown_page(build_app: Callable[..., Any]) -> None:
    client = build_app(METRICS=False).test_client()
    assert client.get("/metrics").status_code == 404


def test_only_listed_addresses_may_read_the_metrics(build_app: Callable[..., Any]) -> None:
    client = metrics_app(build_app, METRICS_ALLOW="10.0.0.0/8, 192.0.2.7").test_client()
    assert client.get("/metrics").status_code == 403  # 127.0.0.1
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "198.51.100.1"}).status_code == 403
    scrape(client, REMOTE_ADDR="10.20.30.40")
    scrape(client, REMOTE_ADDR="192.0.2.7")
    scrape(client, REMOTE_ADDR="::ffff:10.0.0.1")


def test_behind_a_proxy_the_clients_own_address_counts(build_app: Callable[..., Any]) -> None:
    app = metrics_app(build_app, METRICS_ALLOW="127.0.0.1", TRUSTED_PROXIES=1)
    client = app.test_client()
    # nginx (127.0.0.1) forwards a client from outside: not listed, whoever forwarded it.
    outside = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert outside.status_code == 403
    inside = client.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"})
    assert inside.status_code == 200


def test_a_wrong_allow_list_stops_the_start(build_app: Callable[..., Any]) -> None:
    with pytest.raises(ValueError, match="DIALOGCAFE_METRICS_ALLOW"):
        build_app(METRICS=True, METRICS_ALLOW="10.0.0.0/8,not-an-address")


def exported_names(text: str) -> dict[str, set[str]]:
    """Each metric family in a scrape (its TYPE line) and the series names it may have."""
    suffixes = {"histogram": ("_bucket", "_count", "_sum"), "counter": ("",), "gauge": ("",)}
    return {
        name: {name + suffix for suffix in suffixes[kind]} for name, kind in TYPE_LINE.findall(text)
    }


def expressions(node: Any) -> Iterator[str]:
    """Every PromQL expression of a Grafana dashboard: panel targets, variable queries."""
    if isinstance(node, dict):
        for key, item in node.items():
            if key in ("expr", "definition") and isinstance(item, str):
                yield item
            else:
                yield from expressions(item)
    elif isinstance(node, list):
        for item in node:
            yield from expressions(item)


def test_the_grafana_dashboard_charts_what_the_app_exports(client: Any) -> None:
    families = exported_names(scrape(client))
    series = set().union(*families.values())
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    used: set[str] = set()
    for expr in expressions(dashboard):
        names = set(METRIC_NAME.findall(expr))
        assert names, f"names no metric: {expr}"
        assert names <= series, f"not exported: {names - series} in {expr}"
        used |= names
    charted = {family for family, names in families.items() if names & used}
    assert charted == set(families), f"no panel for {set(families) - charted}"
