"""Compiling the harvest: every input grouped by table, round and question.

The summary is plain data (frozen dataclasses) so each export format renders the
same content, and tests can check it without parsing a file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from dialogcafe.models import CafeSession, Post
from dialogcafe.posting import posts_for_session
from dialogcafe.rotation import topic_index


@dataclass(frozen=True)
class SummaryInput:
    id: int
    created_at: datetime
    nickname: str
    text: str


@dataclass(frozen=True)
class RoundSection:
    """One round at one table: the question it had and what was said."""

    round: int
    topic: str
    inputs: tuple[SummaryInput, ...]


@dataclass(frozen=True)
class TableSummary:
    table: int
    rounds: tuple[RoundSection, ...]

    @property
    def input_count(self) -> int:
        return sum(len(section.inputs) for section in self.rounds)


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

    @property
    def input_count(self) -> int:
        return sum(table.input_count for table in self.tables)


def _summary_input(post: Post) -> SummaryInput:
    return SummaryInput(
        id=post.id, created_at=post.created_at, nickname=post.participant.nickname, text=post.text
    )


def build_session_summary(db: Session, cafe: CafeSession, *, now: datetime) -> SessionSummary:
    """Compile the whole session: per table, each held round with its question and inputs.

    Rounds are listed even when nobody wrote anything, so the report shows every question
    a table was given. The question is the one stored with the input; the schedule fills in
    rounds that have none.
    """
    by_table_round: dict[tuple[int, int], list[Post]] = defaultdict(list)
    for post in posts_for_session(db, cafe):
        by_table_round[(post.table_number, post.round_number)].append(post)
    topics = [topic.text for topic in cafe.topics]
    tables = []
    for table in range(1, cafe.table_count + 1):
        sections = []
        for rnd in range(1, cafe.current_round + 1):
            posts = by_table_round.get((table, rnd), [])
            topic = posts[0].topic.text if posts else topics[topic_index(table, rnd, len(topics))]
            sections.append(
                RoundSection(round=rnd, topic=topic, inputs=tuple(map(_summary_input, posts)))
            )
        tables.append(TableSummary(table=table, rounds=tuple(sections)))
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
    )
