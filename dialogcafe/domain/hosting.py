"""Table hosts: who hosts a table, and what only a host may do.

A host stays at their table (in the people-move rotation too), writes down inputs for
people without a phone, and writes the table's synthesis at the end of each round, which
the next group to discuss that question reads first. A table has at most one host; a person hosts
at most one table. The facilitator names hosts, or a participant types the session's
host code (a second code, told only to the hosts) and becomes host of their own table.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dialogcafe.domain import errors
from dialogcafe.domain.cafe_rows import row_of
from dialogcafe.domain.codes import normalise_join_code
from dialogcafe.domain.models import CafeSession, Participant, Synthesis
from dialogcafe.domain.participants import clean_nickname
from dialogcafe.domain.posting import PostResult, create_post
from dialogcafe.domain.questions import questions_of
from dialogcafe.domain.rotation import topic_index
from dialogcafe.domain.sessions import check_table, ensure_open
from dialogcafe.domain.status import SessionStatus

MAX_SYNTHESIS_LENGTH = 2000


@dataclass(frozen=True)
class HostChange:
    """A table's new host, and the person who stopped hosting it (if anyone)."""

    table: int
    host: Participant
    replaced: Participant | None


def is_host(participant: Participant) -> bool:
    """Hosts its table now: named host of the very table the person sits at."""
    return participant.hosted_table is not None and (
        participant.hosted_table == participant.table_number
    )


# Built once, as the statements every phone's state runs (building one cost more than
# running it).
_HOST_OF = select(Participant).where(
    Participant.session_id == bindparam("session_id"),
    Participant.hosted_table == bindparam("table"),
)
_SYNTHESES = (
    select(Synthesis)
    .where(Synthesis.session_id == bindparam("session_id"))
    .order_by(Synthesis.round_number, Synthesis.table_number)
)


def host_of(db: Session, cafe: CafeSession, table: int) -> Participant | None:
    """The host of ``table``, if it has one."""
    return db.scalar(_HOST_OF, {"session_id": cafe.id, "table": table})


def hosts_by_table(db: Session, cafe: CafeSession) -> dict[int, Participant]:
    """Every table that has a host: table -> host."""
    rows = db.scalars(
        select(Participant).where(
            Participant.session_id == cafe.id, Participant.hosted_table.is_not(None)
        )
    )
    return {p.hosted_table: p for p in rows if p.hosted_table is not None}


def _make_host(db: Session, cafe: CafeSession, participant: Participant, table: int) -> HostChange:
    """Make ``participant`` host of ``table``, replacing the table's previous host.

    One host per table is a unique constraint, not only this check: two phones typing
    the host code at the same moment cannot both win. The old host is written back first
    so the constraint holds between the two updates too.
    """
    replaced = host_of(db, cafe, table)
    if replaced is not None and replaced.id != participant.id:
        replaced.hosted_table = None
        db.flush()
    else:
        replaced = None
    participant.hosted_table = table
    try:
        db.flush()
    except IntegrityError as exc:
        raise errors.HostTaken() from exc
    return HostChange(table=table, host=participant, replaced=replaced)


def assign_host(
    db: Session, cafe: CafeSession, *, table: object, participant_id: object
) -> HostChange:
    """The facilitator names the host of ``table``: someone who sits there now."""
    ensure_open(cafe)
    table = check_table(cafe, table)
    if isinstance(participant_id, str) and participant_id.isdecimal():
        participant_id = int(participant_id)
    participant = row_of(db, cafe, Participant, participant_id, errors.UnknownParticipant)
    if participant.table_number != table:
        raise errors.NotAtTable(table=table)
    return _make_host(db, cafe, participant, table)


def become_host(db: Session, participant: Participant, *, code: object) -> HostChange:
    """A participant who knows the host code becomes host of the table they sit at."""
    cafe: CafeSession = participant.session
    ensure_open(cafe)
    typed = normalise_join_code(code) if isinstance(code, str) else ""
    expected = cafe.host_code or ""
    if not expected or not hmac.compare_digest(typed.encode(), expected.encode()):
        raise errors.WrongHostCode()
    return _make_host(db, cafe, participant, participant.table_number)


