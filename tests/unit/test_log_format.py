"""The JSON log line (adapters/logs.py): fixed fields, known extras only, one line always."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from dialogcafe.adapters.logs import JsonFormatter
from dialogcafe.config import load_config


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    entry = logging.LogRecord("dialogcafe.test", logging.WARNING, __file__, 1, message, args, None)
    entry.__dict__.update(extra)
    return entry


def test_a_line_has_the_fixed_fields_and_the_known_extras() -> None:
    line = JsonFormatter().format(
        record("round %s started", 2, event="round_started", session_id=7, duration_ms=1.5)
    )
    entry = json.loads(line)
    assert entry["time"].endswith("Z") and "T" in entry["time"]
    assert entry["level"] == "warning" and entry["logger"] == "dialogcafe.test"
    assert entry["event"] == "round_started" and entry["message"] == "round 2 started"
    assert entry["session_id"] == 7 and entry["duration_ms"] == 1.5


def test_unknown_extras_and_the_client_address_stay_out_unless_allowed() -> None:
    made = record("x", nickname="Kari", text="secret", client="203.0.113.9")
    entry = json.loads(JsonFormatter().format(made))
    assert "nickname" not in entry and "text" not in entry and "client" not in entry
    assert entry["event"] == "log"  # a library's line without an event of its own
    allowed = json.loads(JsonFormatter(client_addresses=True).format(made))
    assert allowed["client"] == "203.0.113.9"


def test_an_exception_stays_on_one_line() -> None:
    try:
        raise ValueError("two\nlines")
    except ValueError:
        made = record("failed")
        made.exc_info = sys.exc_info()
    line = JsonFormatter().format(made)
    assert "\n" not in line
    assert "ValueError: two\nlines" in json.loads(line)["exception"]


def test_an_unknown_log_format_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOGCAFE_LOG_FORMAT", "yaml")
    with pytest.raises(ValueError, match="DIALOGCAFE_LOG_FORMAT must be one of text, json"):
        load_config({"SECRET_KEY": "x", "DATA_DIR": "/tmp/unused-log-format"})
