"""The ``post`` event: a participant's input, stored before it is acknowledged."""

from __future__ import annotations

from typing import Any

from dialogcafe.realtime.common import event_data, participant_id, socket_id
from dialogcafe.realtime.events import on_event
from dialogcafe.realtime.limits import limited
from dialogcafe.services import posting


@on_event("post")
@limited("post")
def on_post(data: Any = None) -> dict[str, Any]:
    """Store an input, then send it to the table and the facilitators (not back to its author)."""
    author = participant_id()
    body = event_data(data)
    if body.get("on_behalf") is True:  # a host writing for someone without a phone
        posted = posting.post_on_behalf(
            author,
            client_id=body.get("client_id"),
            text=body.get("text"),
            name=body.get("on_behalf_name"),
            author_sid=socket_id(),
        )
    else:
        posted = posting.submit_post(
            author,
            client_id=body.get("client_id"),
            text=body.get("text"),
            written_round=body.get("round"),  # optional: the round the phone wrote it in
            author_sid=socket_id(),
        )
    return {"ok": True, "post": posted.post, "duplicate": not posted.created}