def require_host(participant: Participant) -> None:
    """Raise :class:`NotHost` unless ``participant`` hosts the table they sit at."""
    if not is_host(participant):
        raise errors.NotHost()


def post_on_behalf(
    db: Session,
    participant: Participant,
    *,
    client_id: object,
    text: object,
    name: object,
    now: datetime,
) -> PostResult:
    """A host writes down an input for someone at the table who has no phone.

    The post is marked as such (and shown "written by the host for …"), so nobody
    mistakes it for the host's own view. Only hosts may do this.
    """
    require_host(participant)
    cleaned_name = clean_nickname(name)
    result = create_post(db, participant, client_id=client_id, text=text, now=now)
    if result.created:
        result.post.on_behalf = True
        result.post.on_behalf_name = cleaned_name
        db.flush()
    return result


def save_synthesis(
    db: Session, participant: Participant, *, text: object, now: datetime
) -> Synthesis:
    """Store (or replace) the host's synthesis of the current round at their table."""
    require_host(participant)
    cafe: CafeSession = participant.session
    ensure_open(cafe)
    if cafe.current_round < 1:
        raise errors.RoundNotStarted()
    if isinstance(text, str) and len(text.strip()) > MAX_SYNTHESIS_LENGTH:
        raise errors.PostTooLong(limit=MAX_SYNTHESIS_LENGTH)
    if not isinstance(text, str) or not text.strip():
        raise errors.EmptyPost()
    cleaned = text.strip()
    synthesis = db.scalar(
        select(Synthesis).where(
            Synthesis.session_id == cafe.id,
            Synthesis.table_number == participant.table_number,
            Synthesis.round_number == cafe.current_round,
        )
    )
    if synthesis is None:
        synthesis = Synthesis(
            session_id=cafe.id,
            table_number=participant.table_number,
            round_number=cafe.current_round,
            text=cleaned,
            author_id=participant.id,
            updated_at=now,
        )
        db.add(synthesis)
    else:
        synthesis.text = cleaned
        synthesis.author_id = participant.id
        synthesis.updated_at = now
    db.flush()
    return synthesis


def synthesis_tables(cafe: CafeSession, table: int) -> list[int]:
    """Whose phones hear of a synthesis saved at ``table`` now (the facilitators always do).

    During the rounds only its own table: the next group reads it when the question comes
    to them, and nobody else should see it early. In the harvest every table shows the
    harvest by question, so every table hears it.
    """
    if cafe.status == SessionStatus.HARVEST:
        return list(range(1, cafe.table_count + 1))
    return [table]


def synthesis_question(cafe: CafeSession, synthesis: Synthesis) -> int:
    """Index of the question a synthesis is about: the one its table had in its round."""
    return topic_index(
        synthesis.table_number, synthesis.round_number, len(questions_of(cafe)), cafe.rotation
    )


def syntheses_for_table(db: Session, cafe: CafeSession, table: int) -> list[Synthesis]:
    """What the group at ``table`` reads now, by round: the syntheses of earlier rounds
    about the question the table has now, and the table's own of this round (which its
    host edits).

    A synthesis belongs to its question. In ``topics`` mode the question came here from
    another table, and what the groups before said about it comes with it; what this
    table wrote earlier went on with its own questions. In ``people`` mode the question
    stays with the table, and so do its syntheses.
    """
    if cafe.rotation == "people":
        return list(
            db.scalars(
                select(Synthesis)
                .where(Synthesis.session_id == cafe.id, Synthesis.table_number == table)
                .order_by(Synthesis.round_number)
            )
        )
    current = max(cafe.current_round, 1)
    question = topic_index(table, current, len(questions_of(cafe)), cafe.rotation)
    return [
        s
        for s in syntheses_for_session(db, cafe)
        if (s.table_number == table and s.round_number == current)
        or (s.round_number < current and synthesis_question(cafe, s) == question)
    ]


def syntheses_for_session(db: Session, cafe: CafeSession) -> list[Synthesis]:
    """Every synthesis of the session, by round and table."""
    return list(db.scalars(_SYNTHESES, {"session_id": cafe.id}))
