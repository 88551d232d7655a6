"""``flask backup create`` and ``flask backup restore``: a café's inputs survive a round
trip, whatever happened in between, and a file that is no Dialogkafé database is refused."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dialogcafe.adapters.schema import HEAD_REVISION
from tests.postgres import fresh_database

Bearer = Callable[[str], dict[str, str]]
FORMATS = ("json", "md", "csv")


def _exports(client: Any, token: str, session_id: int, bearer: Bearer) -> dict[str, Any]:
    """The café's exports: the Markdown and CSV bytes, the JSON without the moment it was
    made (the one thing a new download changes)."""
    found: dict[str, Any] = {}
    for fmt in FORMATS:
        response = client.get(f"/api/sessions/{session_id}/export.{fmt}", headers=bearer(token))
        assert response.status_code == 200, (fmt, response.get_data(as_text=True)[:200])
        found[fmt] = response.data
    found["json"] = json.loads(found["json"])
    found["json"].pop("generated_at")
    return found


def _post(socket: Any, client_id: str, text: str) -> None:
    ack = socket.emit("post", {"client_id": client_id, "text": text}, callback=True)
    assert ack["ok"] is True, ack


def test_a_restored_backup_serves_the_same_exports(
    app: Any,
    tmp_path: Path,
    client: Any,
    runner: Any,
    host: str,
    running: dict[str, Any],
    seated: Callable[..., Any],
    make_session: Callable[..., dict[str, Any]],
    bearer: Bearer,
) -> None:
    cafe = running
    _, first = seated(1, "Kari")
    _, second = seated(2, "Ola")
    _post(first, "client-0001", "Trygghet er å kjenne naboene")
    _post(second, "client-0002", "Hjelp med søknader")
    other = make_session(host, title="Den andre")
    before = _exports(client, host, cafe["id"], bearer)

    target = tmp_path / "backups" / "dialogkafe.sqlite3"
    target.parent.mkdir()
    made = runner.invoke(args=["backup", "create", str(target)])
    assert made.exit_code == 0, made.output
    assert f"Backed up 2 café(s) (migration {HEAD_REVISION}) to {target}." in made.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    again = runner.invoke(args=["backup", "create", str(target)])
    assert again.exit_code == 1 and "exists already" in again.output

    # Life goes on: another input, a changed place, a new café, a deleted one.
    _post(first, "client-0003", "Skrevet etter sikkerhetskopien")
    url = f"/api/sessions/{cafe['id']}"
    assert client.patch(url, json={"place": "Rådhuset"}, headers=bearer(host)).status_code == 200
    later = make_session(host, title="Etter sikkerhetskopien")
    closed = client.post(f"/api/sessions/{later['id']}/close", headers=bearer(host))
    assert closed.status_code == 200
    assert client.delete(f"/api/sessions/{other['id']}", headers=bearer(host)).status_code == 200
    data_dir = Path(app.config["DATA_DIR"])
    assert (data_dir / later["join_code"]).is_dir()
    (data_dir / "operator-notes").mkdir()  # not a café's folder: never touched
    assert _exports(client, host, cafe["id"], bearer)["json"] != before["json"]

    asked = runner.invoke(args=["backup", "restore", str(target)])
    assert asked.exit_code == 1
    assert "Run again with --yes" in asked.output
    assert client.get(f"/api/sessions/{other['id']}", headers=bearer(host)).status_code == 404

    restored = runner.invoke(args=["backup", "restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "Restart the server now" in restored.output
    assert "removed the summary files of 1 café(s) not in it" in restored.output
    assert not (data_dir / later["join_code"]).exists()
    assert (data_dir / "operator-notes").is_dir() and (data_dir / cafe["join_code"]).is_dir()
    assert _exports(client, host, cafe["id"], bearer) == before
    assert client.get(f"/api/sessions/{other['id']}", headers=bearer(host)).status_code == 200
    # The live file keeps its WAL mode, and is whole.
    with sqlite3.connect(app.config["DATABASE_URL"].removeprefix("sqlite:///")) as live:
        assert live.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert live.execute("PRAGMA quick_check").fetchone() == ("ok",)
    live.close()


def test_restore_refuses_what_is_no_dialogkafe_database(tmp_path: Path, runner: Any) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE things (id INTEGER)")
    connection.close()
    future = tmp_path / "future.sqlite3"
    made = runner.invoke(args=["backup", "create", str(future)])
    assert made.exit_code == 0, made.output
    with sqlite3.connect(future) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    connection.close()
    for path, message in (
        (tmp_path / "missing.sqlite3", "there is no file"),
        (text_file, "not a SQLite database"),
        (other, "not a Dialogkafé database"),
        (future, "from migration 0999, which this version does not know"),
    ):
        refused = runner.invoke(args=["backup", "restore", str(path), "--yes"])
        assert refused.exit_code == 1, path
        assert message in refused.output, refused.output


@pytest.mark.parametrize("command", ["create", "restore"])
def test_postgresql_points_to_its_own_tools(
    build_app: Callable[..., Any], tmp_path: Path, command: str
) -> None:
    with fresh_database("backup") as url:
        app = build_app(DATABASE_URL=url, SCHEMA_SETUP="create_all")
        result = app.test_cli_runner().invoke(args=["backup", command, str(tmp_path / "x.dump")])
        app.extensions["dialogcafe.adapters.database"].engine.dispose()
    assert result.exit_code == 1
    tool = "pg_dump --format=custom" if command == "create" else "pg_restore --clean --if-exists"
    assert tool in result.output
    assert "--host=127.0.0.1" in result.output and "--dbname=dialogcafe_backup_" in result.output
