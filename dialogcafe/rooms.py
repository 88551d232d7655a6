"""Socket.IO room names, made in one place so senders and listeners always agree."""

from __future__ import annotations


def room_for_table(session_id: int, table: int) -> str:
    """Everyone sitting at one table of one session."""
    return f"session:{session_id}:table:{table}"


def room_for_facilitators(session_id: int) -> str:
    """Facilitator views of a session: they see every table."""
    return f"session:{session_id}:facilitators"
