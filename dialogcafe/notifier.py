"""Turns the domain's results into room emits.

Callers emit only after their transaction has committed, so a phone that reacts to an
event by reloading always finds the change in the database. With a message queue the
same calls reach clients connected to any server process.
"""

from __future__ import annotations

from typing import Any

from dialogcafe.extensions import socketio
from dialogcafe.rooms import room_for_facilitators, room_for_table


def post_created(session_id: int, post: dict[str, Any], *, skip_sid: str | None = None) -> None:
    """A new input: its table and the facilitators see it (the author gets it in the ack)."""
    socketio.emit(
        "post",
        post,
        to=[room_for_table(session_id, post["table"]), room_for_facilitators(session_id)],
        skip_sid=skip_sid,
    )


def people_changed(session_id: int, headcounts: dict[int, int]) -> None:
    """Someone joined: facilitators see how many sit at each table."""
    payload = {"tables": [{"table": t, "participants": n} for t, n in headcounts.items()]}
    socketio.emit("people", payload, to=room_for_facilitators(session_id))


def round_changed(
    session_id: int, per_table: list[dict[str, Any]], overview: dict[str, Any]
) -> None:
    """A round started: each table hears its own question, facilitators the overview."""
    for payload in per_table:
        socketio.emit("round", payload, to=room_for_table(session_id, payload["table"]))
    socketio.emit("round", overview, to=room_for_facilitators(session_id))
