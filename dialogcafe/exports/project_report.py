"""A project's combined report as files: Word and PDF from one list of blocks, Excel, JSON.

The order is the one an organiser files: a title page (the project, its dates and places),
the contents, the figures across cafés, participation per café and per target group, the
questions several cafés were asked side by side (their inputs' number, top inputs, themes
and the tables' main points), then a chapter per café built from the very pieces of a café's
own report (``report.question_chapter``), so each visible input is listed once there, and
the method. The Word and PDF layouts are the café report's (``word_report``, ``pdf_report``).
"""

from __future__ import annotations

from dialogcafe.domain.errors import N_
from dialogcafe.domain.output_text import clean_strings
from dialogcafe.domain.project_report import CafeAnswer, ProjectReport, SharedQuestion
from dialogcafe.domain.summaries import SessionSummary
from dialogcafe.exports.files import MEDIA_TYPES, ExportFile
from dialogcafe.exports.labels import (
    Translate,
    format_date,
    format_moment,
    untranslated,
    votes_label,
)
from dialogcafe.exports.report import (
    ANONYMISED,
    Block,
    DocumentInfo,
    Field,
    Heading,
    PageBreak,
    Text,
    cafe_facts,
    grid,
    question_chapter,
    themes_blocks,
)

PROJECT_FORMATS = ("docx", "pdf", "xlsx", "json")
SUBJECT = N_("Combined report from the project's dialogue cafés")
NOT_GIVEN = N_("not given")


def date_range(report: ProjectReport, language: str) -> str:
    """ "1. desember 2026 – 14. januar 2027", one date when all were the same day; "" if none."""
    first, last = report.overview.first_date, report.overview.last_date
    if first is None or last is None:
        return ""
    if first == last:
        return format_date(first, language)
    return f"{format_date(first, language)} – {format_date(last, language)}"


def cafe_heading(number: int, summary: SessionSummary, t: Translate) -> str:
    return t(N_("Café {number}: {title}")).format(number=number, title=summary.title)


def _title_page(report: ProjectReport, t: Translate, language: str) -> list[Block]:
    overview = report.overview
    blocks: list[Block] = [Heading(0, report.name)]
    if report.description:
        blocks.append(Text(report.description))
    blocks.append(Text(t(SUBJECT)))
    groups = [group.target_group for group in report.groups if group.target_group]
    facts = (
        (N_("Dates"), date_range(report, language)),
        (N_("Places"), ", ".join(overview.places)),
        (N_("Cafés"), str(overview.cafe_count)),
        (N_("Target groups"), ", ".join(groups)),
    )
    blocks += [Field(t(label), value) for label, value in facts if value]
    created = format_moment(report.generated_at, report.timezone, language)
    blocks.append(Text(t(N_("Created {time}")).format(time=created), "muted"))
    return [*blocks, PageBreak()]


def _contents(report: ProjectReport, t: Translate) -> list[Block]:
    """The chapters in order, numbered as an organiser refers to them (a café by its number)."""
    chapters = [
        t(N_("Overview")),
        t(N_("Participation")),
        t(N_("Questions asked at several cafés")),
        *(cafe_heading(n, cafe, t) for n, cafe in enumerate(report.cafes, 1)),
        t(N_("Method")),
    ]
    lines = (Text(f"{number}. {chapter}") for number, chapter in enumerate(chapters, 1))
    return [Heading(1, t(N_("Contents"))), *lines]


def _overview(report: ProjectReport, t: Translate, language: str) -> list[Block]:
    overview = report.overview
    facts = (
        (N_("Cafés"), overview.cafe_count),
        (N_("Participants"), overview.participant_count),
        (N_("Inputs"), overview.input_count),
        (N_("Dots"), overview.dots),
        (N_("Likes"), overview.likes),
        (N_("Tables"), overview.table_count),
        (N_("Questions"), overview.question_count),
        (N_("The table's main points"), overview.synthesis_count),
    )
    blocks: list[Block] = [
        Heading(1, t(N_("Overview"))),
        *(Field(t(label), str(value)) for label, value in facts),
    ]
    if not report.cafes:
        return [*blocks, Text(t(N_("The project has no cafés yet.")))]
    rows = tuple(
        (
            str(cafe.number),
            cafe.title,
            format_date(cafe.event_date, language) if cafe.event_date else "–",
            cafe.place or "–",
            cafe.target_group or t(NOT_GIVEN),
        )
        for cafe in report.figures
    )
    header = ("#", t(N_("Café")), t(N_("Date")), t(N_("Place")), t(N_("Target group")))
    shares = {1: 2, 2: 1.4, 3: 1.6, 4: 1.6}
    return [*blocks, Heading(2, t(N_("The cafés"))), grid(header, rows, shares)]


