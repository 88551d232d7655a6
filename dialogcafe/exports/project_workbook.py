"""A project's combined report as an Excel workbook, for organisers who sort and filter.

Five sheets: the overview (figures across cafés), the questions several cafés shared side by
side (a column group per café), every visible input once with its café, target group, table,
round, question, votes and theme, and participation per café and per target group. It uses
the café workbook's sheet filling (``spreadsheet.fill_sheet``), so a participant's text is
always a text cell here too, never a formula. No names: a project's sheet mixes cafés, and
some of them may be anonymised.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from openpyxl import Workbook

from dialogcafe.domain.errors import N_
from dialogcafe.domain.project_report import CafeAnswer, ProjectReport, SharedQuestion
from dialogcafe.domain.summaries import SessionSummary, SummaryPost
from dialogcafe.exports.labels import Translate, format_date
from dialogcafe.exports.project_report import NOT_GIVEN, date_range, themes_text, top_inputs_text
from dialogcafe.exports.spreadsheet import Column, fill_sheet, sheet_name


@dataclass(frozen=True)
class InputRow:
    cafe: str
    target_group: str
    table: int
    round: int
    question: str
    post: SummaryPost
    theme: str


def _input_rows(report: ProjectReport, t: Translate) -> list[InputRow]:
    rows = []
    for number, summary in enumerate(report.cafes, 1):
        themes = {post_id: theme.name for theme in summary.themes for post_id in theme.post_ids}
        target = " ".join(summary.target_group.split()) or t(NOT_GIVEN)
        rows += [
            InputRow(
                cafe=f"{number}. {summary.title}",
                target_group=target,
                table=table.table,
                round=section.round,
                question=section.topic,
                post=post,
                theme=themes.get(post.id, ""),
            )
            for table in summary.tables
            for section in table.rounds
            for post in section.posts
        ]
    return rows


def _answer_of(question: SharedQuestion, cafe: int) -> CafeAnswer | None:
    return next((answer for answer in question.answers if answer.cafe == cafe), None)


def _question_columns(report: ProjectReport, t: Translate) -> list[Column[SharedQuestion]]:
    """The question, then four columns per café that shares any question with another."""
    columns: list[Column[SharedQuestion]] = [
        Column(t(N_("Question")), 40, lambda q: q.text, wrap=True)
    ]
    sharing = sorted({answer.cafe for q in report.shared_questions for answer in q.answers})
    for number in sharing:
        name = f"{number}. {report.cafes[number - 1].title}"

        def cell(render: Callable[[CafeAnswer], Any], number: int = number) -> Any:
            """The café's value for a question, empty where the café did not have it."""

            def value(question: SharedQuestion) -> Any:
                answer = _answer_of(question, number)
                return "" if answer is None else render(answer)

            return value

        columns += [
            Column(
                t(N_("{cafe}: inputs")).format(cafe=name),
                14,
                cell(lambda a: a.question.post_count),
            ),
            Column(
                t(N_("{cafe}: top inputs")).format(cafe=name),
                50,
                cell(lambda a: top_inputs_text(a, t)),
                wrap=True,
            ),
            Column(
                t(N_("{cafe}: themes")).format(cafe=name),
                25,
                cell(themes_text),
                wrap=True,
            ),
            Column(
                t(N_("{cafe}: main points")).format(cafe=name),
                50,
                cell(lambda a: "\n\n".join(i.section.synthesis for i in a.question.syntheses)),
                wrap=True,
            ),
        ]
    return columns


def _overview_rows(report: ProjectReport, t: Translate, language: str) -> list[tuple[str, Any]]:
    overview = report.overview
    return [
        (t(N_("Project")), report.name),
        (t(N_("Description")), report.description),
        (t(N_("Dates")), date_range(report, language)),
        (t(N_("Places")), ", ".join(overview.places)),
        (t(N_("Cafés")), overview.cafe_count),
        (t(N_("Participants")), overview.participant_count),
        (t(N_("Inputs")), overview.input_count),
        (t(N_("Dots")), overview.dots),
        (t(N_("Likes")), overview.likes),
        (t(N_("Tables")), overview.table_count),
        (t(N_("Questions")), overview.question_count),
        (t(N_("The table's main points")), overview.synthesis_count),
        (t(N_("Inputs hidden by moderation")), overview.hidden_count),
    ]


