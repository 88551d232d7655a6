"""``GET /metrics`` on a real eventlet server on SQLite: the counts of a small café, the
SQLite worker's waits and queue, and the sockets it holds (adapters/metrics.py)."""

from __future__ import annotations

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.support import ClientFactory, ServerFactory, connect_phone, open_cafe, start_server

pytestmark = pytest.mark.e2e

PHONES = 3
INPUTS_EACH = 2


def scrape(url: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = requests.get(f"{url}/metrics", timeout=10)
    assert response.status_code == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_a_live_cafe_on_the_sqlite_worker_counts_exactly(
    server_factory: ServerFactory, socket_clients: ClientFactory
) -> None:
    server = start_server(server_factory, DIALOGCAFE_METRICS="1")
    api, cafe = open_cafe(server, "Målt kafé")
    phones = [
        connect_phone(socket_clients, server, cafe["join_code"], f"Nabo {n}", name=f"phone{n}")
        for n in range(PHONES)
    ]
    watcher = socket_clients("facilitator")
    watcher.connect(server.url, {"token": api.token, "session": cafe["id"]})
    for n, phone in enumerate(phones):
        for k in range(INPUTS_EACH):
            ack = phone.call("post", {"client_id": f"client-{n}-{k}", "text": f"Innspill {k}"})
            assert ack["ok"], ack
    assert watcher.wait_for_event("post", count=PHONES * INPUTS_EACH)

    found = scrape(server.url)

    def value(name: str, **labels: str) -> float:
        return found.get((name, frozenset(labels.items())), 0.0)

    stored = PHONES * INPUTS_EACH
    assert value("dialogcafe_joins_total") == PHONES
    assert value("dialogcafe_inputs_stored_total") == stored
    assert value("dialogcafe_socket_acks_total", event="post", outcome="ok") == stored
    assert value("dialogcafe_fanout_seconds_count") == stored
    assert value("dialogcafe_sockets_connected", kind="participant") == PHONES
    assert value("dialogcafe_sockets_connected", kind="facilitator") == 1
    # Green server on SQLite: every transaction went through the worker's queue.
    assert value("dialogcafe_database_wait_seconds_count", path="sqlite_worker") >= stored
    assert value("dialogcafe_database_wait_seconds_count", path="connection") == 0
    assert ("dialogcafe_sqlite_queue_length", frozenset()) in found
    api.close()
