"""Session lifecycle: create a café, start and advance its rounds, close it.

Lifecycle: ``draft`` (set up, people may join) → ``running`` (rounds 1..n) → ``harvest``
(the rounds are over: no new inputs or rounds; likes, dots and syntheses go on) →
``closed`` (read-only; summaries stay downloadable).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import bindparam, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, fields, report_details, sequence
from dialogcafe.domain.codes import (
    looks_like_join_code,
    new_host_code,
    new_join_code,
    normalise_join_code,
)
from dialogcafe.domain.errors import N_
from dialogcafe.domain.limits import (
    MAX_DESCRIPTION,
    MAX_ROUND_MINUTES,
    MAX_ROUNDS,
    MAX_TABLES,
    MAX_TITLE,
    MAX_TOPIC_LENGTH,
    MAX_TOPICS,
)
from dialogcafe.domain.models import (
    CafeSession,
    Facilitator,
    Project,
    ProjectCafe,
    ProjectMember,
    SessionMember,
    Topic,
)
from dialogcafe.domain.moving import seat_round
from dialogcafe.domain.questions import questions_of
from dialogcafe.domain.rotation import ROTATION_MODES, topic_index
from dialogcafe.domain.status import SessionStatus


class SessionState(Protocol):
    """What the lifecycle checks read: a :class:`CafeSession`, or a row of those columns
    (storing an input reads them with one Core query instead of loading the session)."""

    @property
    def status(self) -> str: ...

    @property
    def table_count(self) -> int: ...


@dataclass(frozen=True)
class SessionPlan:
    """Validated settings for a new session, whatever edge they came from."""

    title: str
    tables: int
    topics: tuple[str, ...]
    rounds: int
    round_minutes: int
    rotation: str = "topics"
    description: str = ""
    report: report_details.ReportDetails = field(default_factory=report_details.ReportDetails)


@dataclass(frozen=True)
class TableTopic:
    table: int
    topic_id: int
    topic: str


def clean_topics(topics: object) -> tuple[str, ...]:
    """The questions of a form or JSON body, trimmed and bounded: blank lines dropped, at
    least one, at most ``MAX_TOPICS`` of at most ``MAX_TOPIC_LENGTH`` characters each."""
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise errors.InvalidField(field="topics", problem=N_("must be a list of questions"))
    cleaned = tuple(t.strip() for t in topics if t.strip())
    if not cleaned:
        raise errors.InvalidField(field="topics", problem=N_("give at least one question"))
    if len(cleaned) > MAX_TOPICS:
        raise errors.InvalidField(
            field="topics", problem=N_("at most {limit} questions"), limit=MAX_TOPICS
        )
    for topic in cleaned:
        fields.text(topic, field="topics", max_length=MAX_TOPIC_LENGTH, required=True)
    return cleaned


def make_plan(
    *,
    title: object,
    tables: object,
    topics: object,
    rounds: object,
    round_minutes: object,
    rotation: object = "topics",
    description: object = "",
    report: Mapping[str, object] | None = None,
) -> SessionPlan:
    """Check raw values from a form or JSON body and build a :class:`SessionPlan`
    (``report``: the report's details given, see ``report_details``)."""
    cleaned = clean_topics(topics)
    if rotation not in ROTATION_MODES:
        raise errors.InvalidField(
            field="rotation",
            problem=N_("must be one of: {modes}"),
            modes=", ".join(ROTATION_MODES),
        )
    return SessionPlan(
        title=fields.text(title, field="title", max_length=MAX_TITLE, required=True),
        description=fields.text(description, field="description", max_length=MAX_DESCRIPTION),
        tables=fields.whole_number(tables, field="tables", minimum=1, maximum=MAX_TABLES),
        topics=cleaned,
        rounds=fields.whole_number(rounds, field="rounds", minimum=1, maximum=MAX_ROUNDS),
        round_minutes=fields.whole_number(
            round_minutes, field="round_minutes", minimum=1, maximum=MAX_ROUND_MINUTES
        ),
        rotation=str(rotation),
        report=report_details.make_details(report or {}),
    )


def create_session(
    db: Session, owner: Facilitator, plan: SessionPlan, *, now: datetime
) -> CafeSession:
    """Store a new session in ``draft`` with a fresh, unique join code."""
    for _attempt in range(10):
        code = new_join_code()
        if db.scalar(select(CafeSession.id).where(CafeSession.join_code == code)) is None:
            break
    else:  # pragma: no cover - 10 collisions in ~6.1 billion codes
        raise RuntimeError("could not find a free join code")
    cafe = CafeSession(
        facilitator_id=owner.id,
        title=plan.title,
        description=plan.description,
        join_code=code,
        host_code=new_host_code(),
        table_count=plan.tables,
        round_count=plan.rounds,
        round_minutes=plan.round_minutes,
        rotation=plan.rotation,
        status=SessionStatus.DRAFT,
        current_round=0,
        created_at=now,
        topics=[Topic(position=i, text=text) for i, text in enumerate(plan.topics)],
        event_date=plan.report.event_date,
        place=plan.report.place,
        organiser=plan.report.organiser,
        target_group=plan.report.target_group,
        purpose=plan.report.purpose,
        anonymous_report=plan.report.anonymous_report,
    )
    db.add(cafe)
    try:
        db.flush()
    except IntegrityError as exc:  # pragma: no cover - a concurrent twin took the code
        raise RuntimeError("join code collision") from exc
    return cafe


def sessions_of(db: Session, facilitator: Facilitator) -> list[CafeSession]:
    """The cafés the facilitator made or was let into, themselves or through a project,
    newest first."""
    shared = select(SessionMember.session_id).where(SessionMember.facilitator_id == facilitator.id)
    member_of = select(ProjectMember.project_id).where(
        ProjectMember.facilitator_id == facilitator.id
    )
    in_projects = (
        select(ProjectCafe.session_id)
        .join(Project, Project.id == ProjectCafe.project_id)
        .where(or_(Project.owner_id == facilitator.id, Project.id.in_(member_of)))
    )
    return list(
        db.scalars(
            select(CafeSession)
            .where(
                or_(
                    CafeSession.facilitator_id == facilitator.id,
                    CafeSession.id.in_(shared),
                    CafeSession.id.in_(in_projects),
                )
            )
            .order_by(CafeSession.created_at.desc(), CafeSession.id.desc())
        )
    )


# Built once: every page a phone loads runs it (building it cost more than running it).
_BY_JOIN_CODE = select(CafeSession).where(CafeSession.join_code == bindparam("code"))


def session_by_join_code(db: Session, raw_code: str) -> CafeSession:
    """Find the session for a typed or scanned join code."""
    code = normalise_join_code(raw_code)
    cafe = None
    if looks_like_join_code(code):
        cafe = db.scalar(_BY_JOIN_CODE, {"code": code})
    if cafe is None:
        raise errors.UnknownSession()
    return cafe


def table_topics(cafe: CafeSession) -> list[TableTopic]:
    """The question at each table in the current round (round 1's plan before the start)."""
    round_number = max(cafe.current_round, 1)
    questions = questions_of(cafe)
    result = []
    for table in range(1, cafe.table_count + 1):
        question = questions[topic_index(table, round_number, len(questions), cafe.rotation)]
        result.append(TableTopic(table=table, topic_id=question.id, topic=question.text))
    return result


def topic_for_table(cafe: CafeSession, table: int) -> TableTopic:
    """The question ``table`` discusses now (as in :func:`table_topics`, for one table)."""
    check_table(cafe, table)
    questions = questions_of(cafe)
    question = questions[
        topic_index(table, max(cafe.current_round, 1), len(questions), cafe.rotation)
    ]
    return TableTopic(table=table, topic_id=question.id, topic=question.text)


def check_table(cafe: SessionState, table: object) -> int:
    """Return ``table`` if it is a table of this session, else raise :class:`UnknownTable`."""
    if not fields.is_whole_number(table) or not 1 <= table <= cafe.table_count:
        raise errors.UnknownTable(table=table, table_count=cafe.table_count)
    return table


def ensure_open(cafe: SessionState) -> None:
    """Raise :class:`SessionClosed` for a closed session."""
    if cafe.status == SessionStatus.CLOSED:
        raise errors.SessionClosed()


def advance_round(db: Session, cafe: CafeSession, *, now: datetime) -> list[TableTopic]:
    """Start round 1, or move every table on to the next round, and set its end time."""
    ensure_open(cafe)
    if cafe.status == SessionStatus.HARVEST:
        raise errors.HarvestStarted()
    if cafe.current_round >= cafe.round_count:
        raise errors.NoMoreRounds(round_count=cafe.round_count)
    cafe.current_round += 1
    cafe.status = SessionStatus.RUNNING
    cafe.round_started_at = now
    cafe.round_ends_at = now + timedelta(minutes=cafe.round_minutes)
    cafe.paused_remaining = None  # a new round's clock runs, whatever the last one did
    sequence.resync(db, cafe)  # people may move table: reconnecting phones get it all anew
    db.flush()
    # Seat rows for the new round; in "people" mode this is where people move.
    # moving.round_seating(db, cafe) reports the moves from those rows afterwards.
    seat_round(db, cafe)
    return table_topics(cafe)


def close_session(db: Session, cafe: CafeSession, *, now: datetime) -> None:
    """End the session: no more inputs; the timer stops."""
    ensure_open(cafe)
    cafe.status = SessionStatus.CLOSED
    cafe.closed_at = now  # the data is kept for its retention period from here (retention.py)
    cafe.round_ends_at = None
    cafe.paused_remaining = None
    sequence.resync(db, cafe)
    db.flush()


def ensure_accepts_posts(cafe: SessionState) -> None:
    """New inputs only while the rounds run: not once the harvest or the close has begun."""
    ensure_open(cafe)
    if cafe.status == SessionStatus.HARVEST:
        raise errors.HarvestStarted()


def start_harvest(db: Session, cafe: CafeSession, *, now: datetime) -> None:
    """End the rounds (after the last one, or early) and open the harvest; the timer stops.

    Allowed only while running: a draft has had no rounds to harvest, and the harvest
    or a closed session cannot start it again.
    """
    ensure_open(cafe)
    if cafe.status != SessionStatus.RUNNING:
        raise errors.NotRunning()
    cafe.status = SessionStatus.HARVEST
    cafe.round_ends_at = None
    cafe.paused_remaining = None
    sequence.resync(db, cafe)  # every table's inputs may now be seen
    db.flush()
