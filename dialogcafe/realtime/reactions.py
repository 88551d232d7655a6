"""The ``like`` and ``vote`` events: participants' reactions to inputs."""

from __future__ import annotations

from typing import Any

from dialogcafe.realtime.common import event_data, participant_id
from dialogcafe.realtime.events import on_event
from dialogcafe.realtime.limits import limited
from dialogcafe.services import reactions


@on_event("like")
@limited("like")
def on_like(data: Any = None) -> dict[str, Any]:
    """Like or unlike an input; its table (or every table) and the facilitators get the count."""
    body = event_data(data)
    like = reactions.like(participant_id(), post_id=body.get("post_id"), liked=body.get("liked"))
    return {"ok": True, **like}


@on_event("vote")
@limited("vote")
def on_vote(data: Any = None) -> dict[str, Any]:
    """Put a dot on an input or take one back; the facilitators get the new results."""
    body = event_data(data)
    vote = reactions.vote(participant_id(), post_id=body.get("post_id"), add=body.get("add"))
    return {"ok": True, **vote}
