"""Compiling the harvest: every visible input grouped by table, round and question.

The summary is plain data (frozen dataclasses) so each export format renders the
same content, and tests can check it without parsing a file. Besides the inputs it
carries what a report needs: the table hosts' syntheses, likes and dots per input,
the dot-vote ranking, and how many people took part at each table in each round.

Only visible inputs are ever compiled: pending (approve-first) and hidden inputs are
filtered here as well as in the query, so no change to a query can leak them into a
report; of the hidden ones only their number is kept. When the organiser asked for an
anonymised report, no name is compiled at all, so no export format can show one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from dialogcafe.domain.models import CafeSession, DotVote, Like, Participant, Post, Seat, Synthesis
from dialogcafe.domain.posting import is_visible, posts_for_session
from dialogcafe.domain.rotation import topic_index
from dialogcafe.domain.status import PostStatus
from dialogcafe.domain.themes import session_themes

RANKING_SIZE = 10


@dataclass(frozen=True)
class SummaryPost:
    id: int
    created_at: datetime
    nickname: str
    text: str
    likes: int = 0
    dots: int = 0
    # A table host wrote this for someone without a phone (the name is optional).
    on_behalf: bool = False
    on_behalf_name: str = ""
    # Written in its round, received after it ended (a phone that was offline).
    late: bool = False


@dataclass(frozen=True)
class RoundSection:
    """One round at one table: the question it had, what was said, and who was there.

    ``writers`` counts the people who wrote at least one visible input (an input a host
    wrote on behalf of someone counts that person: by name, or as one unnamed person).
    ``seated`` counts the people the seating recorded at the table that round, or is
    ``None`` when no seating was recorded for the round (the topics-move mode keeps
    people where they joined). ``participants`` is the figure reports show: everyone
    seated there or writing there; without a seating record, the writers.
    """

    round: int
    topic: str
    posts: tuple[SummaryPost, ...]
    synthesis: str = ""
    synthesis_at: datetime | None = None
    participants: int = 0
    writers: int = 0
    seated: int | None = None
    # The question's place in the session's list (1-based); 0 when not known.
    topic_number: int = 0

    @property
    def post_count(self) -> int:
        return len(self.posts)


@dataclass(frozen=True)
class TableSummary:
    table: int
    rounds: tuple[RoundSection, ...]

    @property
    def post_count(self) -> int:
        return sum(len(section.posts) for section in self.rounds)


@dataclass(frozen=True)
class RankedPost:
    """An input in the priorities list, with where it was said."""

    rank: int
    table: int
    round: int
    topic: str
    post: SummaryPost


@dataclass(frozen=True)
class ParticipationCell:
    """Participation figures for one table in one round (see :class:`RoundSection`)."""

    table: int
    round: int
    posts: int
    participants: int
    writers: int
    seated: int | None


@dataclass(frozen=True)
class QuestionRound:
    """What one table said about a question in one round (a :class:`RoundSection` seen
    from the question)."""

    table: int
    section: RoundSection


@dataclass(frozen=True)
class QuestionSummary:
    """One question of the session, for a report that follows the questions: every table
    and round that had it, and its own top inputs by votes."""

    number: int
    topic: str
    rounds: tuple[QuestionRound, ...]
    ranking: tuple[RankedPost, ...]

    @property
    def post_count(self) -> int:
        return sum(item.section.post_count for item in self.rounds)

    @property
    def syntheses(self) -> tuple[QuestionRound, ...]:
        """The written syntheses by round, then table, as the harvest by question lists
        them (``rounds`` goes by table, for the inputs)."""
        written = (item for item in self.rounds if item.section.synthesis)
        return tuple(sorted(written, key=lambda item: (item.section.round, item.table)))


@dataclass(frozen=True)
class ThemeSummary:
    """A theme of the harvest: its name, its visible inputs (by id) and their tables.
    ``host_table`` is set when a table host made it for their own table."""

    name: str
    post_ids: tuple[int, ...]
    tables: tuple[int, ...]
    host_table: int | None = None

    @property
    def input_count(self) -> int:
        return len(self.post_ids)


@dataclass(frozen=True)
class SessionSummary:
    title: str
    description: str
    join_code: str
    status: str
    round_count: int
    rounds_held: int
    topics: tuple[str, ...]
    generated_at: datetime
    tables: tuple[TableSummary, ...]
    # Top inputs by dots, then likes (only inputs that got any); at most RANKING_SIZE.
    ranking: tuple[RankedPost, ...] = ()
    # Everyone who joined the session, whether or not they wrote anything.
    participant_count: int = 0
    dots_per_participant: int = 0
    # Inputs moderation hid: a number only, never their text.
    hidden_count: int = 0
    # The report's title page (all optional) and its method line.
    event_date: date | None = None
    place: str = ""
    organiser: str = ""
    purpose: str = ""
    rotation: str = "topics"
    round_minutes: int = 0
    # No nickname anywhere: every SummaryPost was built without one.
    anonymous: bool = False
    # The IANA zone the reports write times in (DIALOGCAFE_TIMEZONE).
    timezone: str = "UTC"
    # The harvest's themes across tables, oldest first (themes.py).
    themes: tuple[ThemeSummary, ...] = ()
    # Whom the café was for (free text, optional): a project's report groups cafés by it.
    target_group: str = ""

    @property
    def post_count(self) -> int:
        return sum(table.post_count for table in self.tables)

    @property
    def questions(self) -> tuple[QuestionSummary, ...]:
        """Each question in the session's order, with the tables and rounds that had it
        (table by table, round by round) and its top inputs by votes."""
        found: dict[int, list[QuestionRound]] = defaultdict(list)
        for table in self.tables:
            for section in table.rounds:
                number = section.topic_number
                if not number and section.topic in self.topics:
                    number = self.topics.index(section.topic) + 1
                found[number].append(QuestionRound(table=table.table, section=section))
        return tuple(
            QuestionSummary(
                number=number,
                topic=topic,
                rounds=tuple(found.get(number, ())),
                ranking=_rank((item.table, item.section) for item in found.get(number, ())),
            )
            for number, topic in enumerate(self.topics, 1)
        )

    @property
    def synthesis_count(self) -> int:
        return sum(1 for table in self.tables for section in table.rounds if section.synthesis)

    @property
    def participation(self) -> tuple[ParticipationCell, ...]:
        """One cell per table and round held, table by table."""
        return tuple(
            ParticipationCell(
                table=table.table,
                round=section.round,
                posts=section.post_count,
                participants=section.participants,
                writers=section.writers,
                seated=section.seated,
            )
            for table in self.tables
            for section in table.rounds
        )


def _counts_per_post(
    db: Session, column: InstrumentedAttribute[int], cafe: CafeSession
) -> dict[int, int]:
    """Rows per post of the session in one grouped query (likes or dots)."""
    rows = db.execute(
        select(column, func.count())
        .join(Post, Post.id == column)
        .where(Post.session_id == cafe.id)
        .group_by(column)
    )
    return {post_id: count for post_id, count in rows}


def _syntheses(db: Session, cafe: CafeSession) -> dict[tuple[int, int], Synthesis]:
    rows = db.scalars(select(Synthesis).where(Synthesis.session_id == cafe.id))
    return {(row.table_number, row.round_number): row for row in rows if row.text.strip()}


def _seated(db: Session, cafe: CafeSession) -> dict[tuple[int, int], set[int]]:
    seated: dict[tuple[int, int], set[int]] = defaultdict(set)
    rows = db.execute(
        select(Seat.table_number, Seat.round_number, Seat.participant_id).where(
            Seat.session_id == cafe.id
        )
    )
    for table, rnd, participant_id in rows:
        seated[(table, rnd)].add(participant_id)
    return seated


def _writer_keys(posts: Iterable[Post]) -> set[str]:
    """Who wrote: participants by id; people without a phone by name, unnamed as one."""
    keys = set()
    for post in posts:
        if post.on_behalf:
            keys.add("behalf:" + post.on_behalf_name.strip().casefold())
        else:
            keys.add(f"participant:{post.participant_id}")
    return keys


def _summary_post(
    post: Post, likes: dict[int, int], dots: dict[int, int], *, anonymous: bool
) -> SummaryPost:
    """The input as the reports see it; with ``anonymous`` it carries no name at all."""
    return SummaryPost(
        id=post.id,
        created_at=post.created_at,
        nickname="" if anonymous else post.participant.nickname,
        text=post.text,
        likes=likes.get(post.id, 0),
        dots=dots.get(post.id, 0),
        on_behalf=post.on_behalf,
        on_behalf_name="" if anonymous else post.on_behalf_name,
        late=post.late,
    )


def rank_posts(tables: Iterable[TableSummary], limit: int = RANKING_SIZE) -> tuple[RankedPost, ...]:
    """The priorities: inputs with dots or likes, most dots first, then most likes."""
    return _rank(((table.table, section) for table in tables for section in table.rounds), limit)


def _rank(
    sections: Iterable[tuple[int, RoundSection]], limit: int = RANKING_SIZE
) -> tuple[RankedPost, ...]:
    candidates = [
        (table, section.round, section.topic, item)
        for table, section in sections
        for item in section.posts
        if item.dots or item.likes
    ]
    candidates.sort(key=lambda c: (-c[3].dots, -c[3].likes, c[3].created_at, c[3].id))
    return tuple(
        RankedPost(rank=rank, table=table, round=rnd, topic=topic, post=item)
        for rank, (table, rnd, topic, item) in enumerate(candidates[:limit], 1)
    )


def build_session_summary(
    db: Session, cafe: CafeSession, *, now: datetime, timezone: str = "UTC"
) -> SessionSummary:
    """Compile the whole session: per table, each held round with its question and inputs.

    Rounds are listed even when nobody wrote anything, so the report shows every question
    a table was given. The question is the one stored with the input; the schedule fills in
    rounds that have none. ``timezone`` is where the reports' readers are (their clock).
    """
    by_table_round: dict[tuple[int, int], list[Post]] = defaultdict(list)
    for post in posts_for_session(db, cafe):
        if is_visible(post):
            by_table_round[(post.table_number, post.round_number)].append(post)
    hidden = db.scalar(
        select(func.count())
        .select_from(Post)
        .where(Post.session_id == cafe.id, Post.status == PostStatus.HIDDEN)
    )
    likes = _counts_per_post(db, Like.post_id, cafe)
    dots = _counts_per_post(db, DotVote.post_id, cafe)
    syntheses = _syntheses(db, cafe)
    seated = _seated(db, cafe)
    rounds_with_seating = {rnd for (_table, rnd) in seated}
    topics = [topic.text for topic in cafe.topics]
    tables = []
    for table in range(1, cafe.table_count + 1):
        sections = []
        for rnd in range(1, cafe.current_round + 1):
            posts = by_table_round.get((table, rnd), [])
            position = (
                posts[0].topic.position
                if posts
                else topic_index(table, rnd, len(topics), cafe.rotation)
            )
            topic = posts[0].topic.text if posts else topics[position]
            writers = _writer_keys(posts)
            people = seated.get((table, rnd), set())
            has_seating = rnd in rounds_with_seating
            synthesis = syntheses.get((table, rnd))
            sections.append(
                RoundSection(
                    round=rnd,
                    topic=topic,
                    posts=tuple(
                        _summary_post(post, likes, dots, anonymous=cafe.anonymous_report)
                        for post in posts
                    ),
                    synthesis=synthesis.text.strip() if synthesis else "",
                    synthesis_at=synthesis.updated_at if synthesis else None,
                    participants=len(writers | {f"participant:{p}" for p in people}),
                    writers=len(writers),
                    seated=len(people) if has_seating else None,
                    topic_number=position + 1,
                )
            )
        tables.append(TableSummary(table=table, rounds=tuple(sections)))
    participant_count = db.scalar(
        select(func.count()).select_from(Participant).where(Participant.session_id == cafe.id)
    )
    return SessionSummary(
        title=cafe.title,
        description=cafe.description,
        join_code=cafe.join_code,
        status=cafe.status,
        round_count=cafe.round_count,
        rounds_held=cafe.current_round,
        topics=tuple(topics),
        generated_at=now,
        tables=tuple(tables),
        ranking=rank_posts(tables),
        participant_count=participant_count or 0,
        dots_per_participant=cafe.dots_per_participant,
        hidden_count=hidden or 0,
        event_date=cafe.event_date,
        place=cafe.place,
        organiser=cafe.organiser,
        purpose=cafe.purpose,
        rotation=cafe.rotation,
        round_minutes=cafe.round_minutes,
        anonymous=cafe.anonymous_report,
        timezone=timezone,
        themes=tuple(
            ThemeSummary(
                name=view.theme.name,
                post_ids=view.post_ids,
                tables=view.tables,
                host_table=view.theme.table_number,
            )
            for view in session_themes(db, cafe)
        ),
        target_group=cafe.target_group or "",
    )
