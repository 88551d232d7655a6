"""The round timer: pause, resume and extend, kept as stored times only.

A round's end is a stored moment (``round_ends_at``), never a sleeping thread, so a
restart or a second server process shows the same countdown. While paused the end is
unknown, so the seconds that were left are stored instead (``paused_remaining``) and
``round_ends_at`` is cleared; resuming turns them back into an end time. Every rule is a
plain function of the session and ``now``; each change also bumps the session's change
counter (``sequence.py``), since every screen shows the clock.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from dialogcafe.domain import errors, fields, sequence
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.sessions import ensure_open
from dialogcafe.domain.status import SessionStatus

# The facilitator's "+1 min" and "+5 min" buttons; nothing else, so a typo cannot add hours.
EXTENSION_MINUTES = (1, 5)
FIELD_MINUTES = N_("minutes")
ACTIONS = ("pause", "resume", "extend")


def check_action(action: str) -> str:
    """One of :data:`ACTIONS`; checked before anything else about the request."""
    if action not in ACTIONS:
        raise errors.BadRequest(detail=N_("Unknown timer action: use pause, resume or extend."))
    return action


def is_paused(cafe: CafeSession) -> bool:
    """A round is on but its clock is stopped."""
    return cafe.paused_remaining is not None


def seconds_left(cafe: CafeSession, *, now: datetime) -> int | None:
    """Whole seconds left in the round (0 once time is up); None when no round is timed."""
    if cafe.paused_remaining is not None:
        return cafe.paused_remaining
    if cafe.round_ends_at is None:
        return None
    return max(0, math.ceil((cafe.round_ends_at - now).total_seconds()))


def _check_timed_round(cafe: CafeSession) -> None:
    """Timer changes make sense only inside a round (not in draft, harvest or closed)."""
    ensure_open(cafe)
    if cafe.status != SessionStatus.RUNNING or cafe.current_round < 1:
        raise errors.TimerNotRunning()


def pause(db: Session, cafe: CafeSession, *, now: datetime) -> None:
    """Stop the clock and keep the seconds that were left (0 if time was already up)."""
    _check_timed_round(cafe)
    if is_paused(cafe):
        raise errors.TimerAlreadyPaused()
    left = seconds_left(cafe, now=now)
    if left is None:
        raise errors.TimerNotRunning()
    cafe.paused_remaining = left
    cafe.round_ends_at = None
    sequence.advance(db, cafe)


def resume(db: Session, cafe: CafeSession, *, now: datetime) -> None:
    """Start the clock again: the round now ends the kept seconds from ``now``."""
    _check_timed_round(cafe)
    if not is_paused(cafe):
        raise errors.TimerNotPaused()
    assert cafe.paused_remaining is not None
    cafe.round_ends_at = now + timedelta(seconds=cafe.paused_remaining)
    cafe.paused_remaining = None
    sequence.advance(db, cafe)


def check_minutes(raw: object) -> int:
    """Only the offered extensions are accepted (1 or 5 minutes)."""
    if not fields.is_whole_number(raw) or raw not in EXTENSION_MINUTES:
        raise errors.InvalidField(field=FIELD_MINUTES, problem=N_("must be 1 or 5"))
    return raw


def extend(db: Session, cafe: CafeSession, minutes: object, *, now: datetime) -> None:
    """Give the round more time.

    A paused round keeps more seconds; a running one ends later. If time was already up,
    the extra minutes count from ``now`` (adding them to a past end would give less time
    than the button promises).
    """
    _check_timed_round(cafe)
    extra = timedelta(minutes=check_minutes(minutes))
    if cafe.paused_remaining is not None:
        cafe.paused_remaining += int(extra.total_seconds())
    elif cafe.round_ends_at is None:
        raise errors.TimerNotRunning()
    else:
        cafe.round_ends_at = max(cafe.round_ends_at, now) + extra
    sequence.advance(db, cafe)
