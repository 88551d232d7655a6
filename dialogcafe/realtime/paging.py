"""The ``older_posts`` event: a page of older inputs than a screen's ``state`` holds."""

from __future__ import annotations

from typing import Any

from flask import current_app

from dialogcafe.realtime.common import (
    event_data,
    facilitator_session_id,
    is_participant,
    participant_id,
)
from dialogcafe.realtime.events import on_event
from dialogcafe.realtime.limits import limited
from dialogcafe.services import screens


@on_event("older_posts")
@limited("older_posts")
def on_older_posts(data: Any = None) -> dict[str, Any]:
    """Up to ``STATE_POSTS`` inputs older than ``before``: a phone's table (or the other
    tables), a facilitator's café (or one table). Reads only; nothing is emitted."""
    page_size: int = current_app.config["STATE_POSTS"]
    body = event_data(data)
    if is_participant():
        page = screens.older_posts_for_participant(participant_id(), body, page_size=page_size)
    else:
        facilitator_id, cafe_id = facilitator_session_id()
        page = screens.older_posts_for_facilitator(
            facilitator_id, cafe_id, body, page_size=page_size
        )
    return {"ok": True, **page}
