"""A project's combined report: several cafés' summaries read together, as plain data.

An organiser who runs a series of cafés (one per district or target group) files one report
from all of them. This builds it from the cafés' own :class:`SessionSummary` objects, so it
inherits their rules rather than repeating them: hidden and pending inputs were never
compiled, and an anonymised café's inputs carry no name. It adds what only a series has:
totals across cafés, participation per café and per target group, and the questions several
cafés were asked (same text once spaces and case are ignored) side by side. Every export
format renders this one structure, so the Word, PDF, Excel and JSON files cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from dialogcafe.domain.summaries import (
    QuestionSummary,
    SessionSummary,
    SummaryPost,
)

# How many of a café's top inputs the side-by-side comparison of a question shows.
TOP_PER_CAFE = 3


def question_key(text: str) -> str:
    """What makes two cafés' questions the same one: the words, whatever their spacing or
    case ("Hva er et godt hjem?" and "hva er et  godt hjem?")."""
    return " ".join(text.split()).casefold()


def _posts(summary: SessionSummary) -> Iterable[SummaryPost]:
    return (post for table in summary.tables for s in table.rounds for post in s.posts)


@dataclass(frozen=True)
class Overview:
    """The totals across the project's cafés; ``places`` each once, in the cafés' order."""

    cafe_count: int
    first_date: date | None
    last_date: date | None
    places: tuple[str, ...]
    participant_count: int
    input_count: int
    likes: int
    dots: int
    table_count: int
    question_count: int
    synthesis_count: int
    hidden_count: int


@dataclass(frozen=True)
class CafeFigures:
    """One café's participation figures, numbered in the report's order (from 1)."""

    number: int
    title: str
    join_code: str
    target_group: str
    event_date: date | None
    place: str
    participants: int
    inputs: int
    tables: int
    rounds_held: int
    syntheses: int
    likes: int
    dots: int


@dataclass(frozen=True)
class GroupFigures:
    """The cafés for one target group together; ``target_group`` "" is the cafés that gave
    none. ``cafes`` are the cafés' numbers."""

    target_group: str
    cafes: tuple[int, ...]
    participants: int
    inputs: int
    syntheses: int


@dataclass(frozen=True)
class ThemeCount:
    """A theme of the café and how many of the question's inputs it gathered."""

    name: str
    inputs: int


@dataclass(frozen=True)
class CafeAnswer:
    """One café's column in a shared question: what its tables said about it."""

    cafe: int  # the café's number in the report
    title: str
    question: QuestionSummary
    themes: tuple[ThemeCount, ...]

    @property
    def top(self) -> tuple[SummaryPost, ...]:
        """The café's most voted inputs on the question (dots, then likes)."""
        return tuple(ranked.post for ranked in self.question.ranking[:TOP_PER_CAFE])


@dataclass(frozen=True)
class SharedQuestion:
    """A question several cafés were asked, with each café's answer in the report's order."""

    number: int
    text: str  # as the first café wrote it
    answers: tuple[CafeAnswer, ...]

    @property
    def input_count(self) -> int:
        return sum(answer.question.post_count for answer in self.answers)


@dataclass(frozen=True)
class ProjectReport:
    name: str
    description: str
    generated_at: datetime
    timezone: str
    overview: Overview
    cafes: tuple[SessionSummary, ...]
    figures: tuple[CafeFigures, ...]
    groups: tuple[GroupFigures, ...]
    shared_questions: tuple[SharedQuestion, ...]


def _figures(number: int, summary: SessionSummary) -> CafeFigures:
    posts = list(_posts(summary))
    return CafeFigures(
        number=number,
        title=summary.title,
        join_code=summary.join_code,
        target_group=" ".join(summary.target_group.split()),
        event_date=summary.event_date,
        place=summary.place,
        participants=summary.participant_count,
        inputs=len(posts),
        tables=len(summary.tables),
        rounds_held=summary.rounds_held,
        syntheses=summary.synthesis_count,
        likes=sum(post.likes for post in posts),
        dots=sum(post.dots for post in posts),
    )


