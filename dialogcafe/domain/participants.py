"""Joining a session: anonymous participants, each with a table and a secret token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, fields
from dialogcafe.domain.codes import new_token, token_hash
from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.domain.moving import add_seat
from dialogcafe.domain.seating import emptiest_table
from dialogcafe.domain.sessions import check_table, ensure_open

MAX_NICKNAME = 40


@dataclass(frozen=True)
class Joined:
    """A new participant and the token only their phone will ever hold."""

    participant: Participant
    token: str


# Built once: every arriving phone runs these (building one cost more than running it).
_HEADCOUNTS = (
    select(Participant.table_number, func.count())
    .where(Participant.session_id == bindparam("session_id"))
    .group_by(Participant.table_number)
)
_BY_TOKEN = select(Participant).where(Participant.token_hash == bindparam("token_hash"))


def table_headcounts(db: Session, cafe: CafeSession) -> dict[int, int]:
    """Participants per table, every table present (empty ones count 0)."""
    rows = db.execute(_HEADCOUNTS, {"session_id": cafe.id})
    counts = {table: count for table, count in rows}
    return {table: counts.get(table, 0) for table in range(1, cafe.table_count + 1)}


def clean_nickname(raw: object) -> str:
    """Nicknames are optional; anonymous is the default."""
    return fields.text(raw, field="nickname", max_length=MAX_NICKNAME, one_line=True)


def join(
    db: Session,
    cafe: CafeSession,
    *,
    nickname: object,
    table: object,
    now: datetime,
    stay_seated: bool = False,
) -> Joined:
    """Add a participant at the chosen table, or at the least-full one when none is chosen.

    ``stay_seated`` ("I stay at my table"): the people-move rotation never moves them.
    Someone joining during a round gets a seat for that round at once, so the next
    seating knows whom they already met.
    """
    ensure_open(cafe)
    nickname = clean_nickname(nickname)
    if table is None:
        table = emptiest_table(table_headcounts(db, cafe))
    table = check_table(cafe, table)
    token = new_token()
    participant = Participant(
        session_id=cafe.id,
        token_hash=token_hash(token),
        nickname=nickname,
        table_number=table,
        stay_seated=bool(stay_seated),
        created_at=now,
    )
    db.add(participant)
    db.flush()
    if cafe.current_round >= 1:
        add_seat(db, participant, cafe.current_round)  # new: no seat to look for
        db.flush()
    return Joined(participant=participant, token=token)


def participant_for_token(db: Session, token: object) -> Participant:
    """Resolve a participant token or raise :class:`InvalidToken`."""
    if not isinstance(token, str) or not token:
        raise errors.InvalidToken()
    participant = db.scalar(_BY_TOKEN, {"token_hash": token_hash(token)})
    if participant is None:
        raise errors.InvalidToken()
    return participant
