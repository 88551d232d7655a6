"""What a serving process leaves out: libraries a café on SQLite does not use.

Whatever a server imports stays in its memory for its whole life, once per process, and a
full hall is measured in KiB per connection (bench/README.md). So ``python app.py`` on a
database at the newest migration imports neither Alembic nor Flask-Migrate (schema.py),
psycopg2 (server.py, drivers.py), redis without a message queue (server.py), the Word
report's python-docx, lxml and Pillow and the workbook's openpyxl (exports.LIVE_FORMATS),
qrcode (only for the QR page), dnspython (eventlet's green DNS) nor, with metrics off,
prometheus_client (adapters/metrics.py). And each connection's HTTP handler keeps small
buffers: a WebSocket keeps it all café long.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dialogcafe import server

REPO_ROOT = Path(__file__).resolve().parents[2]
UNUSED = (
    "alembic",
    "flask_migrate",
    "psycopg2",
    "redis",
    "docx",
    "lxml",
    "PIL",
    "openpyxl",
    "qrcode",
    "reportlab",
    "dns",
    "prometheus_client",
)
# app.py up to serving: monkey-patching first, then the app.
STARTER = (
    "import sys\n"
    "from dialogcafe.server import prepare\n"
    "prepare()\n"
    "from dialogcafe import create_app\n"
    "create_app()\n"
    "print('loaded:', [m for m in sys.argv[1:] if sys.modules.get(m)])\n"
)


# The handler eventlet's server makes for an accepted TCP connection, set up on one.
HANDLER = (
    "import socket\n"
    "from dialogcafe.server import ConnectionLimits, _eventlet_protocol, prepare\n"
    "prepare()\n"
    "limits = ConnectionLimits(idle=30, headers=10, socket=60, per_address=2000,"
    " log_addresses=False)\n"
    "listener = socket.create_server(('127.0.0.1', 0))\n"
    "client = socket.create_connection(listener.getsockname())\n"
    "handler = object.__new__(_eventlet_protocol(limits))\n"
    "handler.request = listener.accept()[0]\n"
    "handler.setup()\n"
    "print('buffers', handler.rbufsize, handler.wbufsize)\n"
)


def _run(tmp_path: Path, code: str, *args: str) -> str:
    env = {"PATH": "/usr/bin:/bin", "DIALOGCAFE_DATA_DIR": str(tmp_path / "data")}
    started = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return started.stdout


def test_a_server_on_sqlite_imports_only_what_it_uses(tmp_path: Path) -> None:
    _run(tmp_path, STARTER, *UNUSED)  # the first start migrates (with Alembic)
    assert "loaded: []" in _run(tmp_path, STARTER, *UNUSED)


def test_eventlet_connections_have_small_buffers(tmp_path: Path) -> None:
    """An open WebSocket keeps its HTTP handler, and so its buffers, all café long."""
    output = _run(tmp_path, HANDLER)
    assert f"buffers {server.READ_BUFFER} {server.WRITE_BUFFER}" in output
