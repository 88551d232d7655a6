"""The Word report: a navigable outline, the chart, every visible input, and nothing hidden.

Documents are opened again with python-docx, the way a reader's software would see them.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zipfile import ZipFile

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from PIL import Image
from sqlalchemy.orm import Session

from dialogcafe.domain import posting, sessions
from dialogcafe.domain.models import CafeSession, DotVote, Like, Participant, Synthesis
from dialogcafe.domain.summaries import SessionSummary, build_session_summary
from dialogcafe.exports.files import (
    DOCX_MEDIA_TYPE,
    FORMATS,
    MEDIA_TYPES,
    render,
    write_summary_files,
)
from dialogcafe.exports.word_report import (
    ROUND_COLOURS,
    language_tag,
    participation_chart_png,
    render_docx,
)
from tests.unit.test_exports_harvest import harvest_summary


def _open(content: bytes) -> DocxDocument:
    return Document(io.BytesIO(content))


def _all_text(document: DocxDocument) -> str:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def _headings(document: DocxDocument) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Title"))
    ]


def test_the_report_has_a_title_and_heading_outline() -> None:
    document = _open(render_docx(harvest_summary()))
    headings = _headings(document)
    assert headings[0] == ("Title", "Et trygt hjem")
    top = [text for style, text in headings if style == "Heading 1"]
    assert top == ["Questions", "Participation", "Priorities (dot-voting)", "Table 1", "Table 2"]
    table1 = headings.index(("Heading 1", "Table 1"))
    assert headings[table1 + 1] == ("Heading 2", "Round 1: Trygg bolig")
    assert headings[table1 + 2] == ("Heading 3", "Table host's synthesis")
    assert headings[table1 + 3] == ("Heading 3", "Inputs")
    assert ("Heading 2", "Round 2: Trygg bolig") in headings[
        headings.index(("Heading 1", "Table 2")) :
    ]


def test_the_report_holds_the_chart_with_a_description() -> None:
    document = _open(render_docx(harvest_summary()))
    (chart,) = document.inline_shapes
    assert chart.width.cm == pytest.approx(16, abs=0.01)
    assert chart._inline.docPr.get("descr") == "Bar chart: inputs per table and round."
    with ZipFile(io.BytesIO(render_docx(harvest_summary()))) as package:
        (media,) = [n for n in package.namelist() if n.startswith("word/media/")]
        assert Image.open(io.BytesIO(package.read(media))).format == "PNG"


def test_the_report_has_every_input_with_votes_the_synthesis_and_the_tables() -> None:
    summary = harvest_summary()
    document = _open(render_docx(summary))
    text = _all_text(document)
    for table in summary.tables:
        for section in table.rounds:
            for item in section.posts:
                assert item.text in text
    assert "Mer tid til hver beboer — Kari (Likes: 3 · Dots: 5)" in text
    assert "Trygge trapper — on behalf of Astrid (Likes: 1 · Dots: 0)" in text
    quotes = [p.text for p in document.paragraphs if p.style and p.style.name == "Quote"]
    assert quotes == ["Tid og trygghet henger sammen.\n> Ikke et sitat"]
    participation, ranking = document.tables
    assert [c.text for c in participation.rows[0].cells] == [
        "Table",
        "Round",
        "Question",
        "People",
        "Inputs",
    ]
    assert [c.text for c in participation.rows[1].cells] == ["1", "1", "Trygg bolig", "4", "2"]
    assert len(participation.rows) == 1 + len(summary.participation)
    assert [c.text for c in ranking.rows[1].cells] == [
        "1",
        "Mer tid til hver beboer",
        "1",
        "1",
        "5",
        "3",
    ]
    assert "Participants: 7 · Syntheses: 1" in text


def test_the_report_follows_the_translation_and_declares_its_language() -> None:
    words = {"Table {table}": "Bord {table}", "Participation": "Deltakelse", "Inputs": "Innspill"}
    document = _open(render_docx(harvest_summary(), lambda m: words.get(m, m), language="nb"))
    headings = [text for _style, text in _headings(document)]
    assert "Bord 1" in headings and "Deltakelse" in headings and "Innspill" in headings
    assert document.core_properties.language == "nb-NO"
    assert document.core_properties.title == "Et trygt hjem"
    default_lang = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    assert default_lang[0].get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"
    ) == ("nb-NO")


@pytest.mark.parametrize(
    ("given", "tag"), [("nb", "nb-NO"), ("en", "en-GB"), ("nn_NO", "nn-NO"), ("", "")]
)
def test_language_tags(given: str, tag: str) -> None:
    assert language_tag(given) == tag


def test_a_session_without_rounds_has_no_chart() -> None:
    summary = harvest_summary()
    empty = SessionSummary(
        title=summary.title,
        description="",
        join_code="ABC234",
        status="draft",
        round_count=2,
        rounds_held=0,
        topics=summary.topics,
        generated_at=summary.generated_at,
        tables=(),
    )
    document = _open(render_docx(empty))
    assert len(document.inline_shapes) == 0
    assert "No rounds held yet." in _all_text(document)
    assert "No dots or likes were given." in _all_text(document)


def test_the_chart_is_a_print_sized_png_in_colour_blind_safe_colours() -> None:
    image = Image.open(io.BytesIO(participation_chart_png(harvest_summary())))
    assert (image.format, image.size) == ("PNG", (1600, 900))
    colours = {f"#{r:02X}{g:02X}{b:02X}" for _count, (r, g, b) in image.getcolors(1_000_000)}
    assert {ROUND_COLOURS[0], ROUND_COLOURS[1]} <= colours  # one colour per round held


# --- through the exports and the database ---------------------------------------------------


def test_docx_is_an_export_format_and_a_summary_file(tmp_path: Path) -> None:
    assert "docx" in FORMATS and MEDIA_TYPES["docx"] == DOCX_MEDIA_TYPE
    exported = render(harvest_summary(), "docx")
    assert exported.name == "dialogkafe-ABC234.docx"
    assert exported.content.startswith(b"PK")
    folder = write_summary_files(harvest_summary(), tmp_path, language="en")
    assert _open((folder / "summary.docx").read_bytes()).core_properties.language == "en-GB"
    assert json.loads((folder / "summary.json").read_text(encoding="utf-8"))["input_count"] == 4


def test_hidden_and_pending_inputs_stay_out_of_the_report(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> None:
    kari, ola = seat(cafe, table=1, nickname="Kari"), seat(cafe, table=2)
    sessions.advance_round(db, cafe, now=now)
    texts = {"visible": "Synlig innspill", "hidden": "Skjult innspill", "pending": "Venter"}
    stored = {}
    for n, (status, text) in enumerate(texts.items()):
        post = posting.create_post(
            db, kari, client_id=f"report-{n:03d}", text=text, now=now + timedelta(seconds=n)
        ).post
        post.status = status
        stored[status] = post
    db.add(Like(post_id=stored["hidden"].id, participant_id=ola.id, created_at=now))
    db.add(DotVote(post_id=stored["visible"].id, participant_id=ola.id, created_at=now))
    db.add(
        Synthesis(
            session_id=cafe.id, table_number=1, round_number=1, text="Oppsummert", updated_at=now
        )
    )
    db.flush()

    text = _all_text(_open(render_docx(build_session_summary(db, cafe, now=now))))
    assert "Synlig innspill — Kari (Likes: 0 · Dots: 1)" in text
    assert "Oppsummert" in text
    assert "Skjult innspill" not in text and "Venter" not in text
