"""Table-host events from phones: ``become_host`` (with the host code) and ``synthesis``."""

from __future__ import annotations

from typing import Any

from dialogcafe.realtime.common import event_data, participant_id
from dialogcafe.realtime.events import on_event
from dialogcafe.realtime.limits import limited
from dialogcafe.services import hosting


@on_event("become_host")
@limited("become_host")
def on_become_host(data: Any = None) -> dict[str, Any]:
    """``{code}``: the participant becomes host of their table; the table and facilitators hear."""
    body = event_data(data)
    host = hosting.become_host(participant_id(), code=body.get("code"))
    return {"ok": True, "is_host": True, **host}


@on_event("synthesis")
def on_synthesis(data: Any = None) -> dict[str, Any]:
    """``{text}``: the host saves the table's synthesis of the current round."""
    body = event_data(data)
    synthesis = hosting.save_synthesis(participant_id(), text=body.get("text"))
    return {"ok": True, "synthesis": synthesis}
