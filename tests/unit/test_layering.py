"""The unit tests stay off the web layer; the package's layers are checked by import-linter.

The contracts themselves (which layer may import which, and that the domain, the read side and
the exports load no Flask, Socket.IO or event loop) are in ``pyproject.toml`` and run as
``lint-imports`` in ``make lint`` and ``make test``.
"""

from __future__ import annotations

from pathlib import Path


def test_unit_tests_import_no_flask() -> None:
    """The unit test files themselves stay off the web layer."""
    for path in Path(__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for line in source.splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")):
                words = stripped.replace(",", " ").split()
                assert "flask" not in words, f"{path.name}: {stripped}"
                assert not any(w.startswith(("flask.", "flask_")) for w in words), path.name
                assert "dialogcafe.web" not in stripped, f"{path.name}: {stripped}"
                assert "dialogcafe.realtime" not in stripped, f"{path.name}: {stripped}"
