"""Exports: every input in Markdown, CSV, JSON and DOCX, written safely under the data dir."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from dialogcafe.domain.summaries import RoundSection, SessionSummary, SummaryPost, TableSummary
from dialogcafe.exports import files
from dialogcafe.exports.files import LIVE_FORMATS, render, write_summary_files
from dialogcafe.exports.markdown import escape_markdown, render_markdown, render_table_markdown
from dialogcafe.exports.tables import CSV_COLUMNS, render_csv, render_json
from tests.unit.summary_data import TWO_TABLE_FILES, session_summary, summary_post

HOSTILE = (
    "# heading",
    "<script>alert(1)</script>",
    "[link](x)",
    "=1+1",
    "+47 999 99 999",
    "-minus",
    "@SUM(A1)",
)


def make_summary() -> SessionSummary:
    """Two tables, two rounds, ordinary and hostile inputs, and one empty round."""
    table1 = TableSummary(
        table=1,
        rounds=(
            RoundSection(
                round=1,
                topic="Trygg bolig",
                posts=(
                    summary_post(1, "Mer tid til hver beboer", "Kari"),
                    summary_post(2, "Ørsta, Åfjord"),
                ),
            ),
            RoundSection(
                round=2,
                topic="Medvirkning",
                posts=tuple(summary_post(10 + i, text) for i, text in enumerate(HOSTILE)),
            ),
        ),
    )
    table2 = TableSummary(
        table=2,
        rounds=(
            RoundSection(
                round=1, topic="Medvirkning", posts=(summary_post(3, "Linje én\nLinje to"),)
            ),
            RoundSection(round=2, topic="Trygg bolig", posts=()),
        ),
    )
    return session_summary((table1, table2), round_count=3)


def all_posts(summary: SessionSummary) -> list[tuple[int, int, str, SummaryPost]]:
    return [
        (table.table, section.round, section.topic, item)
        for table in summary.tables
        for section in table.rounds
        for item in section.posts
    ]


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_has_every_input_under_its_table_and_round() -> None:
    summary = make_summary()
    text = render_markdown(summary)
    assert text.startswith("# Et trygt hjem\n")
    assert "Join code ABC234 · Rounds held: 2 of 3 · Inputs: 10" in text
    table1, table2 = text.index("## Table 1"), text.index("## Table 2")
    round1 = text.index("### Round 1: Trygg bolig", table1)
    round2 = text.index("### Round 2: Medvirkning", table1)
    assert table1 < round1 < text.index("- Mer tid til hver beboer — Kari") < round2 < table2
    assert "- Ørsta, Åfjord" in text
    assert "### Round 1: Medvirkning" in text[table2:]
    assert "- Linje én\n  Linje to" in text[table2:]
    assert "_No inputs._" in text[text.index("### Round 2: Trygg bolig") :]
    for _table, _round, _topic, item in all_posts(summary):
        assert escape_markdown(item.text).replace("\n", "\n  ") in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("# heading", "\\# heading"),
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("[link](x)", "\\[link\\](x)"),
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("a | b", "a \\| b"),
        ("back\\slash", "back\\\\slash"),
        ("- not a list", "\\- not a list"),
        ("+ not a list", "\\+ not a list"),
        ("1. not a list", "1\\. not a list"),
        ("2) not a list", "2\\) not a list"),
        ("> not a quote", "\\> not a quote"),
        ("line\n# second heading", "line\n\\# second heading"),
        ("title\n===", "title\n\\==="),
        ("~~~\nfence", "\\~~~\nfence"),
        ("Just words, 3.5 % more.", "Just words, 3.5 % more."),
        ("2026 was fine", "2026 was fine"),
    ],
)
def test_escape_markdown_shows_text_literally(raw: str, escaped: str) -> None:
    assert escape_markdown(raw) == escaped


def test_hostile_inputs_cannot_make_headings_links_or_html() -> None:
    text = render_markdown(make_summary())
    assert "\n# heading" not in text and "- \\# heading" in text
    assert "<script>" not in text and "\\<script\\>" in text
    assert "[link](x)" not in text and "\\[link\\](x)" in text


def test_titles_topics_and_nicknames_are_escaped_too() -> None:
    summary = make_summary()
    hostile_table = TableSummary(
        table=1,
        rounds=(
            RoundSection(
                round=1, topic="[click](evil)", posts=(summary_post(1, "ok", "<b>Ola</b>"),)
            ),
        ),
    )
    summary = replace(
        summary, title="# <i>T</i>", topics=("[click](evil)",), tables=(hostile_table,)
    )
    text = render_markdown(summary)
    assert text.startswith("# \\# \\<i\\>T\\</i\\>\n")
    assert "### Round 1: \\[click\\](evil)" in text
    assert "1. \\[click\\](evil)" in text
    assert "— \\<b\\>Ola\\</b\\>" in text


def test_markdown_headings_follow_the_translation() -> None:
    words = {"Table {table}": "Bord {table}", "Round {round}: {topic}": "Runde {round}: {topic}"}
    text = render_markdown(make_summary(), lambda message: words.get(message, message))
    assert "## Bord 1" in text and "### Runde 2: Medvirkning" in text


def test_a_table_file_holds_only_its_table() -> None:
    summary = make_summary()
    text = render_table_markdown(summary, summary.tables[1])
    assert "## Table 2" in text and "Linje én" in text
    assert "## Table 1" not in text and "Mer tid" not in text


def test_a_table_without_rounds_says_so() -> None:
    summary = make_summary()
    empty = TableSummary(table=3, rounds=())
    assert "_No rounds held yet._" in render_table_markdown(summary, empty)


# --- CSV -----------------------------------------------------------------------------------


def parse_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_starts_with_a_bom_and_has_one_row_per_input() -> None:
    summary = make_summary()
    text = render_csv(summary)
    assert text.startswith("\ufeffsession,table,round,topic,")
    assert "\r\n" in text
    rows = parse_csv(text)
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == summary.post_count == 10
    expected = all_posts(summary)
    for row, (table, rnd, topic, item) in zip(rows, expected, strict=True):
        assert row["session"] == "ABC234"
        assert (row["table"], row["round"], row["topic"]) == (str(table), str(rnd), topic)
        assert row["input_id"] == str(item.id)
        assert row["created_at"] == item.created_at.isoformat().replace("+00:00", "Z")
        assert row["nickname"] == item.nickname
        assert row["text"].removeprefix("'") == item.text


@pytest.mark.parametrize("formula", ["=1+1", "+47 999 99 999", "-minus", "@SUM(A1)"])
def test_csv_formula_cells_are_made_plain_text(formula: str) -> None:
    rows = parse_csv(render_csv(make_summary()))
    (row,) = [r for r in rows if r["text"].endswith(formula)]
    assert row["text"] == "'" + formula


def test_csv_leaves_ordinary_text_alone_and_protects_topics_and_nicknames() -> None:
    summary = make_summary()
    table = TableSummary(
        table=1,
        rounds=(
            RoundSection(round=1, topic="=HYPERLINK(x)", posts=(summary_post(1, "Hei", "=Ola"),)),
        ),
    )
    summary = replace(summary, tables=(table,))
    (row,) = parse_csv(render_csv(summary))
    assert (row["topic"], row["nickname"], row["text"]) == ("'=HYPERLINK(x)", "'=Ola", "Hei")


def test_csv_keeps_line_breaks_inside_one_cell() -> None:
    rows = parse_csv(render_csv(make_summary()))
    assert "Linje én\nLinje to" in [row["text"] for row in rows]


# --- JSON ----------------------------------------------------------------------------------


def test_json_has_every_input_with_table_round_topic_and_text() -> None:
    summary = make_summary()
    document = json.loads(render_json(summary))
    assert document["session"]["join_code"] == "ABC234"
    assert document["session"]["topics"] == ["Trygg bolig", "Medvirkning"]
    assert document["input_count"] == 10
    assert document["generated_at"] == "2026-11-24T12:00:00Z"
    flat = [
        item
        for table in document["tables"]
        for section in table["rounds"]
        for item in section["inputs"]
    ]
    assert [(i["table"], i["round"], i["topic"], i["text"], i["id"]) for i in flat] == [
        (table, rnd, topic, item.text, item.id) for table, rnd, topic, item in all_posts(summary)
    ]
    empty_round = document["tables"][1]["rounds"][1]
    assert {k: empty_round[k] for k in ("round", "topic", "inputs")} == {
        "round": 2,
        "topic": "Trygg bolig",
        "inputs": [],
    }


def test_json_keeps_non_ascii_readable() -> None:
    assert "Ørsta, Åfjord" in render_json(make_summary())


# --- render() and files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [("md", "text/markdown"), ("csv", "text/csv"), ("json", "application/json")],
)
def test_render_names_and_types_each_format(fmt: str, media_type: str) -> None:
    exported = render(make_summary(), fmt)
    assert exported.name == f"dialogkafe-ABC234.{fmt}"
    assert exported.media_type.startswith(media_type)
    assert b"Mer tid til hver beboer" in exported.content


def test_render_refuses_unknown_formats() -> None:
    with pytest.raises(ValueError, match="xml"):
        render(make_summary(), "xml")


def test_write_summary_files_writes_every_file_under_the_join_code(tmp_path: Path) -> None:
    summary = make_summary()
    folder = write_summary_files(summary, tmp_path)
    assert folder == tmp_path / "ABC234"
    assert sorted(p.name for p in folder.iterdir()) == TWO_TABLE_FILES
    assert (folder / "summary.md").read_text(encoding="utf-8") == render_markdown(summary)
    assert (folder / "summary.csv").read_bytes() == render_csv(summary).encode("utf-8")
    assert json.loads((folder / "summary.json").read_text(encoding="utf-8"))["input_count"] == 10
    assert "Linje én" in (folder / "table-02.md").read_text(encoding="utf-8")
    assert "Linje én" not in (folder / "table-01.md").read_text(encoding="utf-8")


def test_the_live_formats_leave_the_word_report_alone(tmp_path: Path) -> None:
    """During the café the files are kept current without the Word report (its libraries
    would stay in the server's memory); a report written earlier stays as it was."""
    folder = write_summary_files(make_summary(), tmp_path, formats=LIVE_FORMATS)
    assert not (folder / "summary.docx").exists()
    assert {"summary.md", "summary.csv", "summary.json", "table-01.md"} <= {
        p.name for p in folder.iterdir()
    }
    (folder / "summary.docx").write_bytes(b"earlier report")
    write_summary_files(make_summary(), tmp_path, formats=LIVE_FORMATS)
    assert (folder / "summary.docx").read_bytes() == b"earlier report"


def test_write_summary_files_replaces_each_file_by_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Atomic: every file is written elsewhere in the folder, then renamed into place."""
    write_summary_files(make_summary(), tmp_path)  # old versions exist
    renames: list[tuple[Path, Path, bytes]] = []
    real_replace = os.replace

    def recording_replace(source: str | Path, target: str | Path) -> None:
        source, target = Path(source), Path(target)
        assert target.read_bytes()  # the old file is still whole until the rename
        renames.append((source, target, source.read_bytes()))
        real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", recording_replace)
    summary = make_summary()
    folder = write_summary_files(summary, tmp_path)
    assert {target.name for _s, target, _c in renames} == set(TWO_TABLE_FILES)
    for source, target, content in renames:
        assert source.parent == target.parent == folder
        assert source.name.startswith(".") and source != target
        assert target.read_bytes() == content
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporaries left


def test_concurrent_writers_do_not_trip_over_each_other(tmp_path: Path) -> None:
    """Threaded servers may compile one session twice at once (an export and a round change)."""
    summary = make_summary()
    failures: list[BaseException] = []
    start = threading.Barrier(4)

    def write() -> None:
        start.wait()
        for _ in range(4):
            try:
                write_summary_files(summary, tmp_path)
            except BaseException as exc:  # collected and asserted below
                failures.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    folder = tmp_path / "ABC234"
    assert (folder / "summary.md").read_text(encoding="utf-8") == render_markdown(summary)
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_markdown_escaping_stops_code_blocks_and_entities() -> None:
    assert escape_markdown("    four spaces\n\tand a tab") == "four spaces\nand a tab"
    assert escape_markdown("Tom &amp; Jerry") == "Tom \\&amp; Jerry"
