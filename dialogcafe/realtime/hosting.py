"""Table-host events from phones: ``become_host`` (with the host code) and ``synthesis``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import hosting
from dialogcafe.domain.models import Participant
from dialogcafe.realtime.common import Outcome, as_participant
from dialogcafe.realtime.events import on_event
from dialogcafe.realtime.limits import limited
from dialogcafe.views.payloads import host_payload, synthesis_payload


@on_event("become_host")
@limited("become_host")
def on_become_host(data: Any = None) -> dict[str, Any]:
    """``{code}``: the participant becomes host of their table; the table and facilitators hear."""

    def act(db: Session, participant: Participant, body: dict[str, Any]) -> Outcome:
        change = hosting.become_host(db, participant, code=body.get("code"))
        payload = host_payload(change.table, change.host)
        session_id = participant.session_id
        ack = {"is_host": True, **payload}
        return Outcome(ack, lambda: notifier.host_changed(session_id, payload))

    return as_participant(data, act)


@on_event("synthesis")
def on_synthesis(data: Any = None) -> dict[str, Any]:
    """``{text}``: the host saves the table's synthesis of the current round."""

    def act(db: Session, participant: Participant, body: dict[str, Any]) -> Outcome:
        synthesis = hosting.save_synthesis(db, participant, text=body.get("text"), now=utcnow())
        payload = synthesis_payload(synthesis)
        session_id = participant.session_id
        tell = lambda: notifier.synthesis_saved(session_id, payload)  # noqa: E731
        return Outcome({"synthesis": payload}, tell)

    return as_participant(data, act)
