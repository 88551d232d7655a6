"""The ``stay_seated`` event: a participant marks "I stay at my table" from the phone."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.domain import moving
from dialogcafe.domain.models import Participant
from dialogcafe.realtime.common import Outcome, as_participant
from dialogcafe.realtime.events import on_event


@on_event("stay_seated")
def on_stay_seated(data: Any = None) -> dict[str, Any]:
    """``{value}``: true keeps this person at their table in every later round."""

    def act(db: Session, participant: Participant, body: dict[str, Any]) -> Outcome:
        value = moving.set_stay_seated(participant, body.get("value"))
        db.flush()
        return Outcome({"stay_seated": value})

    return as_participant(data, act)
