"""How big a café may be: the limits of a session's plan, in one place.

The lifecycle (sessions.py) refuses a plan beyond them and the seating rotation
(seating.py) is sized and timed for them, so both read them here rather than one from
the other. docs/protocol.md lists them for API clients.
"""

from __future__ import annotations

MAX_TABLES = 30
MAX_ROUNDS = 12
MAX_ROUND_MINUTES = 180
MAX_TOPICS = 60
MAX_TITLE = 200
MAX_DESCRIPTION = 2000
MAX_TOPIC_LENGTH = 500
