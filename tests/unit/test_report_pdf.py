"""The PDF report (the Word report's content on A4, read back with pypdf), and that an
anonymised session's files, in every format, hold no name."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from zipfile import ZipFile

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from dialogcafe.domain import posting, sessions
from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.domain.summaries import build_session_summary
from dialogcafe.exports.files import FORMATS, MEDIA_TYPES, render, render_table
from dialogcafe.exports.pdf_report import printable, render_pdf
from tests.unit.test_exports_harvest import harvest_summary

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
    assert "Summary" in pages[1] and "Top inputs by votes" in pages[1]
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