def _participation(report: ProjectReport, t: Translate) -> list[Block]:
    blocks: list[Block] = [PageBreak(), Heading(1, t(N_("Participation")))]
    if not report.cafes:
        return [*blocks, Text(t(N_("The project has no cafés yet.")))]
    per_cafe = grid(
        (
            "#",
            t(N_("Café")),
            t(N_("Target group")),
            t(N_("People")),
            t(N_("Inputs")),
            t(N_("Tables")),
            t(N_("Rounds")),
        ),
        tuple(
            (
                str(cafe.number),
                cafe.title,
                cafe.target_group or t(NOT_GIVEN),
                str(cafe.participants),
                str(cafe.inputs),
                str(cafe.tables),
                str(cafe.rounds_held),
            )
            for cafe in report.figures
        ),
        {1: 1.4, 2: 1},
    )
    per_group = grid(
        (t(N_("Target group")), t(N_("Cafés")), t(N_("People")), t(N_("Inputs"))),
        tuple(
            (
                group.target_group or t(NOT_GIVEN),
                ", ".join(str(number) for number in group.cafes),
                str(group.participants),
                str(group.inputs),
            )
            for group in report.groups
        ),
        {0: 2, 1: 1},
    )
    note = N_(
        "People: everyone who joined the café on a phone. Cafés are numbered as in the "
        "overview; cafés with the same target group are counted together."
    )
    return [
        *blocks,
        Heading(2, t(N_("Per café"))),
        per_cafe,
        Heading(2, t(N_("Per target group"))),
        per_group,
        Text(t(note), "muted"),
    ]


def top_inputs_text(answer: CafeAnswer, t: Translate) -> str:
    """The café's top inputs on a question, numbered, each with its votes, a line each."""
    lines = [
        f"{rank}. {post.text} ({votes_label(post, t)})" for rank, post in enumerate(answer.top, 1)
    ]
    return "\n".join(lines) or "–"


def themes_text(answer: CafeAnswer) -> str:
    """The café's themes on a question with how many of its inputs each holds."""
    return "\n".join(f"{theme.name} ({theme.inputs})" for theme in answer.themes) or "–"


def _shared_question(question: SharedQuestion, t: Translate) -> list[Block]:
    heading = t(N_("Question {number}: {topic}")).format(
        number=question.number, topic=question.text
    )
    facts = t(N_("Cafés: {cafes} · Inputs: {inputs}")).format(
        cafes=len(question.answers), inputs=question.input_count
    )
    comparison = grid(
        (t(N_("Café")), t(N_("Inputs")), t(N_("Top inputs by votes")), t(N_("Themes"))),
        tuple(
            (
                f"{answer.cafe}. {answer.title}",
                str(answer.question.post_count),
                top_inputs_text(answer, t),
                themes_text(answer),
            )
            for answer in question.answers
        ),
        {0: 1.2, 2: 3, 3: 1.3},
    )
    blocks: list[Block] = [
        Heading(2, heading),
        Text(facts, "note"),
        comparison,
        Heading(3, t(N_("The table's main points"))),
    ]
    where = N_("{cafe} – table {table}, round {round}")
    written = [(answer, item) for answer in question.answers for item in answer.question.syntheses]
    for answer, item in written:
        label = t(where).format(cafe=answer.title, table=item.table, round=item.section.round)
        blocks += [Text(label, "label"), Text(item.section.synthesis, "quote")]
    if not written:
        blocks.append(Text(t(N_("No table wrote its main points."))))
    return blocks


def _questions(report: ProjectReport, t: Translate) -> list[Block]:
    blocks: list[Block] = [PageBreak(), Heading(1, t(N_("Questions asked at several cafés")))]
    if not report.shared_questions:
        return [*blocks, Text(t(N_("No question was asked at more than one café.")))]
    blocks.append(
        Text(
            t(
                N_(
                    "Each question below was asked at more than one café. The cafés' answers "
                    "are side by side: how many inputs, the top inputs by votes, the themes, "
                    "and what the tables summed up. Every input is in its café's chapter."
                )
            )
        )
    )
    for question in report.shared_questions:
        blocks += _shared_question(question, t)
    return blocks


