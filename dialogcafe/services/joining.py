"""Joining a café by its code, from the join form or the API: one seat, one new token.

Facilitators see who sits where (``people``) soon after the seat is committed, one
message for a burst of joins (services/announcements.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogcafe.adapters import metrics
from dialogcafe.clock import utcnow
from dialogcafe.domain import participants, sessions
from dialogcafe.services import announcements
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.views.payloads import participant_payload, session_payload


@dataclass(frozen=True)
class Joined:
    """What both edges answer with: the new participant (with their token), the session
    (when asked for) and its join code as stored (the browser remembers the token under it)."""

    token: str
    join_code: str
    participant: dict[str, Any]
    session: dict[str, Any] | None


def join(
    join_code: str,
    *,
    nickname: object,
    table: object,
    stay_seated: bool,
    describe_session: bool = False,
) -> Joined:
    """Seat a new participant at ``table`` (None: the least-full one) of the café with this
    typed or scanned code; ``describe_session``: with the session's payload (the API's
    answer; the form only needs the token)."""

    def work(uow: UnitOfWork) -> Joined:
        cafe = sessions.session_by_join_code(uow.db, join_code)
        joined = participants.join(
            uow.db, cafe, nickname=nickname, table=table, now=utcnow(), stay_seated=stay_seated
        )
        uow.after_commit(announcements.people_soon, cafe.id)
        uow.after_commit(lambda: metrics.current().joined())
        return Joined(
            token=joined.token,
            join_code=cafe.join_code,
            participant=participant_payload(joined.participant, joined.token),
            session=session_payload(cafe) if describe_session else None,
        )

    return run(work)