def render_project_xlsx(report: ProjectReport, t: Translate, language: str = "") -> bytes:
    """The workbook (``report`` is clean already: ``render_project`` cleans it)."""
    workbook = Workbook()
    workbook.properties.title = report.name
    workbook.properties.creator = "Dialogkafé"
    workbook.properties.created = report.generated_at.astimezone(UTC).replace(tzinfo=None)
    if language:
        workbook.properties.language = language
    taken: set[str] = set()
    overview = workbook.active
    assert overview is not None  # a new workbook has its one sheet
    overview.title = sheet_name(t(N_("Overview")), taken)
    fill_sheet(
        overview,
        [
            Column[tuple[str, Any]](t(N_("Figure")), 34, lambda r: r[0]),
            Column[tuple[str, Any]](t(N_("Value")), 60, lambda r: r[1], wrap=True),
        ],
        _overview_rows(report, t, language),
    )
    questions = workbook.create_sheet(sheet_name(t(N_("Questions")), taken))
    fill_sheet(questions, _question_columns(report, t), report.shared_questions)
    inputs = workbook.create_sheet(sheet_name(t(N_("Inputs")), taken))
    fill_sheet(
        inputs,
        [
            Column[InputRow](t(N_("Café")), 28, lambda r: r.cafe, wrap=True),
            Column[InputRow](t(N_("Target group")), 20, lambda r: r.target_group, wrap=True),
            Column[InputRow](t(N_("Table")), 8, lambda r: r.table),
            Column[InputRow](t(N_("Round")), 8, lambda r: r.round),
            Column[InputRow](t(N_("Question")), 36, lambda r: r.question, wrap=True),
            Column[InputRow](t(N_("Input")), 60, lambda r: r.post.text, wrap=True),
            Column[InputRow](t(N_("Likes")), 8, lambda r: r.post.likes),
            Column[InputRow](t(N_("Dots")), 8, lambda r: r.post.dots),
            Column[InputRow](t(N_("Theme")), 24, lambda r: r.theme, wrap=True),
        ],
        _input_rows(report, t),
    )
    participation = workbook.create_sheet(sheet_name(t(N_("Participation")), taken))
    fill_sheet(
        participation,
        [
            Column(t(N_("Café")), 30, lambda c: f"{c.number}. {c.title}", wrap=True),
            Column(t(N_("Join code")), 12, lambda c: c.join_code),
            Column(
                t(N_("Date")),
                18,
                lambda c: format_date(c.event_date, language) if c.event_date else "",
            ),
            Column(t(N_("Place")), 20, lambda c: c.place, wrap=True),
            Column(t(N_("Target group")), 22, lambda c: c.target_group or t(NOT_GIVEN), wrap=True),
            Column(t(N_("People")), 10, lambda c: c.participants),
            Column(t(N_("Inputs")), 10, lambda c: c.inputs),
            Column(t(N_("Tables")), 10, lambda c: c.tables),
            Column(t(N_("Rounds")), 10, lambda c: c.rounds_held),
            Column(t(N_("The table's main points")), 14, lambda c: c.syntheses),
            Column(t(N_("Dots")), 8, lambda c: c.dots),
            Column(t(N_("Likes")), 8, lambda c: c.likes),
        ],
        report.figures,
    )
    groups = workbook.create_sheet(sheet_name(t(N_("Target groups")), taken))
    fill_sheet(
        groups,
        [
            Column(t(N_("Target group")), 30, lambda g: g.target_group or t(NOT_GIVEN), wrap=True),
            Column(
                t(N_("Cafés")),
                40,
                lambda g: ", ".join(_cafe_name(report.cafes, n) for n in g.cafes),
                wrap=True,
            ),
            Column(t(N_("People")), 10, lambda g: g.participants),
            Column(t(N_("Inputs")), 10, lambda g: g.inputs),
            Column(t(N_("The table's main points")), 14, lambda g: g.syntheses),
        ],
        report.groups,
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cafe_name(cafes: tuple[SessionSummary, ...], number: int) -> str:
    return f"{number}. {cafes[number - 1].title}"
