"""The PDF report (the Word report's content on A4, read back with pypdf), and that an
anonymised session's files, in every format, hold no name."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zipfile import ZipFile

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from dialogcafe.config import load_config
from dialogcafe.domain import errors, fields, posting, sessions
from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.domain.summaries import build_session_summary
from dialogcafe.exports.files import FORMATS, MEDIA_TYPES, render, render_table
from dialogcafe.exports.labels import format_moment
from dialogcafe.exports.pdf_fonts import printable
from dialogcafe.exports.pdf_report import render_pdf
from tests.unit.test_exports_harvest import harvest_summary
from tests.unit.test_report_docx import late_and_themed_summary

A4_POINTS = (595.28, 841.89)


def _pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_the_pdf_is_a4_with_a_title_page_and_a_chapter_per_question() -> None:
    content = render_pdf(replace(harvest_summary(), place="Fjellsiden", timezone="Europe/Oslo"))
    reader = PdfReader(io.BytesIO(content))
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4_POINTS, abs=0.5)
    pages = _pdf_pages(content)
    assert "Et trygt hjem" in pages[0] and "Place: Fjellsiden" in pages[0]
    assert "Created 24 November 2026, 13:00" in pages[0]
    assert "Overview" in pages[1] and "Top inputs by votes" in pages[1]
    chapters = [
        n for n, text in enumerate(pages) if "\nQuestion 1:" in text or "\nQuestion 2:" in text
    ]
    assert len(chapters) == 2
    assert "Mer tid til hver beboer" in pages[chapters[0]]
    text = "\n".join(pages)
    assert "Moderation" in text and "World Café" in text
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Question 1: Trygg bolig" in outline and "Question 2: Medvirkning" in outline


def test_the_norwegian_pdf_writes_local_time_the_norwegian_way() -> None:
    content = render_pdf(replace(harvest_summary(), timezone="Europe/Oslo"), language="nb")
    assert "24. november 2026 kl. 13.00" in _pdf_pages(content)[0]


def test_characters_the_font_lacks_do_not_break_the_pdf() -> None:
    assert printable("Blåbær 👍🏽 Привіт") == "Blåbær ?? Привіт"
    assert printable("e\u0301 a\u200db") == "é ab"
    emoji = replace(harvest_summary(), title="Trygt 🏠 hjem\u200d")
    assert "Trygt ? hjem" in _pdf_pages(render_pdf(emoji))[0]


def test_pdf_is_an_export_format() -> None:
    assert "pdf" in FORMATS and MEDIA_TYPES["pdf"] == "application/pdf"
    exported = render(harvest_summary(), "pdf")
    assert exported.name == "dialogkafe-ABC234.pdf"
    assert exported.content.startswith(b"%PDF")


def test_a_late_input_is_marked_in_the_pdf_and_the_method_says_what_that_means() -> None:
    pages = _pdf_pages(render_pdf(late_and_themed_summary()))
    (chapter,) = [" ".join(page.split()) for page in pages if "\nQuestion 1: Trygg" in page]
    assert chapter.count("sent late") == 1  # the narrow time column wraps it
    assert "Trygge trapper on behalf of Astrid 12:02 sent late 1 0" in chapter
    method = next(page for page in pages if "\nMethod\n" in page)
    assert "“Sent late”: an input written during its round" in method
    plain = "\n".join(_pdf_pages(render_pdf(harvest_summary())))
    assert "sent late" not in plain.lower()


def test_the_norwegian_pdf_marks_a_late_input_in_norwegian() -> None:
    words = {"sent late": "sendt etter runden"}
    text = "\n".join(
        _pdf_pages(render_pdf(late_and_themed_summary(), lambda m: words.get(m, m), language="nb"))
    )
    assert "12.02 sendt etter runden" in " ".join(text.split())


def test_the_pdf_summary_page_lists_the_themes_with_their_inputs_and_tables() -> None:
    pages = _pdf_pages(render_pdf(late_and_themed_summary()))
    summary = next(page for page in pages if "\nOverview\n" in page)
    assert "\nThemes\n" in summary
    assert "Tid og omsorg: 2 inputs · tables 1" in summary
    assert "Å bli hørt: 3 inputs · tables 1, 2" in summary


# --- an anonymised session ------------------------------------------------------------------


def _readable(fmt: str, content: bytes) -> str:
    """What a reader of the file could find: the text, or every part of a zipped file."""
    if fmt == "pdf":
        return "\n".join(_pdf_pages(content))
    if content.startswith(b"PK"):
        with ZipFile(io.BytesIO(content)) as package:
            return "\n".join(
                package.read(name).decode("utf-8", "replace") for name in package.namelist()
            )
    return content.decode("utf-8")


def test_an_anonymised_session_shows_no_name_in_any_format(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    cafe.anonymous_report = True
    kari = seat(cafe, table=1, nickname="Kariøya")
    sessions.advance_round(db, cafe, now=now)
    posting.create_post(db, kari, client_id="anon-0001", text="Bedre lys", now=now)
    on_behalf = posting.create_post(
        db, kari, client_id="anon-0002", text="Flere benker", now=now + timedelta(seconds=1)
    ).post
    on_behalf.on_behalf, on_behalf.on_behalf_name = True, "Astridsen"
    db.flush()

    summary = build_session_summary(db, cafe, now=now)
    assert summary.anonymous
    assert {(p.nickname, p.on_behalf_name) for p in summary.tables[0].rounds[0].posts} == {("", "")}
    for fmt in FORMATS:
        text = _readable(fmt, render(summary, fmt, language="nb").content)
        assert "Bedre lys" in text, fmt
        assert "Kariøya" not in text and "Astridsen" not in text, fmt
    table = render_table(summary, 1).content.decode("utf-8")
    assert "Bedre lys" in table and "Kariøya" not in table
    assert (
        json.loads(render(summary, "json").content)["tables"][0]["rounds"][0]["inputs"][0][
            "nickname"
        ]
        == ""
    )


def test_a_table_summary_shows_that_tables_figures_only() -> None:
    summary = harvest_summary()
    text = render_table(summary, 2).content.decode("utf-8")
    assert "Inputs at this table: 1" in text
    assert "Inputs: 4" not in text and "Participants: 7" not in text


# --- the small rules the reports rest on ----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("nb", "1. desember 2026 kl. 17.10"),
        ("en", "1 December 2026, 17:10"),
        ("", "1 December 2026, 17:10"),
    ],
)
def test_times_are_written_on_the_organisers_clock(language: str, written: str) -> None:
    moment = datetime(2026, 12, 1, 16, 10, tzinfo=UTC)
    assert format_moment(moment, "Europe/Oslo", language) == written
    summer = datetime(2026, 6, 1, 15, 5, tzinfo=UTC)  # daylight saving: UTC+2
    assert format_moment(summer, "Europe/Oslo", "nb") == "1. juni 2026 kl. 17.05"


def test_a_report_date_is_a_calendar_day_or_nothing() -> None:
    assert fields.calendar_date("2026-12-01", field="event_date") == date(2026, 12, 1)
    assert fields.calendar_date("", field="event_date") is None
    assert fields.calendar_date(None, field="event_date") is None
    for wrong in ("2026-13-01", "1.12.2026", 20261201, "2026-12-01T10:00"):
        with pytest.raises(errors.InvalidField):
            fields.calendar_date(wrong, field="event_date")


def test_a_wrong_timezone_stops_the_start(tmp_path: Path) -> None:
    settings = {"DATA_DIR": tmp_path, "SECRET_KEY": "k"}
    assert load_config(settings)["TIMEZONE"] == "Europe/Oslo"
    with pytest.raises(ValueError, match="DIALOGCAFE_TIMEZONE"):
        load_config({**settings, "TIMEZONE": "Europe/Bergen"})
