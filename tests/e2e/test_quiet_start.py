"""Starting the server and running a CLI command print no eventlet deprecation warning
(eight lines newcomers read as an error): the server says its async mode in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogcafe.server import start_line
from tests.e2e.support import ServerProcess

pytestmark = pytest.mark.e2e

DEPRECATION = "Eventlet is deprecated"


def test_a_cli_command_prints_no_warning(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data", tmp_path / "server.log")
    result = server.flask("facilitator", "create", "kari@example.no", "--password", "x" * 12)
    assert result.stdout.strip() == "Created facilitator kari@example.no (id 1)."
    assert result.stderr == ""


def test_the_server_starts_with_one_line_naming_its_async_mode(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data", tmp_path / "server.log")
    server.start()
    try:
        log = server.log_path.read_text(encoding="utf-8")
    finally:
        server.stop()
    assert DEPRECATION not in log and "Warning" not in log
    line = start_line("127.0.0.1", server.port, "eventlet")
    assert line in log.splitlines()
    assert "(async mode: eventlet; eventlet is in bugfix-only mode upstream" in line
    assert "see docs/deployment.md)" in line


def test_other_modes_say_their_mode_without_the_eventlet_note() -> None:
    assert start_line("0.0.0.0", 8000, "gevent") == (
        "Dialogkafé on http://0.0.0.0:8000 (async mode: gevent)"
    )
