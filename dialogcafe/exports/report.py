"""What the report an organiser files holds, once, for both the Word and the PDF file.

The report follows the questions: a title page (when, where, who, why), a summary page,
a chapter per question (its syntheses, its top inputs by votes, then every input by table
and round), participation, what moderation hid (a number only) and a line on the method.
It is built here as a list of plain blocks, so ``word_report`` and ``pdf_report`` only
lay the blocks out and cannot drift apart in content. Column widths are in centimetres of
the A4 text width (:data:`TEXT_WIDTH_CM`): each short column as wide as its longest word
(header included, in the report's language), the text columns share the rest, so no word
is ever split over two lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dialogcafe.domain.errors import N_
from dialogcafe.domain.output_text import clean_strings
from dialogcafe.domain.summaries import (
    QuestionSummary,
    RankedPost,
    SessionSummary,
    SummaryPost,
)
from dialogcafe.exports.labels import (
    Translate,
    author_label,
    format_clock,
    format_date,
    format_moment,
)

# A4 is 21 cm wide; 2.5 cm margins leave 16 cm for text.
PAGE_MARGIN_CM = 2.5
TEXT_WIDTH_CM = 16.0
# A generous width per character of 9 pt bold text, and a cell's padding (both in cm).
_CHAR_CM = 0.22
_PADDING_CM = 0.5
ANONYMISED = N_("The report is anonymised: it shows no names.")


@dataclass(frozen=True)
class Heading:
    """Level 0 is the report's title; 1 a chapter, 2 to 4 its parts."""

    level: int
    text: str


@dataclass(frozen=True)
class Text:
    """A paragraph: ``body``, ``muted`` (small grey notes), ``note`` (a muted line kept on
    the page of what follows it), ``quote`` (a synthesis) or ``label`` (bold, what the next
    quote is)."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Field:
    """A fact on the title and summary pages: a bold label, then its value."""

    label: str
    value: str


@dataclass(frozen=True)
class Grid:
    """A table whose header row repeats on each page; ``widths`` in cm, summing to the
    text width."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    png: bytes
    description: str
    caption: str


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class DocumentInfo:
    """What a report file says about itself (its properties), beside its blocks."""

    title: str
    subject: str
    keywords: str
    created: datetime


Block = Heading | Text | Field | Grid | Chart | PageBreak


def cafe_document_info(summary: SessionSummary, t: Translate) -> DocumentInfo:
    """A café report file's properties: its title, subject, join code and date."""
    return DocumentInfo(
        title=summary.title,
        subject=t(N_("Report from a dialogue café")),
        keywords=summary.join_code,
        created=summary.generated_at,
    )


def grid(
    header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], shares: dict[int, float]
) -> Grid:
    """A grid whose columns in ``shares`` (by index: their share) split what the others
    leave; every other column is as wide as its longest word."""
    fitted = {
        index: _PADDING_CM
        + _CHAR_CM * max(len(word) for text in column for word in [*text.split(), ""])
        for index, column in enumerate(zip(header, *rows, strict=True))
        if index not in shares
    }
    rest = TEXT_WIDTH_CM - sum(fitted.values())
    total = sum(shares.values())
    widths = tuple(
        round(fitted[index] if index in fitted else rest * shares[index] / total, 2)
        for index in range(len(header))
    )
    return Grid(header=header, rows=rows, widths=widths)


def _ranking_grid(
    ranking: tuple[RankedPost, ...], t: Translate, questions: dict[tuple[int, int], int] | None
) -> Grid:
    """The top inputs by votes: in a question's chapter with their table and round; on the
    summary page (``questions``: the question each table and round had) with their question,
    leaving the input room."""
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    if questions is None:
        header = (t(N_("Table")), t(N_("Round")))
        rows = [(str(r.table), str(r.round)) for r in ranking]
    else:
        header = (t(N_("Question")),)
        rows = [(str(questions.get((r.table, r.round), "")),) for r in ranking]
    return grid(
        ("#", t(N_("Input")), *header, t(N_("Dots")), t(N_("Likes"))),
        tuple(
            (str(r.rank), r.post.text, *where, str(r.post.dots), str(r.post.likes))
            for r, where in zip(ranking, rows, strict=True)
        ),
        {1: 1},
    )


def cafe_facts(summary: SessionSummary, t: Translate, language: str) -> list[Block]:
    """When, where, by whom and why the café was held: the facts given (none is required)."""
    facts = (
        (N_("Date"), format_date(summary.event_date, language) if summary.event_date else ""),
        (N_("Place"), summary.place),
        (N_("Organiser"), summary.organiser),
        (N_("Target group"), summary.target_group),
        (N_("Purpose"), summary.purpose),
    )
    return [Field(t(label), value) for label, value in facts if value]