def _groups(figures: Sequence[CafeFigures]) -> tuple[GroupFigures, ...]:
    """The cafés by target group (spelt alike once spaces and case are ignored), in the
    order the groups first appear; the cafés without one last."""
    found: dict[str, list[CafeFigures]] = {}
    for cafe in figures:
        found.setdefault(question_key(cafe.target_group), []).append(cafe)
    keys = [key for key in found if key] + ([""] if "" in found else [])
    return tuple(
        GroupFigures(
            target_group=found[key][0].target_group if key else "",
            cafes=tuple(cafe.number for cafe in found[key]),
            participants=sum(cafe.participants for cafe in found[key]),
            inputs=sum(cafe.inputs for cafe in found[key]),
            syntheses=sum(cafe.syntheses for cafe in found[key]),
        )
        for key in keys
    )


def _themes_of(summary: SessionSummary, question: QuestionSummary) -> tuple[ThemeCount, ...]:
    """The café's themes holding any of the question's inputs, with how many they hold."""
    ids = {post.id for item in question.rounds for post in item.section.posts}
    counts = (
        ThemeCount(theme.name, len(ids.intersection(theme.post_ids))) for theme in summary.themes
    )
    return tuple(theme for theme in counts if theme.inputs)


def _shared_questions(cafes: Sequence[SessionSummary]) -> tuple[SharedQuestion, ...]:
    """The questions more than one café had, in the order they first appear."""
    found: dict[str, list[CafeAnswer]] = {}
    for number, summary in enumerate(cafes, 1):
        for question in summary.questions:
            found.setdefault(question_key(question.topic), []).append(
                CafeAnswer(
                    cafe=number,
                    title=summary.title,
                    question=question,
                    themes=_themes_of(summary, question),
                )
            )
    shared = [answers for answers in found.values() if len({a.cafe for a in answers}) > 1]
    return tuple(
        SharedQuestion(number=number, text=answers[0].question.topic, answers=tuple(answers))
        for number, answers in enumerate(shared, 1)
    )


def _overview(cafes: Sequence[SessionSummary], figures: Sequence[CafeFigures]) -> Overview:
    dates = sorted(cafe.event_date for cafe in cafes if cafe.event_date)
    places = dict.fromkeys(cafe.place.strip() for cafe in cafes if cafe.place.strip())
    questions = {question_key(topic) for cafe in cafes for topic in cafe.topics}
    return Overview(
        cafe_count=len(cafes),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        places=tuple(places),
        participant_count=sum(cafe.participants for cafe in figures),
        input_count=sum(cafe.inputs for cafe in figures),
        likes=sum(cafe.likes for cafe in figures),
        dots=sum(cafe.dots for cafe in figures),
        table_count=sum(cafe.tables for cafe in figures),
        question_count=len(questions),
        synthesis_count=sum(cafe.syntheses for cafe in figures),
        hidden_count=sum(cafe.hidden_count for cafe in cafes),
    )


def build_project_report(
    name: str,
    description: str,
    summaries: Sequence[SessionSummary],
    *,
    now: datetime | None = None,
    timezone: str | None = None,
) -> ProjectReport:
    """The combined report of ``summaries`` (the cafés in the order the report lists them).

    ``now`` is when the report was made (by default the newest summary's time) and
    ``timezone`` the zone it writes times in (by default the first café's).
    """
    cafes = tuple(summaries)
    if now is None:
        if not cafes:
            raise ValueError("a report of no café needs the time it was made")
        now = max(cafe.generated_at for cafe in cafes)
    figures = tuple(_figures(number, cafe) for number, cafe in enumerate(cafes, 1))
    return ProjectReport(
        name=name,
        description=description,
        generated_at=now,
        timezone=timezone or (cafes[0].timezone if cafes else "UTC"),
        overview=_overview(cafes, figures),
        cafes=cafes,
        figures=figures,
        groups=_groups(figures),
        shared_questions=_shared_questions(cafes),
    )
