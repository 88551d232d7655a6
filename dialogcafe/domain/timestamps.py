"""How a stored moment is written for programs: one form for the API, the sockets and the files."""

from __future__ import annotations

from datetime import datetime


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``, the form browsers parse everywhere."""
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")
