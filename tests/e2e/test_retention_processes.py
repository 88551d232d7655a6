"""Retention on PostgreSQL with several processes: exactly the due cafés go, each once.

Two ``flask sessions purge`` processes wait for the purge's lock (held by the test) on one
throwaway database holding due and not-due cafés, and go at the same moment; what each
printed adds up to the due cafés with no café in both, and the others are intact. Then
server processes (the background task, every 0.3 s here) delete a café that becomes due
while they run. Real processes, real PostgreSQL; and a server on SQLite in each async mode
deletes a due café by itself, its summary folder too.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dialogcafe.adapters.task_lock import RETENTION_LOCK_KEY
from tests.e2e.support import REPO_ROOT, ApiClient, ServerFactory, ServerProcess, join
from tests.postgres import connect, fresh_database

pytestmark = pytest.mark.e2e

DELETED = re.compile(r"^deleted ([A-Z0-9]+) \(id (\d+),", re.MULTILINE)
WAIT = 20.0


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_database("retention") as url:
        yield url


def _cafe(api: ApiClient, server: ServerProcess, title: str, close: bool = True) -> int:
    made = api.post_json(
        "/api/sessions",
        {"title": title, "tables": 2, "topics": ["Hva?"], "rounds": 1, "round_minutes": 5},
        expect=201,
    )
    for table in (1, 2):
        join(server, made["join_code"], table, f"{title} {table}")
    if close:
        api.post_json(f"/api/sessions/{made['id']}/close")
    return int(made["id"])


def _closed_days_ago(url: str, ids: list[int], days: int, own_days: int | None = None) -> None:
    with connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cafe_sessions SET closed_at = closed_at - make_interval(days => %s),"
            " retention_days = %s WHERE id = ANY(%s)",
            (days, own_days, ids),
        )
    connection.close()


def _remaining(url: str, table: str = "cafe_sessions", column: str = "id") -> set[int]:
    with connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT {column} FROM {table}")
        found = {row[0] for row in cursor.fetchall()}
    connection.close()
    return found


def _waiting_for_the_lock(url: str) -> int:
    with connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        (waiting,) = cursor.fetchone()
    connection.close()
    return int(waiting)


def _purge_at_once(url: str, env: dict[str, str], count: int) -> list[str]:
    """``count`` purge processes let go at the same moment; each one's output.

    The test holds the purge's lock until every process waits for it, so they all
    start deleting together instead of one after the other.
    """
    command = [sys.executable, "-m", "flask", "--app", "app", "sessions", "purge"]
    holder = connect(url)
    holder.autocommit = True
    with holder.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", (RETENTION_LOCK_KEY,))
    children = [
        subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    deadline = time.monotonic() + WAIT
    while _waiting_for_the_lock(url) < count:
        assert time.monotonic() < deadline, "the purge processes never reached the lock"
        assert all(child.poll() is None for child in children), "a purge process ended early"
        time.sleep(0.05)
    holder.close()  # lets go of the lock: every process goes at once
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        outputs.append(out)
    return outputs


def test_two_processes_delete_each_due_cafe_once(
    tmp_path: Path, postgres_url: str, server_factory: ServerFactory
) -> None:
    env = {"DIALOGCAFE_DATABASE_URL": postgres_url}
    a = server_factory(tmp_path / "a", name="a", extra_env=env)
    a.create_facilitator()
    a.start()
    api = ApiClient(a.url)
    try:
        api.log_in()
        due = [_cafe(api, a, f"due {n}") for n in range(30)]
        own_short = [_cafe(api, a, f"short {n}") for n in range(3)]
        not_due = [_cafe(api, a, f"not due {n}") for n in range(4)]
        own_long = [_cafe(api, a, f"long {n}") for n in range(2)]
        still_open = [_cafe(api, a, f"open {n}", close=False) for n in range(2)]
        _closed_days_ago(postgres_url, due, 91)
        _closed_days_ago(postgres_url, own_short, 6, own_days=5)
        _closed_days_ago(postgres_url, not_due, 89)
        _closed_days_ago(postgres_url, own_long, 200, own_days=365)
        expected = set(due + own_short)

        outputs = _purge_at_once(postgres_url, a.env, 2)
        per_process = [{int(i) for _code, i in DELETED.findall(out)} for out in outputs]
        counts = [len(DELETED.findall(out)) for out in outputs]
        assert sum(counts) == len(expected), outputs  # no café printed twice anywhere
        assert per_process[0].isdisjoint(per_process[1]), outputs
        assert per_process[0] | per_process[1] == expected, outputs
        kept = set(not_due + own_long + still_open)
        assert _remaining(postgres_url) == kept
        assert _remaining(postgres_url, "participants", "session_id") == kept

        # Server processes purge by themselves: a café that becomes due while two run goes.
        fast = {**env, "DIALOGCAFE_RETENTION_INTERVAL": "0.3"}
        b = server_factory(tmp_path / "b", name="b", extra_env=fast)
        c = server_factory(tmp_path / "c", name="c", extra_env=fast)
        b.start()
        c.start()
        _closed_days_ago(postgres_url, not_due[:1], 2)  # 91 days ago now
        deadline = time.monotonic() + WAIT
        while not_due[0] in _remaining(postgres_url) and time.monotonic() < deadline:
            time.sleep(0.1)  # the servers' next turn; nothing to wait on from outside
        assert _remaining(postgres_url) == kept - {not_due[0]}
        api.request("GET", f"/api/sessions/{not_due[0]}", expect=404)
        assert b.running and c.running
    finally:
        api.close()


@pytest.mark.parametrize("mode", ["eventlet", "gevent", "threading"])
def test_a_server_on_sqlite_deletes_a_due_cafe_by_itself(
    tmp_path: Path, server_factory: ServerFactory, mode: str
) -> None:
    """Each async mode starts the task where it serves (gunicorn: in its worker)."""
    server = server_factory(
        tmp_path / "data",
        extra_env={"DIALOGCAFE_ASYNC_MODE": mode, "DIALOGCAFE_RETENTION_INTERVAL": "0.3"},
    )
    server.create_facilitator()
    server.start()
    api = ApiClient(server.url)
    try:
        api.log_in()
        due, kept = _cafe(api, server, "due"), _cafe(api, server, "kept")
        code = api.request("GET", f"/api/sessions/{due}").json()["join_code"]
        folder = tmp_path / "data" / code
        assert folder.is_dir()  # the close wrote the summary files
        database = tmp_path / "data" / "dialogcafe.sqlite3"
        with sqlite3.connect(database, timeout=10) as connection:
            connection.execute(
                "UPDATE cafe_sessions SET retention_days = 1,"
                " closed_at = datetime(closed_at, '-2 days') WHERE id = ?",
                (due,),
            )
        connection.close()
        deadline = time.monotonic() + WAIT
        while api.http.get(f"{server.url}/api/sessions/{due}").status_code != 404:
            assert time.monotonic() < deadline, "the server did not delete the due café"
            time.sleep(0.1)  # the server's next turn; nothing to wait on from outside
        api.request("GET", f"/api/sessions/{kept}")
        assert not folder.exists()  # as after "Delete session"
    finally:
        api.close()