def _title_page(summary: SessionSummary, t: Translate, language: str) -> list[Block]:
    blocks: list[Block] = [Heading(0, summary.title)]
    if summary.description:
        blocks.append(Text(summary.description))
    blocks.append(Text(t(N_("Report from a dialogue café"))))
    blocks += cafe_facts(summary, t, language)
    created = format_moment(summary.generated_at, summary.timezone, language)
    blocks.append(Text(t(N_("Created {time}")).format(time=created), "muted"))
    return [*blocks, PageBreak()]


def themes_blocks(summary: SessionSummary, t: Translate, level: int = 2) -> list[Block]:
    """The themes inputs were gathered into across tables, with their inputs and tables."""
    if not summary.themes:
        return []
    blocks: list[Block] = [Heading(level, t(N_("Themes")))]
    for theme in summary.themes:
        tables = ", ".join(str(table) for table in theme.tables) or "–"
        facts = t(N_("{count} inputs · tables {tables}")).format(
            count=theme.input_count, tables=tables
        )
        blocks.append(Field(theme.name, facts))
    return blocks


def _summary_page(summary: SessionSummary, t: Translate) -> list[Block]:
    blocks: list[Block] = [
        Heading(1, t(N_("Overview"))),
        Field(t(N_("Participants")), str(summary.participant_count)),
        Field(t(N_("Inputs")), str(summary.post_count)),
        Field(
            t(N_("Rounds")),
            t(N_("{held} of {total} held")).format(
                held=summary.rounds_held, total=summary.round_count
            ),
        ),
        Field(t(N_("Tables")), str(len(summary.tables))),
        Field(t(N_("The table's main points")), str(summary.synthesis_count)),
        Heading(2, t(N_("Questions"))),
        *(Text(f"{number}. {topic}") for number, topic in enumerate(summary.topics, 1)),
        Heading(2, t(N_("Top inputs by votes"))),
    ]
    if summary.ranking:
        questions = {
            (item.table, item.section.round): question.number
            for question in summary.questions
            for item in question.rounds
        }
        blocks.append(_ranking_grid(summary.ranking, t, questions))
    else:
        blocks.append(Text(t(N_("No dots or likes were given."))))
    return [*blocks, *themes_blocks(summary, t)]


def _time(post: SummaryPost, summary: SessionSummary, t: Translate, language: str) -> str:
    """When an input was written, and on a line of its own whether it came after its round
    had ended (written on a phone that was offline): issue 13 wants it marked."""
    clock = format_clock(post.created_at, summary.timezone, language)
    return f"{clock}\n{t(N_('sent late'))}" if post.late else clock


def question_chapter(
    summary: SessionSummary,
    question: QuestionSummary,
    t: Translate,
    language: str,
    level: int = 1,
    *,
    ranking: bool = True,
) -> list[Block]:
    """A question's chapter: its syntheses, top inputs and every input by table and round.
    ``level`` is its heading's (1 in a café's report; 2 inside a café's chapter of a
    project's report), its parts one and two levels below. Without ``ranking`` the top
    inputs are left out (a project's report compares them elsewhere), so every input is
    listed exactly once."""
    heading = t(N_("Question {number}: {topic}")).format(
        number=question.number, topic=question.topic
    )
    tables = len({item.table for item in question.rounds})
    blocks: list[Block] = [
        Heading(level, heading),
        Text(
            t(N_("Tables: {tables} · Rounds: {rounds} · Inputs: {inputs}")).format(
                tables=tables, rounds=len(question.rounds), inputs=question.post_count
            ),
            "note",
        ),
        Heading(level + 1, t(N_("The table's main points"))),
    ]
    where = N_("Table {table}, round {round}")
    for item in question.syntheses:
        blocks.append(Text(t(where).format(table=item.table, round=item.section.round), "label"))
        blocks.append(Text(item.section.synthesis, "quote"))
    if not question.syntheses:
        blocks.append(Text(t(N_("No table wrote its main points."))))
    if ranking:
        blocks.append(Heading(level + 1, t(N_("Top inputs by votes"))))
        if question.ranking:
            blocks.append(_ranking_grid(question.ranking, t, None))
        else:
            blocks.append(Text(t(N_("No dots or likes were given."))))
    blocks.append(Heading(level + 1, t(N_("All inputs"))))
    if not question.rounds:
        blocks.append(Text(t(N_("No table had this question."))))
    for item in question.rounds:
        section = item.section
        blocks.append(Heading(level + 2, t(where).format(table=item.table, round=section.round)))
        if not section.posts:
            blocks.append(Text(t(N_("No inputs."))))
            continue
        named = not summary.anonymous
        header = (
            t(N_("Input")),
            *((t(N_("Written by")),) if named else ()),
            t(N_("Time")),
            t(N_("Likes")),
            t(N_("Dots")),
        )
        rows = tuple(
            (
                post.text,
                *((author_label(post, t),) if named else ()),
                _time(post, summary, t, language),
                str(post.likes),
                str(post.dots),
            )
            for post in section.posts
        )
        blocks.append(grid(header, rows, {0: 3, 1: 1} if named else {0: 1}))
    return blocks


