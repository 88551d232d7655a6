"""Nothing anyone sends makes the server fail (issue 11): a bounded, seeded fuzz run.

A real server process gets thousands of malformed HTTP requests (every route, every
method, huge ids, lone surrogates, deep JSON, wrong content types) and socket events
(every registered name plus reserved and unknown ones, zero to three arguments of any
shape) while phones of another facilitator's café keep posting. Afterwards: no answer
was 5xx, every event was acknowledged, the server log holds no traceback, and every input
acknowledged before and during the fuzz is in that café's export. ``make soak`` runs the
same fuzzer for half an hour next to 300 phones (``bench/soak.py``).
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests

from bench import fuzz
from tests.e2e.support import (
    FACILITATOR_EMAIL,
    FACILITATOR_PASSWORD,
    ClientFactory,
    ServerFactory,
)

pytestmark = pytest.mark.e2e

SEED = int(os.environ.get("DIALOGCAFE_FUZZ_SEED", "20261201"))
SECONDS = float(os.environ.get("DIALOGCAFE_FUZZ_SECONDS", "60"))
HTTP_REQUESTS = int(os.environ.get("DIALOGCAFE_FUZZ_HTTP", "5000"))
SOCKET_EVENTS = int(os.environ.get("DIALOGCAFE_FUZZ_EVENTS", "5000"))
FUZZ_EMAIL, FUZZ_PASSWORD = "fuzz@example.no", "another long password"
PHONES = 3
INPUTS_BEFORE = 3


def _texts(value: Any) -> set[str]:
    """Every string anywhere in a JSON value."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_texts(item) for item in value.values()), set())
    if isinstance(value, list):
        return set().union(*(_texts(item) for item in value), set())
    return set()


def test_fuzzed_requests_and_events_never_fail_and_lose_nothing(
    server_factory: ServerFactory, socket_clients: ClientFactory, tmp_path: Path
) -> None:
    server = server_factory(extra_env=fuzz_limits())
    server.create_facilitator()
    server.create_facilitator(FUZZ_EMAIL, FUZZ_PASSWORD)
    server.start()
    http = requests.Session()
    owner_token = fuzz.log_in(http, server.url, FACILITATOR_EMAIL, FACILITATOR_PASSWORD)
    cafe = fuzz.create_cafe(http, server.url, owner_token, "Kafé som må tåle alt")
    phones = []
    for n in range(PHONES):
        token = fuzz.join(http, server.url, cafe["join_code"], 1 + n, f"Gjest {n}")
        phone = socket_clients(f"phone {n}")
        phone.connect(server.url, auth={"token": token})
        phones.append(phone)

    acknowledged: list[str] = []

    def post(phone_index: int, text: str) -> None:
        ack = phones[phone_index].call("post", {"client_id": str(uuid.uuid4()), "text": text})
        assert ack["ok"], ack
        acknowledged.append(ack["post"]["text"])

    for n in range(PHONES * INPUTS_BEFORE):
        post(n % PHONES, f"før fuzz {n}")

    target = fuzz.prepare_target(
        server.url,
        fuzz_login=(FUZZ_EMAIL, FUZZ_PASSWORD),
        foreign_session=cafe,
        scratch_dir=tmp_path / "surface",
    )
    stop = threading.Event()

    def keep_posting() -> None:
        for n in range(200):
            if stop.wait(0.2):
                return
            post(n % PHONES, f"under fuzz {n}")

    poster = threading.Thread(target=keep_posting)
    poster.start()
    try:
        findings = fuzz.run(
            target,
            seed=SEED,
            seconds=SECONDS,
            http_requests=HTTP_REQUESTS,
            socket_events=SOCKET_EVENTS,
        )
    finally:
        stop.set()
        poster.join()

    summary = findings.summary()
    print(json.dumps(summary, indent=2))
    assert findings.server_errors == [], findings.server_errors[:20]
    assert findings.missing_acks == [], findings.missing_acks[:20]
    assert summary["http_requests"] >= min(HTTP_REQUESTS, 500), summary
    assert summary["events_sent"] >= min(SOCKET_EVENTS, 500), summary
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, server.log_tail(80)

    export = http.get(
        f"{server.url}/api/sessions/{cafe['id']}/export.json",
        headers={"Authorization": f"Bearer {owner_token}"},
        timeout=30,
    )
    assert export.status_code == 200, export.text[:300]
    exported = _texts(export.json())
    missing = [text for text in [*acknowledged, *findings.stored_texts] if text not in exported]
    assert missing == [], missing[:10]
    assert len(acknowledged) > PHONES * INPUTS_BEFORE  # posting went on during the fuzz
    http.close()


def fuzz_limits() -> dict[str, str]:
    """Per-socket and per-address limits high enough that fuzzed events reach the handlers
    (at the defaults nearly every one would be answered "too fast"); the limits themselves
    have their own tests."""
    return {
        f"DIALOGCAFE_LIMIT_SOCKET_{kind}": "100000 per second"
        for kind in ("POSTS", "LIKES", "VOTES", "HOST_CODES")
    }
