"""``watch_others``: a phone opens or closes the other tables' inputs and, while open (and
other tables are shown), hears their new inputs live (adapters/rooms.room_for_other_tables)."""

from __future__ import annotations

from typing import Any

from flask_socketio import join_room, leave_room

from dialogcafe.adapters.rooms import room_for_other_tables
from dialogcafe.domain import fields
from dialogcafe.realtime.common import event_data, participant_id
from dialogcafe.realtime.events import on_event
from dialogcafe.services import screens


@on_event("watch_others")
def on_watch_others(data: Any = None) -> dict[str, Any]:
    """``{watch: bool}`` → ack ``{ok, watching}`` (false while other tables are hidden)."""
    watch = fields.flag(event_data(data).get("watch"), field="watch")
    session_id, shown = screens.other_tables_shown(participant_id())
    room = room_for_other_tables(session_id)
    if watch and shown:
        join_room(room)
    else:
        leave_room(room)
    return {"ok": True, "watching": watch and shown}
