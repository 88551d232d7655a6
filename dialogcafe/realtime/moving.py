"""The ``stay_seated`` event: a participant marks "I stay at my table" from the phone."""

from __future__ import annotations

from typing import Any

from dialogcafe.realtime.common import event_data, participant_id
from dialogcafe.realtime.events import on_event
from dialogcafe.services import seating


@on_event("stay_seated")
def on_stay_seated(data: Any = None) -> dict[str, Any]:
    """``{value}``: true keeps this person at their table in every later round."""
    body = event_data(data)
    value = seating.stay_seated(participant_id(), value=body.get("value"))
    return {"ok": True, "stay_seated": value}