def _cafe_chapter(number: int, summary: SessionSummary, t: Translate, language: str) -> list[Block]:
    """A café's chapter: its facts, figures, themes and each question as in its own report
    but for the top inputs (side by side in the questions' part): each input once."""
    blocks: list[Block] = [PageBreak(), Heading(1, cafe_heading(number, summary, t))]
    if summary.description:
        blocks.append(Text(summary.description))
    blocks += cafe_facts(summary, t, language)
    target = " ".join(summary.target_group.split())
    blocks.append(Field(t(N_("Target group")), target or t(NOT_GIVEN)))
    figures = N_(
        "Participants: {people} · Inputs: {inputs} · Tables: {tables} · "
        "Rounds held: {held} of {rounds} · Hidden by moderation: {hidden}"
    )
    blocks.append(
        Text(
            t(figures).format(
                people=summary.participant_count,
                inputs=summary.post_count,
                tables=len(summary.tables),
                held=summary.rounds_held,
                rounds=summary.round_count,
                hidden=summary.hidden_count,
            ),
            "muted",
        )
    )
    if summary.anonymous:
        blocks.append(Text(t(ANONYMISED), "muted"))
    blocks += themes_blocks(summary, t, level=2)
    for question in summary.questions:
        blocks += question_chapter(summary, question, t, language, level=2, ranking=False)
    return blocks


def _method(report: ProjectReport, t: Translate) -> list[Block]:
    anonymous = [str(n) for n, cafe in enumerate(report.cafes, 1) if cafe.anonymous]
    blocks: list[Block] = [
        PageBreak(),
        Heading(1, t(N_("Method"))),
        Text(
            t(
                N_(
                    "Each café was a World Café: people talked in small groups at tables, one "
                    "question per round, and wrote their inputs on their phones. Table hosts "
                    "wrote the table's main points."
                )
            )
        ),
        Text(
            t(
                N_(
                    "Questions count as the same when their words are the same, whatever the "
                    "spacing or capital letters. Top inputs have the most dots, then the most "
                    "likes."
                )
            )
        ),
        Text(
            t(N_("Inputs hidden by moderation: {count}. They are not in this report.")).format(
                count=report.overview.hidden_count
            )
        ),
    ]
    if anonymous:
        blocks.append(
            Text(
                t(N_("Anonymised cafés (no names are shown): {cafes}.")).format(
                    cafes=", ".join(anonymous)
                )
            )
        )
    return blocks


def project_blocks(report: ProjectReport, t: Translate, language: str) -> list[Block]:
    """The whole combined report, in order; its text is cleaned first (``output_text``)."""
    report = clean_strings(report)
    blocks = _title_page(report, t, language) + _contents(report, t)
    blocks += _overview(report, t, language) + _participation(report, t) + _questions(report, t)
    for number, summary in enumerate(report.cafes, 1):
        blocks += _cafe_chapter(number, summary, t, language)
    return blocks + _method(report, t)


def render_project(
    report: ProjectReport,
    fmt: str,
    stem: str,
    translate: Translate = untranslated,
    language: str = "",
) -> ExportFile:
    """One format of the combined report, named ``<stem>.<fmt>``.

    The libraries of each format are imported only when it is made, as for a café's report.
    """
    report = clean_strings(report)
    info = DocumentInfo(
        title=report.name,
        subject=translate(SUBJECT),
        keywords=", ".join(cafe.join_code for cafe in report.cafes),
        created=report.generated_at,
    )
    if fmt == "docx":
        from dialogcafe.exports.word_report import render_blocks_docx

        content = render_blocks_docx(
            project_blocks(report, translate, language), info, language=language
        )
    elif fmt == "pdf":
        from dialogcafe.exports.pdf_report import render_blocks_pdf

        content = render_blocks_pdf(
            project_blocks(report, translate, language), info, translate, language=language
        )
    elif fmt == "xlsx":
        from dialogcafe.exports.project_workbook import render_project_xlsx

        content = render_project_xlsx(report, translate, language)
    elif fmt == "json":
        from dialogcafe.exports.project_data import render_project_json

        content = render_project_json(report).encode("utf-8")
    else:
        raise ValueError(f"unknown project report format {fmt!r}")
    return ExportFile(name=f"{stem}.{fmt}", content=content, media_type=MEDIA_TYPES[fmt])
