"""The facilitator's broadcast: one short message shown on every phone and the projector.

Only the latest message is kept (``broadcast_text`` / ``broadcast_at`` on the session),
so a phone that reloads or reconnects shows what the others see; an empty text takes
the message down.
"""

from __future__ import annotations

from datetime import datetime

from dialogcafe.domain import errors
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.sessions import ensure_open

# Short enough to read at a glance on an old phone and across the room on a projector.
MAX_BROADCAST_LENGTH = 280
FIELD_TEXT = N_("text")


def set_broadcast(cafe: CafeSession, text: object, *, now: datetime) -> None:
    """Show ``text`` to everyone from now on (``""`` clears it); a closed session takes none."""
    ensure_open(cafe)
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise errors.InvalidField(field=FIELD_TEXT, problem=N_("must be text"))
    cleaned = text.strip()
    if len(cleaned) > MAX_BROADCAST_LENGTH:
        raise errors.InvalidField(
            field=FIELD_TEXT,
            problem=N_("at most {limit} characters"),
            limit=MAX_BROADCAST_LENGTH,
        )
    cafe.broadcast_text = cleaned
    cafe.broadcast_at = now if cleaned else None
