"""The edges' source of "now"; domain rules take time as an argument instead."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, aware and in UTC."""
    return datetime.now(UTC)
