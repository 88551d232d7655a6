"""``DIALOGCAFE_LOG_FORMAT=json`` on a real server: every line it writes is one JSON object
with a level and an event, one access line per request, and no line carries what a
participant wrote, their nickname, or their address (unless the operator asks for it)."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest
import requests

from tests.e2e.support import (
    ClientFactory,
    ServerFactory,
    ServerProcess,
    connect_phone,
    open_cafe,
    start_server,
)

pytestmark = pytest.mark.e2e

SECRET_TEXT = "Hemmelig innspill om naboen i tredje etasje"
SECRET_NICKNAME = "Gråmåke-Sigrun"
CLIENT_ADDRESS = "127.0.0.1"
WAIT = 5.0


def json_lines(server: ServerProcess) -> list[dict[str, Any]]:
    """Every line the server wrote (stdout and stderr), each parsed as JSON."""
    entries = []
    for line in server.log_path.read_text(encoding="utf-8").splitlines():
        if line.startswith("----- starting"):  # the test harness's own marker
            continue
        entry = json.loads(line)  # fails the test on any line that is not JSON
        assert isinstance(entry, dict), line
        assert entry["level"] and entry["event"] and entry["time"].endswith("Z"), line
        entries.append(entry)
    return entries


def wait_for_access_line(server: ServerProcess, path: str) -> list[dict[str, Any]]:
    """The log once it holds an access line for ``path`` (written after the response)."""
    deadline = time.monotonic() + WAIT
    while True:
        entries = json_lines(server)
        if any(e.get("path") == path for e in entries) or time.monotonic() > deadline:
            return entries
        time.sleep(0.05)


@pytest.mark.parametrize("mode", ["eventlet", "gevent", "threading"])
def test_every_line_is_json_and_holds_nothing_of_the_participants(
    server_factory: ServerFactory, socket_clients: ClientFactory, mode: str
) -> None:
    server = start_server(server_factory, DIALOGCAFE_LOG_FORMAT="json", DIALOGCAFE_ASYNC_MODE=mode)
    api, cafe = open_cafe(server, "Loggkafé")
    phone = connect_phone(socket_clients, server, cafe["join_code"], SECRET_NICKNAME)
    ack = phone.call("post", {"client_id": str(uuid.uuid4()), "text": SECRET_TEXT})
    assert ack["ok"], ack
    assert requests.get(f"{server.url}/j/{cafe['join_code']}?lang=en", timeout=WAIT).ok
    api.request("GET", f"/api/sessions/{cafe['id']}")
    assert requests.delete(f"{server.url}/j/{cafe['join_code']}", timeout=WAIT).status_code == 405
    # A path no route has, with what splits lines for some readers (U+2028, U+0085).
    odd = requests.get(f"{server.url}/finnes-ikke/blåbær\u2028\u0085", timeout=WAIT)
    assert odd.status_code == 404
    api.close()
    phone.disconnect()
    entries = wait_for_access_line(server, "/api/sessions/<int:session_id>")
    server.stop()
    entries = json_lines(server)  # the lines of the shutdown too

    log = server.log_path.read_text(encoding="utf-8")
    assert SECRET_TEXT not in log and SECRET_NICKNAME not in log
    assert cafe["join_code"] not in log  # a route's template, never the code itself
    listening = f"http://{CLIENT_ADDRESS}:{server.port}"  # the start says where it listens
    for entry in entries:
        assert CLIENT_ADDRESS not in json.dumps(entry).replace(listening, ""), entry
    access = [e for e in entries if e["event"] == "http_request"]
    joined = [e for e in access if e["path"] == "/api/join/<join_code>"]
    assert joined and joined[0]["method"] == "POST" and joined[0]["status"] == 201, access
    assert isinstance(joined[0]["duration_ms"], float)
    details = [e for e in access if e["path"] == "/api/sessions/<int:session_id>"]
    assert details and details[0]["session_id"] == cafe["id"], access
    assert any(e["path"] == "/j/<join_code>" and e["status"] == 200 for e in access), access
    assert any(e["path"] == "/j/<join_code>" and e["status"] == 405 for e in access), access
    assert any(e["path"] == "/finnes-ikke/blåbær\u2028\u0085" for e in access), access
    assert all(line.isascii() for line in log.splitlines()), "a line a reader could split"
    assert all("client" not in e and "?" not in e["path"] for e in access), access
    assert any(e["path"] == "/socket.io/" for e in access), access  # the phone's socket
    assert any(e["event"] == "server_started" for e in entries), entries
    assert all(e["level"] != "error" for e in entries), entries


def test_client_addresses_are_in_the_json_lines_only_when_asked_for(
    server_factory: ServerFactory,
) -> None:
    server = start_server(
        server_factory, DIALOGCAFE_LOG_FORMAT="json", DIALOGCAFE_LOG_CLIENT_ADDRESSES="1"
    )
    assert requests.get(server.url + "/", timeout=WAIT).status_code == 200
    entries = wait_for_access_line(server, "/")
    home = [e for e in entries if e.get("path") == "/"]
    assert home and home[0]["client"] == CLIENT_ADDRESS, entries
    # The server's own text access line is off: nothing but JSON in the log.
    assert all(e["event"] != "log" or "HTTP/1.1" not in e["message"] for e in entries)
