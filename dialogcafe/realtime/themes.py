"""A table host's themes from the phone: ``theme`` with an ``action`` (docs/protocol.md)."""

from __future__ import annotations

from typing import Any

from dialogcafe.realtime.common import event_data, participant_id
from dialogcafe.realtime.events import on_event
from dialogcafe.services import themes


@on_event("theme")
def on_theme(data: Any = None) -> dict[str, Any]:
    """``{action: list|create|rename|delete|move|unassign, …}`` → ack with the host's overview."""
    return {"ok": True, **themes.host_action(participant_id(), event_data(data))}
