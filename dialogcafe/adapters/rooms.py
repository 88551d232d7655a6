"""Socket.IO room names, made in one place so senders and listeners always agree."""

from __future__ import annotations


def room_for_table(session_id: int, table: int) -> str:
    """Everyone sitting at one table of one session."""
    return f"session:{session_id}:table:{table}"


def room_for_facilitators(session_id: int) -> str:
    """Facilitator views of a session: they see every table."""
    return f"session:{session_id}:facilitators"


def room_for_participant(session_id: int, participant_id: int) -> str:
    """One participant's own sockets (all their tabs): messages meant for them alone."""
    return f"session:{session_id}:participant:{participant_id}"


def room_for_other_tables(session_id: int) -> str:
    """Phones that have the other tables' inputs open (``watch_others``): they hear every
    table's new inputs while other tables are shown. Only those, so a full hall's inputs
    do not go to a thousand phones that are not looking."""
    return f"session:{session_id}:other-tables"
