"""The facilitator's broadcast: one short message shown on every phone and the projector.

Only the latest message is kept (``broadcast_text`` / ``broadcast_at`` on the session),
so a phone that reloads or reconnects shows what the others see; an empty text takes
the message down.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from dialogcafe.domain import fields, sequence
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession, MessageTranslation
from dialogcafe.domain.sessions import ensure_open
from dialogcafe.domain.translations import replace_rows

# Short enough to read at a glance on an old phone and across the room on a projector.
MAX_BROADCAST_LENGTH = 280
FIELD_TEXT = N_("text")


def set_broadcast(
    db: Session,
    cafe: CafeSession,
    text: object,
    *,
    now: datetime,
    translations: Mapping[str, str] | None = None,
) -> None:
    """Show ``text`` to everyone from now on (``""`` clears it); a closed session takes none.

    ``translations`` (checked, ``translations.clean_translations``) replace the message's;
    without them a changed text drops the old ones, which were of another message.
    Bumps the change counter: every screen shows the message (``sequence.py``)."""
    ensure_open(cafe)
    cleaned = fields.text(text, field=FIELD_TEXT, max_length=MAX_BROADCAST_LENGTH)
    if translations is None and cleaned != cafe.broadcast_text:
        translations = {}
    if translations is not None:
        replace_rows(
            cafe.message_translations,
            translations if cleaned else {},
            lambda tag, words: MessageTranslation(language=tag, text=words),
        )
    cafe.broadcast_text = cleaned
    cafe.broadcast_at = now if cleaned else None
    sequence.advance(db, cafe)
