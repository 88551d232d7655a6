"""The SQLite files on a real server: bounded, private, and erased for good (issue 11).

Many inputs leave the ``-wal`` file under ``journal_size_limit`` once the café is quiet;
"Delete session" leaves a marker text posted in it in no byte of the database, ``-wal``
or ``-shm`` file; the data dir is 0700 and the database files 0600; and a transaction that
waits for SQLite's write lock waits cooperatively, then answers 503, without stopping
anything else.
"""

from __future__ import annotations

import sqlite3
import stat
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests

from dialogcafe.adapters.database import WAL_SIZE_LIMIT
from tests.e2e.support import (
    ClientFactory,
    ServerFactory,
    ServerProcess,
    connect_phone,
    join,
    open_cafe,
    start_server,
)

pytestmark = pytest.mark.e2e

DATABASE = "dialogcafe.sqlite3"
SIDE_FILES = ("", "-wal", "-shm")
PHONES = 4
INPUTS_PER_PHONE = 400
QUIET_WAIT = 15.0  # seconds for the checkpointer to truncate the -wal file of a quiet café


def _files(server: ServerProcess) -> list[Path]:
    return [server.data_dir / (DATABASE + suffix) for suffix in SIDE_FILES]


def _wal_size(server: ServerProcess) -> int:
    try:
        return (server.data_dir / (DATABASE + "-wal")).stat().st_size
    except FileNotFoundError:
        return 0


def _post(phone: Any, text: str) -> dict[str, Any]:
    ack: dict[str, Any] = phone.call("post", {"client_id": str(uuid.uuid4()), "text": text})
    assert ack["ok"] is True, ack
    return ack


def test_the_wal_file_stays_bounded_after_many_inputs(
    server_factory: ServerFactory, socket_clients: ClientFactory
) -> None:
    server = start_server(server_factory)
    api, cafe = open_cafe(server, "Mange innspill")
    phones = []
    for number in range(PHONES):
        phone = socket_clients(f"phone {number}")
        phone.connect(
            server.url, {"token": join(server, cafe["join_code"], 1 + number % 2, f"P{number}")}
        )
        phones.append(phone)
    largest = [0]
    failures: list[BaseException] = []

    def post_many(phone: Any, number: int) -> None:
        try:
            for index in range(INPUTS_PER_PHONE):
                _post(phone, f"Innspill {index} fra telefon {number}: " + "tekst " * 40)
                largest[0] = max(largest[0], _wal_size(server))
        except BaseException as exc:  # reported below, in the test's own thread
            failures.append(exc)

    threads = [
        threading.Thread(target=post_many, args=(phone, number))
        for number, phone in enumerate(phones)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[0]

    # Once the café is quiet, the checkpointer empties it (a file on disk: there is no
    # event to await, so this polls it, bounded).
    deadline = time.monotonic() + QUIET_WAIT
    while _wal_size(server) > 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _wal_size(server) == 0, (_wal_size(server), largest[0])
    # During the burst it grew by at most a second's commits past the limit (before the
    # checkpointer cut it: hundreds of MB).
    assert largest[0] <= 4 * WAL_SIZE_LIMIT, largest[0]
    api.close()


def test_delete_session_leaves_no_text_in_any_database_file(
    server_factory: ServerFactory, socket_clients: ClientFactory
) -> None:
    server = start_server(server_factory)
    api, cafe = open_cafe(server, "Slettes")
    keep_api, keep = open_cafe(server, "Beholdes")
    marker = f"SLETTMEG-{uuid.uuid4().hex}"
    kept = f"BEHOLD-{uuid.uuid4().hex}"
    phone = connect_phone(socket_clients, server, cafe["join_code"], "Den som skriver")
    other = connect_phone(socket_clients, server, keep["join_code"], "En annen", name="other phone")
    for number in range(20):
        _post(phone, f"{marker} nummer {number}")
        _post(other, f"{kept} nummer {number}")
    phone.disconnect()
    assert any(marker.encode() in path.read_bytes() for path in _files(server) if path.exists())

    api.request("DELETE", f"/api/sessions/{cafe['id']}")

    for path in _files(server):
        if path.exists():
            assert marker.encode() not in path.read_bytes(), f"{path.name} still holds it"
    # The other café is untouched, and the server goes on.
    _post(other, f"{kept} etter slettingen")
    api.close()
    keep_api.close()


def test_the_data_dir_and_database_files_are_private(
    server_factory: ServerFactory, socket_clients: ClientFactory
) -> None:
    server = start_server(server_factory)
    api, cafe = open_cafe(server, "Private filer")
    phone = connect_phone(socket_clients, server, cafe["join_code"], "Noen")
    _post(phone, "Et innspill som havner i sammendraget")
    api.request("GET", f"/api/sessions/{cafe['id']}/export.md")

    assert stat.S_IMODE(server.data_dir.stat().st_mode) == 0o700
    made = [path for path in _files(server) if path.exists()]
    assert server.data_dir / DATABASE in made
    summaries = [path for path in (server.data_dir / cafe["join_code"]).iterdir() if path.is_file()]
    assert summaries, "the export wrote no summary files"
    for path in [*made, *summaries]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, f"{path.name} is not 0600"
    api.close()


def test_a_held_write_lock_gives_503_without_stopping_the_loop(
    server_factory: ServerFactory, socket_clients: ClientFactory
) -> None:
    server = start_server(server_factory, DIALOGCAFE_DATABASE_LOCK_WAIT="2")
    api, cafe = open_cafe(server, "Låst")
    phone = connect_phone(socket_clients, server, cafe["join_code"], "Noen")

    # Another writer (a CLI command, a second process) holds SQLite's write lock.
    holder = sqlite3.connect(server.data_dir / DATABASE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        results: dict[str, Any] = {}

        def join_meanwhile() -> None:
            started = time.monotonic()
            response = requests.post(
                f"{server.url}/api/join/{cafe['join_code']}", json={"table": 1}, timeout=10
            )
            results["join"] = (response.status_code, response.json(), time.monotonic() - started)

        waiting = threading.Thread(target=join_meanwhile)
        waiting.start()
        # While that request waits for the lock, the event loop serves everyone else.
        for _ in range(5):
            assert requests.get(server.url + "/", timeout=5).status_code == 200
        assert "join" not in results, "the join did not wait for the lock"
        waiting.join()
    finally:
        holder.rollback()
        holder.close()
    status, body, took = results["join"]
    assert status == 503, body
    assert body["code"] == "unavailable"
    assert took >= 1.5, took  # it waited for the lock first
    # With the lock free again, everything works.
    join(server, cafe["join_code"], 2, "Etterpå")
    _post(phone, "Etter låsen")
    api.close()


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_stopping_the_server_leaves_an_empty_wal_file(
    server_factory: ServerFactory, socket_clients: ClientFactory, mode: str
) -> None:
    server = start_server(server_factory, DIALOGCAFE_ASYNC_MODE=mode)
    api, cafe = open_cafe(server, "Stoppes")
    phone = connect_phone(socket_clients, server, cafe["join_code"], "Noen")
    for number in range(30):
        _post(phone, f"Innspill {number} rett før stopp")
    assert _wal_size(server) > 0
    phone.disconnect()
    server.stop()  # SIGTERM: the checkpointer's last TRUNCATE runs before the process dies
    assert _wal_size(server) == 0
    assert "Traceback" not in server.log_tail(200), server.log_tail(40)
    api.close()
