"""Joining a café by its code, from the join form or the API: one seat, one new token.

Facilitators see who sits where (``people``) once the seat is committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogcafe.adapters import metrics, notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import participants, sessions
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.views.facilitator import people_overview
from dialogcafe.views.payloads import participant_payload, session_payload


@dataclass(frozen=True)
class Joined:
    """What both edges answer with: the new participant (with their token), the session,
    and its join code as stored (the browser remembers the token under it)."""

    token: str
    join_code: str
    participant: dict[str, Any]
    session: dict[str, Any]


def join(join_code: str, *, nickname: object, table: object, stay_seated: bool) -> Joined:
    """Seat a new participant at ``table`` (None: the least-full one) of the café with this
    typed or scanned code."""

    def work(uow: UnitOfWork) -> Joined:
        cafe = sessions.session_by_join_code(uow.db, join_code)
        joined = participants.join(
            uow.db, cafe, nickname=nickname, table=table, now=utcnow(), stay_seated=stay_seated
        )
        uow.after_commit(notifier.people_changed, cafe.id, people_overview(uow.db, cafe))
        uow.after_commit(lambda: metrics.current().joined())
        return Joined(
            token=joined.token,
            join_code=cafe.join_code,
            participant=participant_payload(joined.participant, joined.token),
            session=session_payload(cafe),
        )

    return run(work)
