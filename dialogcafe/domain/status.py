"""The states a session and an input can be in: one spelling for every layer.

``StrEnum`` members are the very strings the database column holds and the wire carries
(``SessionStatus.HARVEST == "harvest"``, same hash, same JSON), so a value read back as
a plain ``str`` compares equal and nothing on the wire or on disk changes.
"""

from __future__ import annotations

from enum import StrEnum


class SessionStatus(StrEnum):
    """Lifecycle of a café (sessions.py): set up, rounds, harvest, read-only."""

    DRAFT = "draft"
    RUNNING = "running"
    HARVEST = "harvest"
    CLOSED = "closed"


class PostStatus(StrEnum):
    """Who may see an input: everyone, only its author while it waits for approval, nobody.

    Listed in the order the moderation filter names them in its error message.
    """

    VISIBLE = "visible"
    PENDING = "pending"
    HIDDEN = "hidden"


# After the rounds (harvest, then closed): every table's inputs may be seen and liked by all.
ROUNDS_OVER = frozenset({SessionStatus.HARVEST, SessionStatus.CLOSED})
