"""The Word report: A4, a chapter per question, the chart, every visible input, nothing hidden.

Documents are opened again with python-docx, the way a reader's software would see them.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zipfile import ZipFile

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.table import Table
from PIL import Image
from sqlalchemy.orm import Session

from dialogcafe.domain import posting, sessions
from dialogcafe.domain.models import CafeSession, DotVote, Like, Participant, Synthesis
from dialogcafe.domain.summaries import SessionSummary, ThemeSummary, build_session_summary
from dialogcafe.exports.chart import ROUND_COLOURS, participation_chart_png
from dialogcafe.exports.files import (
    DOCX_MEDIA_TYPE,
    FORMATS,
    MEDIA_TYPES,
    render,
    write_summary_files,
)
from dialogcafe.exports.word_report import language_tag, render_docx
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


def test_the_report_is_a4_with_a_title_page_and_a_chapter_per_question() -> None:
    summary = replace(
        harvest_summary(),
        event_date=date(2026, 12, 1),
        place="Fjellsiden bydelshus",
        organiser="Bergen kommune",
        target_group="Unge voksne",
        purpose="Høre beboerne",
        timezone="Europe/Oslo",
    )
    document = _open(render_docx(summary))
    for section in document.sections:
        assert section.page_width.cm == pytest.approx(21, abs=0.01)
        assert section.page_height.cm == pytest.approx(29.7, abs=0.01)
        assert section.left_margin.cm == pytest.approx(2.5, abs=0.01)
    headings = _headings(document)
    assert headings[0] == ("Title", "Et trygt hjem")
    top = [text for style, text in headings if style == "Heading 1"]
    assert top == [
        "Overview",
        "Question 1: Trygg bolig",
        "Question 2: Medvirkning",
        "Participation",
        "Moderation",
        "Method",
    ]
    text = _all_text(document)
    for line in (
        "Date: 1 December 2026",
        "Place: Fjellsiden bydelshus",
        "Organiser: Bergen kommune",
        "Target group: Unge voksne",
        "Purpose: Høre beboerne",
        "Created 24 November 2026, 13:00",  # NOW in Europe/Oslo
    ):
        assert line in text
    question1 = headings.index(("Heading 1", "Question 1: Trygg bolig"))
    assert headings[question1 + 1 : question1 + 6] == [
        ("Heading 2", "The table's main points"),
        ("Heading 2", "Top inputs by votes"),
        ("Heading 2", "All inputs"),
        ("Heading 3", "Table 1, round 1"),
        ("Heading 3", "Table 2, round 2"),
    ]


def test_the_report_holds_the_chart_with_a_description() -> None:
    document = _open(render_docx(harvest_summary()))
    (chart,) = document.inline_shapes
    assert chart.width.cm == pytest.approx(16, abs=0.01)
    assert chart._inline.docPr.get("descr") == "Bar chart: inputs per table and round."
    with ZipFile(io.BytesIO(render_docx(harvest_summary()))) as package:
        (media,) = [n for n in package.namelist() if n.startswith("word/media/")]
        assert Image.open(io.BytesIO(package.read(media))).format == "PNG"


def test_the_report_has_every_input_the_synthesis_the_tables_and_the_method() -> None:
    summary = replace(harvest_summary(), hidden_count=2, round_minutes=20, timezone="Europe/Oslo")
    document = _open(render_docx(summary))
    text = _all_text(document)
    for table in summary.tables:
        for section in table.rounds:
            for item in section.posts:
                assert item.text in text
    quotes = [p.text for p in document.paragraphs if p.style and p.style.name == "Quote"]
    assert quotes == ["Tid og trygghet henger sammen.\n> Ikke et sitat"]
    rows: dict[tuple[str, ...], Table] = {}
    for table in document.tables:  # the first table of each kind
        rows.setdefault(tuple(c.text for c in table.rows[0].cells), table)
    inputs = rows[("Input", "Written by", "Time", "Likes", "Dots")]
    assert [c.text for c in inputs.rows[1].cells] == [
        "Mer tid til hver beboer",
        "Kari",
        "13:01",
        "3",
        "5",
    ]
    assert [c.text for c in inputs.rows[2].cells][1] == "on behalf of Astrid"
    participation = rows[("Table", "Round", "Question", "People", "Inputs")]
    assert [c.text for c in participation.rows[1].cells] == ["1", "1", "Trygg bolig", "4", "2"]
    ranking = rows[("#", "Input", "Question", "Dots", "Likes")]
    assert [c.text for c in ranking.rows[1].cells] == [
        "1",
        "Mer tid til hver beboer",
        "1",
        "5",
        "3",
    ]
    chapter = rows[("#", "Input", "Table", "Round", "Dots", "Likes")]
    assert [c.text for c in chapter.rows[1].cells] == [
        "1",
        "Mer tid til hver beboer",
        "1",
        "1",
        "5",
        "3",
    ]
    assert "Inputs hidden by moderation: 2. They are not in this report." in text
    assert "World Café" in text and "3 dots" in text and "rounds of 20 minutes" in text
    assert "Participants: 7" in text


def test_table_columns_are_fixed_and_never_narrower_than_their_longest_word() -> None:
    document = _open(render_docx(harvest_summary()))
    for table in document.tables:
        widths = [column.width.cm for column in table.columns]
        assert sum(widths) == pytest.approx(16, abs=0.05)
        for column, width in zip(table.columns, widths, strict=True):
            longest = max(len(w) for cell in column.cells for w in [*cell.text.split(), ""])
            assert width >= 0.2 * longest


def test_the_norwegian_report_writes_local_time_the_norwegian_way() -> None:
    summary = replace(harvest_summary(), timezone="Europe/Oslo")
    document = _open(render_docx(summary, language="nb"))
    assert "24. november 2026 kl. 13.00" in _all_text(document)


def test_the_report_follows_the_translation_and_declares_its_language() -> None:
    words = {
        "Table {table}, round {round}": "Bord {table}, runde {round}",
        "Participation": "Deltakelse",
        "All inputs": "Alle innspill",
    }
    document = _open(render_docx(harvest_summary(), lambda m: words.get(m, m), language="nb"))
    headings = [text for _style, text in _headings(document)]
    assert "Bord 1, runde 1" in headings and "Deltakelse" in headings
    assert "Alle innspill" in headings
    assert document.core_properties.language == "nb-NO"
    assert document.core_properties.title == "Et trygt hjem"
    default_lang = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    assert default_lang[0].get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"
    ) == ("nb-NO")


def late_and_themed_summary() -> SessionSummary:
    """The harvest with "Trygge trapper" (table 1, round 1) received after its round, and
    two themes across the tables."""
    summary = harvest_summary()
    table1 = summary.tables[0]
    first = table1.rounds[0]
    posts = (first.posts[0], replace(first.posts[1], late=True))
    rounds = (replace(first, posts=posts), *table1.rounds[1:])
    return replace(
        summary,
        tables=(replace(table1, rounds=rounds), *summary.tables[1:]),
        themes=(
            ThemeSummary(name="Tid og omsorg", post_ids=(1, 3), tables=(1,)),
            ThemeSummary(name="Å bli hørt", post_ids=(2, 3, 4), tables=(1, 2)),
        ),
    )


LATE_NOTE = (
    "“Sent late”: an input written during its round but received after the round had ended, "
    "from a phone that was offline for a while; it is listed under the round it was written in."
)


def test_a_late_input_is_marked_after_its_time_and_the_method_says_what_that_means() -> None:
    document = _open(render_docx(late_and_themed_summary()))
    inputs = next(t for t in document.tables if t.rows[0].cells[0].text == "Input")
    times = {row.cells[0].text: row.cells[2].text for row in inputs.rows[1:]}
    assert times == {"Mer tid til hver beboer": "12:01", "Trygge trapper": "12:02\nsent late"}
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs.index(LATE_NOTE) > paragraphs.index("Method")
    on_time = _all_text(_open(render_docx(harvest_summary())))
    assert "sent late" not in on_time.lower()


def test_the_norwegian_report_marks_a_late_input_in_norwegian() -> None:
    words = {"sent late": "sendt etter runden", LATE_NOTE: "«Sendt etter runden»: …"}
    summary = late_and_themed_summary()
    document = _open(render_docx(summary, lambda m: words.get(m, m), language="nb"))
    assert "12.02\nsendt etter runden" in _all_text(document)
    assert "«Sendt etter runden»: …" in [p.text for p in document.paragraphs]


def test_the_summary_page_lists_the_themes_with_their_inputs_and_tables() -> None:
    document = _open(render_docx(late_and_themed_summary()))
    paragraphs = [p.text for p in document.paragraphs]
    themes = paragraphs.index("Themes")
    assert paragraphs.index("Overview") < themes < paragraphs.index("Question 1: Trygg bolig")
    assert paragraphs[themes + 1 : themes + 3] == [
        "Tid og omsorg: 2 inputs · tables 1",
        "Å bli hørt: 3 inputs · tables 1, 2",
    ]
    assert "Themes" not in [p.text for p in _open(render_docx(harvest_summary())).paragraphs]


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

    summary = build_session_summary(db, cafe, now=now)
    assert summary.hidden_count == 1
    document = _open(render_docx(summary))
    text = _all_text(document)
    assert "Synlig innspill" in text and "Kari" in text
    assert "Oppsummert" in text
    assert "Skjult innspill" not in text and "Venter" not in text
    assert "Inputs hidden by moderation: 1. They are not in this report." in text
