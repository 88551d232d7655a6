"""Stored text can never break an export: one cleaning rule for Markdown, CSV, JSON and DOCX.

Rows stored before input was cleaned at the edge (or by another tool) may hold NUL and other
control characters, XML-invalid code points or, in memory, lone surrogates; each of these
once made the Word report (or every format) fail, and with it closing the café.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree

from dialogcafe.domain.moderation import LogEntry
from dialogcafe.domain.output_text import clean_for_output, clean_strings
from dialogcafe.domain.summaries import RoundSection, SessionSummary, TableSummary
from dialogcafe.exports import files as export_files
from dialogcafe.exports.files import FORMATS, render, render_table, write_summary_files
from dialogcafe.exports.moderation_log import render_log_csv
from dialogcafe.exports.word_report import render_docx
from tests.unit.summary_data import NOW, TWO_TABLE_FILES, session_summary, summary_post

C0 = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
C1 = "".join(chr(c) for c in range(0x7F, 0xA0))  # DEL and the C1 controls
# Text a report must keep exactly: scripts, marks for right-to-left text, emoji sequences.
KEPT = (
    "Ærlig, øl og ål",
    "שלום\u200f عربى\u200e",
    "\u202eevil\u202c",
    "👩\u200d👩\u200d👧 🇳🇴 😀",
    "\u00a0non-breaking\u00a0",
    "中文 한국어 日本語",
    "tab\there\nnew line",
    "\ufffd",
)
LONG_WORD = "Ø" * 50_000


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x00b", "ab"),
        (f"x{C0}y", "xy"),
        (f"x{C1}y", "xy"),
        ("x\ufffe\uffffy", "xy"),
        ("x\ud800y", "x\ufffdy"),  # a lone surrogate: something was there
        ("\udc00", "\ufffd"),
        ("\ud83d\ude00", "😀"),  # a pair sent as two halves is the character it spells
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("\x00=1+1", "=1+1"),
        ("", ""),
    ],
)
def test_control_characters_and_xml_invalid_code_points_go(raw: str, clean: str) -> None:
    assert clean_for_output(raw) == clean


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_and_unusual_text_is_kept_as_it_is(text: str) -> None:
    assert clean_for_output(text) is text


def test_every_code_point_comes_out_valid_for_utf8_and_xml() -> None:
    """All 1,114,112 code points in one string: what survives encodes and is XML 1.0."""
    everything = "".join(map(chr, range(0x110000)))
    cleaned = clean_for_output(everything)
    cleaned.encode("utf-8")  # no surrogate left
    element = etree.Element("t")
    element.text = cleaned  # lxml refuses anything XML 1.0 does not allow
    assert clean_for_output(cleaned) == cleaned  # cleaning twice changes nothing
    kept = set(cleaned)
    assert {"\t", "\n", " ", "ø", "\u202e", "\U0010fffd"} <= kept
    assert not kept & set(C0 + C1 + "\r\ufffe\uffff")


BAD = (
    "a\x00b",
    f"before{C0}{C1}after",
    "x\ufffey\uffffz",
    "lone\ud800half",
    '=HYPERLINK("http://x")\x00',
    "\x00=1+1",
    "\x01@SUM(A1)",
    LONG_WORD,
    *KEPT,
)


def dirty_summary() -> SessionSummary:
    """Every text field of the summary holds something a stored row could hold."""
    posts = tuple(
        summary_post(
            i + 1,
            text,
            nickname=f"n\x00{i}",
            likes=i % 3,
            dots=i % 2,
            on_behalf=i == 3,
            on_behalf_name="Astrid\x07" if i == 3 else "",
        )
        for i, text in enumerate(BAD)
    )
    section = RoundSection(
        round=1,
        topic="Trygg\x00 bolig\ufffe",
        posts=posts,
        synthesis="Syntese\x0b med\x1f kontroll\x7f",
        synthesis_at=NOW,
        participants=3,
        writers=3,
    )
    tables = (
        TableSummary(table=1, rounds=(section,)),
        TableSummary(table=2, rounds=(replace(section, posts=(), synthesis=""),)),
    )
    return session_summary(
        tables,
        title="Tittel\x00\ud800",
        description="Beskrivelse\x1b[31m",
        status="closed",
        round_count=1,
        rounds_held=1,
        topics=("Trygg\x00 bolig\ufffe", "Medvirkning\x02"),
        participant_count=3,
    )


def _assert_clean(text: str) -> None:
    assert not set(text) & set(C0 + C1 + "\ufffe\uffff"), repr(text[:200])


def test_clean_strings_reaches_every_text_field_and_keeps_clean_objects() -> None:
    dirty = dirty_summary()
    cleaned = clean_strings(dirty)
    assert cleaned.title == "Tittel\ufffd"
    assert cleaned.tables[0].rounds[0].posts[0].text == "ab"
    assert cleaned.tables[0].rounds[0].posts[3].on_behalf_name == "Astrid"
    assert all(clean_for_output(r.post.text) == r.post.text for r in cleaned.ranking)
    assert cleaned.generated_at is dirty.generated_at
    assert clean_strings(cleaned) is cleaned  # nothing to do: no copies


def test_every_format_renders_a_dirty_summary() -> None:
    summary = dirty_summary()
    files = {fmt: render(summary, fmt).content for fmt in FORMATS}

    markdown = files["md"].decode("utf-8")
    _assert_clean(markdown)
    assert "ab" in markdown and LONG_WORD in markdown and "👩\u200d👩\u200d👧" in markdown

    data = json.loads(files["json"])
    _assert_clean(json.dumps(data, ensure_ascii=False))
    texts = [i["text"] for i in data["tables"][0]["rounds"][0]["inputs"]]
    assert texts[:4] == ["ab", "beforeafter", "xyz", "lone\ufffdhalf"]

    rows = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    _assert_clean(files["csv"].decode("utf-8"))
    cells = [row[7] for row in rows[1:]]
    # The formula guard sees the cleaned text: a NUL cannot hide a leading "=" or "@".
    assert "'=1+1" in cells and "'@SUM(A1)" in cells and '\'=HYPERLINK("http://x")' in cells

    document = Document(io.BytesIO(files["docx"]))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "ab" in text and "lone\ufffdhalf" in text and "\u202eevil\u202c" in text
    assert document.core_properties.title == "Tittel\ufffd"
    priorities = next(t for t in document.tables if t.rows[0].cells[0].text == "#")
    ranked = [row.cells[1].text for row in priorities.rows[1:]]
    assert ranked and all(clean_for_output(cell) == cell for cell in ranked)

    table_md = render_table(summary, 1).content.decode("utf-8")
    _assert_clean(table_md)
    assert "n0" in table_md  # the nickname, without its NUL


def test_the_word_report_renders_a_dirty_summary_on_its_own() -> None:
    document = Document(io.BytesIO(render_docx(dirty_summary(), language="nb")))
    assert "Question 1: Trygg bolig" in [p.text for p in document.paragraphs]


def test_every_file_is_written_for_a_dirty_summary(tmp_path: Path) -> None:
    folder = write_summary_files(dirty_summary(), tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == TWO_TABLE_FILES
    json.loads((folder / "summary.json").read_bytes())


def test_the_moderation_log_csv_guards_formulas_behind_control_characters() -> None:
    entry = LogEntry(
        created_at=NOW,
        post_id=1,
        table=1,
        round=1,
        action="hide",
        reason="\x00@SUM(A1)",
        text="\x01=1+1\x00",
    )
    rows = list(csv.reader(io.StringIO(render_log_csv([entry]))))
    assert rows[1][5:7] == ["'@SUM(A1)", "'=1+1"]


def _refuse_to_render(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("rendered although the files were current")


def test_current_files_are_not_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Downloads after closing must not render the Word report again and again."""
    summary = dirty_summary()
    folder = write_summary_files(summary, tmp_path, only_if_stale=True)
    later = replace(summary, generated_at=NOW + timedelta(hours=1))  # only the time differs
    with monkeypatch.context() as patch:
        patch.setattr(export_files, "render", _refuse_to_render)
        assert write_summary_files(later, tmp_path, only_if_stale=True) == folder


