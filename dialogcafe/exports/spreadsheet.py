"""The summary as an Excel workbook (XLSX), for organisers who sort and filter in a spreadsheet.

The CSV serves programs and keeps its columns for them; this one serves people: headers in the
report's language, a sheet of every input and one per question, numbers and times as numbers,
a frozen header row with a filter, readable column widths. openpyxl is imported only when a
workbook is made (``exports.files`` imports this module lazily), like the Word report's
libraries. A participant's text is always a text cell: nothing they write can become a
formula, a link or a number in the organiser's spreadsheet.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dialogcafe.domain.errors import N_
from dialogcafe.domain.output_text import clean_strings
from dialogcafe.domain.summaries import SessionSummary, SummaryPost
from dialogcafe.exports.csv_cells import FORMULA_START
from dialogcafe.exports.labels import Translate, untranslated

MAX_SHEET_NAME = 31  # Excel refuses longer sheet names
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_TIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Row:
    """One input with where it was said: a row of every sheet it appears on."""

    topic: str
    table: int
    round: int
    post: SummaryPost


R = TypeVar("R")


@dataclass(frozen=True)
class Column(Generic[R]):
    """A column: its header (a msgid), width in characters, and the cell of a row."""

    header: str
    width: int
    value: Callable[[R], Any]
    wrap: bool = False


def input_rows(summary: SessionSummary) -> list[Row]:
    """Every visible input, table by table and round by round, as the other formats list them."""
    return [
        Row(topic=section.topic, table=table.table, round=section.round, post=item)
        for table in summary.tables
        for section in table.rounds
        for item in section.posts
    ]


def rows_by_question(summary: SessionSummary) -> list[tuple[int, str, list[Row]]]:
    """Per question in the session's order (also one without inputs): its number, text and
    rows, table by table and round by round."""
    return [
        (
            question.number,
            question.topic,
            [
                Row(topic=item.section.topic, table=item.table, round=item.section.round, post=post)
                for item in question.rounds
                for post in item.section.posts
            ],
        )
        for question in summary.questions
    ]


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A name Excel accepts: without ``[]:*?/\\``, not starting or ending with ``'``, at most
    31 characters, and unlike every name in ``taken`` (Excel compares them case-blind)."""
    base = " ".join(_SHEET_NAME_FORBIDDEN.sub(" ", wanted).split()).strip(" '") or "-"
    name = base[:MAX_SHEET_NAME].rstrip(" '")
    number = 1
    while name.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: MAX_SHEET_NAME - len(suffix)].rstrip(" '") + suffix
    taken.add(name.casefold())
    return name


def _columns(rows: Sequence[Row], t: Translate, zone: ZoneInfo) -> list[Column[Row]]:
    """The columns: the author only when some input has one (an anonymised summary has
    none), lateness only when some input came late (from a phone that was offline)."""
    columns: list[Column[Row]] = [
        Column(t(N_("Question")), 40, lambda r: r.topic, wrap=True),
        Column(t(N_("Table")), 8, lambda r: r.table),
        Column(t(N_("Round")), 8, lambda r: r.round),
        Column(t(N_("Input")), 70, lambda r: r.post.text, wrap=True),
        Column(t(N_("Likes")), 10, lambda r: r.post.likes),
        Column(t(N_("Dots")), 10, lambda r: r.post.dots),
    ]
    if any(row.post.nickname for row in rows):
        columns.append(Column(t(N_("Author")), 20, lambda r: r.post.nickname, wrap=True))
    columns.append(Column(t(N_("On behalf of")), 20, lambda r: _on_behalf(r.post, t), wrap=True))
    if any(row.post.late for row in rows):
        columns.append(Column(t(N_("Late")), 8, lambda r: t(N_("yes")) if r.post.late else ""))
    columns.append(
        Column(
            t(N_("Time ({zone})")).format(zone=zone.key),
            17,
            lambda r: _excel_time(r.post.created_at, zone),
        )
    )
    return columns


def _on_behalf(item: SummaryPost, t: Translate) -> str:
    """Whom a host wrote the input for: the name, or a word for an unnamed person."""
    if not item.on_behalf:
        return ""
    return item.on_behalf_name or t(N_("someone without a phone"))


def _excel_time(moment: datetime, zone: ZoneInfo) -> datetime:
    """The time on the organisers' clock, without a zone: Excel's times have none (openpyxl
    refuses aware ones), so the zone is named in the column's header."""
    return moment.astimezone(zone).replace(tzinfo=None)


def fill_sheet(sheet: Worksheet, columns: Sequence[Column[R]], rows: Sequence[R]) -> None:
    """Header, rows, widths, frozen header and filter; every string is stored as text."""
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for number, column in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=number, value=column.header)
        cell.data_type = "s"
        cell.font = bold
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    for row_number, row in enumerate(rows, 2):
        for number, column in enumerate(columns, 1):
            value = column.value(row)
            cell = sheet.cell(row=row_number, column=number, value=value)
            cell.alignment = wrapped if column.wrap else top
            if isinstance(value, str):
                # openpyxl makes "=…" a formula: stored as a string, it is shown, never run,
                # and the quote prefix keeps it text when someone edits the cell.
                cell.data_type = "s"
                if value.startswith(FORMULA_START):
                    cell.quotePrefix = True
            elif isinstance(value, datetime):
                cell.number_format = _TIME_FORMAT
    sheet.freeze_panes = "A2"
    last = f"{get_column_letter(len(columns))}{max(len(rows), 1) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"


def render_xlsx(
    summary: SessionSummary, translate: Translate = untranslated, language: str = ""
) -> bytes:
    """The workbook: "All inputs" (one row per visible input), then one sheet per question
    in the session's order, each with the same columns, so rows can be copied between them.

    ``language`` (e.g. "nb") is recorded in the file's properties.
    """
    summary = clean_strings(summary)
    zone = ZoneInfo(summary.timezone)
    rows = input_rows(summary)
    columns = _columns(rows, translate, zone)
    workbook = Workbook()
    workbook.properties.title = summary.title
    workbook.properties.creator = "Dialogkafé"
    workbook.properties.created = summary.generated_at.astimezone(UTC).replace(tzinfo=None)
    if language:
        workbook.properties.language = language
    taken: set[str] = set()
    everything = workbook.active
    assert everything is not None  # a new workbook has its one sheet
    everything.title = sheet_name(translate(N_("All inputs")), taken)
    fill_sheet(everything, columns, rows)
    for number, topic, topic_rows in rows_by_question(summary):
        sheet = workbook.create_sheet(sheet_name(f"{number}. {topic}", taken))
        fill_sheet(sheet, columns, topic_rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