def _participation(summary: SessionSummary, t: Translate) -> list[Block]:
    # Pillow (8 MiB) only when a report is made: the report's blocks are built for the
    # combined project report too, whose module a server imports at start.
    from dialogcafe.exports.chart import participation_chart_png

    blocks: list[Block] = [PageBreak(), Heading(1, t(N_("Participation")))]
    if not summary.participation:
        return [*blocks, Text(t(N_("No rounds held yet.")))]
    topics = {(table.table, s.round): s.topic for table in summary.tables for s in table.rounds}
    return [
        *blocks,
        Chart(
            png=participation_chart_png(summary, t),
            description=t(N_("Bar chart: inputs per table and round.")),
            caption=t(N_("Inputs per table and round.")),
        ),
        grid(
            (t(N_("Table")), t(N_("Round")), t(N_("Question")), t(N_("People")), t(N_("Inputs"))),
            tuple(
                (
                    str(cell.table),
                    str(cell.round),
                    topics[(cell.table, cell.round)],
                    str(cell.participants),
                    str(cell.posts),
                )
                for cell in summary.participation
            ),
            {2: 1},
        ),
        Text(
            t(
                N_(
                    "People: those seated at the table in that round, and anyone who wrote "
                    "there; where no seating was recorded, those who wrote at least one input."
                )
            ),
            "muted",
        ),
    ]


def _moderation_and_method(summary: SessionSummary, t: Translate) -> list[Block]:
    if summary.rotation == "people":
        rotation = N_("Each table kept its question; people moved to other tables between rounds.")
    else:
        rotation = N_("People stayed at their tables; the questions moved one table on each round.")
    if summary.dots_per_participant:
        voting = t(
            N_(
                "Dot-voting: each participant had {dots} dots to give the inputs they found "
                "most important; the top inputs are ranked by dots, then likes."
            )
        ).format(dots=summary.dots_per_participant)
    else:
        voting = t(N_("There was no dot-voting; the top inputs are ranked by likes."))
    blocks: list[Block] = [
        PageBreak(),  # a page of its own: the method never trails onto a page alone
        Heading(1, t(N_("Moderation"))),
        Text(
            t(N_("Inputs hidden by moderation: {count}. They are not in this report.")).format(
                count=summary.hidden_count
            )
        ),
        Heading(1, t(N_("Method"))),
        Text(
            t(
                N_(
                    "World Café: people talk in small groups at {tables} tables, one question "
                    "per round, and write their inputs on their phones; {held} of {rounds} "
                    "rounds of {minutes} minutes were held."
                )
            ).format(
                tables=len(summary.tables),
                held=summary.rounds_held,
                rounds=summary.round_count,
                minutes=summary.round_minutes,
            )
        ),
        Text(t(rotation)),
        Text(voting),
    ]
    if any(post.late for table in summary.tables for s in table.rounds for post in s.posts):
        blocks.append(
            Text(
                t(
                    N_(
                        "“Sent late”: an input written during its round but received after "
                        "the round had ended, from a phone that was offline for a while; it is "
                        "listed under the round it was written in."
                    )
                )
            )
        )
    if summary.anonymous:
        blocks.append(Text(t(ANONYMISED)))
    return blocks


def report_blocks(summary: SessionSummary, t: Translate, language: str) -> list[Block]:
    """The whole report, in order; the summary's text is cleaned first (``output_text``),
    so a stored control character cannot break either file."""
    summary = clean_strings(summary)
    blocks = _title_page(summary, t, language) + _summary_page(summary, t)
    for question in summary.questions:
        blocks += [PageBreak(), *question_chapter(summary, question, t, language)]
    return blocks + _participation(summary, t) + _moderation_and_method(summary, t)