@pytest.mark.parametrize("change", ["content", "language", "formats", "deleted", "touched"])
def test_stale_files_are_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    summary, language, formats = dirty_summary(), "nb", FORMATS
    folder = write_summary_files(
        summary, tmp_path, language=language, formats=formats, only_if_stale=True
    )
    if change == "content":
        summary = replace(summary, title="Ny tittel")
    elif change == "language":
        language = "en"
    elif change == "formats":
        formats = ("md", "json")
    elif change == "deleted":
        (folder / "table-02.md").unlink()
    else:  # another process wrote a file since
        os.utime(folder / "summary.md", ns=(10**9, 10**9))
    rendered: list[str] = []
    real_render = export_files.render

    def counting_render(summary: SessionSummary, fmt: str, *args: Any) -> export_files.ExportFile:
        rendered.append(fmt)
        return real_render(summary, fmt, *args)

    monkeypatch.setattr(export_files, "render", counting_render)
    write_summary_files(summary, tmp_path, language=language, formats=formats, only_if_stale=True)
    assert sorted(rendered) == sorted(formats)
    assert (folder / "table-02.md").is_file()


def test_a_failed_write_leaves_nothing_behind_and_is_done_again(tmp_path: Path) -> None:
    summary = dirty_summary()
    folder = write_summary_files(summary, tmp_path, only_if_stale=True)
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.write_text("a file where the folder should be")
    with pytest.raises(OSError):
        write_summary_files(summary, tmp_path, only_if_stale=True)
    folder.unlink()
    write_summary_files(summary, tmp_path, only_if_stale=True)
    assert sorted(p.name for p in folder.iterdir())[0] == "summary.csv"  # no temporaries


def test_the_memory_of_written_folders_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_files, "_WRITTEN", {})
    monkeypatch.setattr(export_files, "_WRITTEN_LIMIT", 3)
    for code in ("AAA222", "BBB333", "CCC444", "DDD555"):
        write_summary_files(replace(dirty_summary(), join_code=code), tmp_path, formats=("md",))
    assert [folder.name for folder in export_files._WRITTEN] == ["BBB333", "CCC444", "DDD555"]
