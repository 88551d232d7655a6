"""``flask backup create`` next to a running server on SQLite: while phones join, the copy
holds every café committed before it, and the server goes on serving."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from tests.e2e.support import ApiClient, ServerProcess, join

pytestmark = pytest.mark.e2e


def test_a_backup_of_a_live_database(tmp_path: Path, live_server: ServerProcess) -> None:
    api = ApiClient(live_server.url)
    api.log_in()
    plan = {"title": "Kafé", "tables": 2, "topics": ["Hva?"], "rounds": 1, "round_minutes": 5}
    made = [api.post_json("/api/sessions", plan, expect=201) for _ in range(3)]
    stop = threading.Event()
    joined = [join(live_server, made[0]["join_code"], 1, "first")]

    def keep_joining() -> None:  # writes go on while the copy is made
        while not stop.is_set():
            joined.append(join(live_server, made[0]["join_code"], 1, f"p{len(joined)}"))

    writer = threading.Thread(target=keep_joining)
    writer.start()
    try:
        target = tmp_path / "backup.sqlite3"
        result = live_server.flask("backup", "create", str(target))
    finally:
        stop.set()
        writer.join()
        api.close()
    assert "Backed up 3 café(s)" in result.stdout
    with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as copy:
        assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        (people,) = copy.execute("SELECT count(*) FROM participants").fetchone()
    copy.close()
    assert 1 <= people <= len(joined)
    assert not list(tmp_path.glob(".backup.sqlite3*"))  # no partial file left behind
    assert live_server.running
    join(live_server, made[1]["join_code"], 1, "after")  # and the server serves on
