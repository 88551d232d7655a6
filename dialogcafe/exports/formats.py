"""Rendering a compiled summary as Markdown, CSV, JSON and DOCX, and writing the files.

Headings pass through ``translate`` (the organiser's language); the domain itself
stays free of Flask. Every visible input appears in every format, with its likes and
dots, next to the table hosts' syntheses, the priorities and the participation figures.
Columns and keys only ever get added: external clients read the existing ones.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dialogcafe.domain.errors import N_
from dialogcafe.domain.output_text import clean_strings
from dialogcafe.domain.summaries import RoundSection, SessionSummary, SummaryInput, TableSummary
from dialogcafe.domain.timestamps import iso
from dialogcafe.exports.labels import Translate, author_label, votes_label

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = ("md", "csv", "json", "docx")
# The session files kept current while the café runs (each round change): quick to make.
# The Word report is not: python-docx, lxml and Pillow stay in the server's memory once
# imported (9-12 MiB) and rendering it holds the event loop, so it is written when the
# session is closed and when it is downloaded (web/commands.py).
LIVE_FORMATS = ("md", "csv", "json")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "docx": DOCX_MEDIA_TYPE,
}
CSV_COLUMNS = (
    "session",
    "table",
    "round",
    "topic",
    "input_id",
    "created_at",
    "nickname",
    "text",
    # Added with the harvest features; the columns above keep their places.
    "kind",
    "likes",
    "dots",
    "on_behalf",
    "on_behalf_name",
)
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|&])")
_MD_LINE_START = re.compile(r"^(\s*\d*)([#+\-=~>.)])", re.MULTILINE)
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What this process last wrote to each summary folder: a stamp of the content and each file's
# modification time (see write_summary_files). Bounded: the oldest folders are forgotten first
# (forgetting one costs one needless rewrite).
_WRITTEN: dict[Path, tuple[str, dict[str, int]]] = {}
_WRITTEN_LIMIT = 1_000
_STAMP_TIME = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ExportFile:
    name: str
    content: bytes
    media_type: str


def _identity(text: str) -> str:
    return text


def escape_markdown(text: str) -> str:
    """Show participants' text literally: no headings, links, code blocks or HTML from
    their words (leading spaces would start a code block, so they go)."""
    text = "\n".join(line.lstrip() for line in text.splitlines())
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _synthesis_markdown(section: RoundSection, t: Translate) -> list[str]:
    if not section.synthesis:
        return []
    label = t(N_("Table host's synthesis"))
    body = escape_markdown(section.synthesis).splitlines() or [""]
    return [f"> **{label}**", ">", *(f"> {line}" if line else ">" for line in body), ""]


def _table_markdown(table: TableSummary, t: Translate) -> list[str]:
    table_heading = t(N_("Table {table}")).format(table=table.table)
    lines = [f"## {table_heading}", ""]
    if not table.rounds:
        no_rounds = t(N_("No rounds held yet."))
        lines += [f"_{no_rounds}_", ""]
    for section in table.rounds:
        heading = t(N_("Round {round}: {topic}")).format(
            round=section.round, topic=escape_markdown(section.topic)
        )
        lines += [f"### {heading}", ""]
        lines += _synthesis_markdown(section, t)
        if not section.inputs:
            no_inputs = t(N_("No inputs."))
            lines += [f"_{no_inputs}_", ""]
            continue
        for item in section.inputs:
            text = escape_markdown(item.text).replace("\n", "\n  ")
            name = author_label(item, t)
            who = f" — {escape_markdown(name)}" if name else ""
            # Votes on a continuation line: the "- text — name" line stays as it was.
            lines += [f"- {text}{who}", f"  _({votes_label(item, t)})_"]
        lines.append("")
    return lines


def _ranking_markdown(summary: SessionSummary, t: Translate) -> list[str]:
    heading = t(N_("Priorities (dot-voting)"))
    lines = [f"## {heading}", ""]
    if not summary.ranking:
        nothing = t(N_("No dots or likes were given."))
        return [*lines, f"_{nothing}_", ""]
    lines += [t(N_("Inputs with the most dots, then the most likes.")), ""]
    for ranked in summary.ranking:
        where = t(N_("Table {table}, round {round}")).format(table=ranked.table, round=ranked.round)
        text = escape_markdown(ranked.input.text).replace("\n", "\n   ")
        lines.append(f"{ranked.rank}. {text} — {where} _({votes_label(ranked.input, t)})_")
    return [*lines, ""]


def _participation_markdown(summary: SessionSummary, t: Translate) -> list[str]:
    heading = t(N_("Participation"))
    lines = [f"## {heading}", ""]
    if not summary.participation:
        no_rounds = t(N_("No rounds held yet."))
        return [*lines, f"_{no_rounds}_", ""]
    columns = [t(N_("Table")), t(N_("Round")), t(N_("People")), t(N_("Inputs"))]
    lines += [
        "| " + " | ".join(escape_markdown(c) for c in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for cell in summary.participation:
        lines.append(f"| {cell.table} | {cell.round} | {cell.participants} | {cell.inputs} |")
    note = t(
        N_(
            "People: those seated at the table in that round, and anyone who wrote there; "
            "where no seating was recorded, those who wrote at least one input."
        )
    )
    return [*lines, "", f"_{note}_", ""]


def _markdown_header(summary: SessionSummary, t: Translate) -> list[str]:
    lines = [f"# {escape_markdown(summary.title)}", ""]
    if summary.description:
        lines += [escape_markdown(summary.description), ""]
    facts = t(N_("Join code {code} · Rounds held: {rounds} of {total} · Inputs: {inputs}")).format(
        code=summary.join_code,
        rounds=summary.rounds_held,
        total=summary.round_count,
        inputs=summary.input_count,
    )
    people = t(N_("Participants: {people} · Syntheses: {syntheses}")).format(
        people=summary.participant_count, syntheses=summary.synthesis_count
    )
    created = t(N_("Created {time}")).format(time=iso(summary.generated_at))
    return [*lines, facts, "", people, "", created, ""]


def render_markdown(summary: SessionSummary, translate: Translate = _identity) -> str:
    """The whole session as one readable report."""
    summary = clean_strings(summary)
    lines = _markdown_header(summary, translate)
    questions = translate(N_("Questions"))
    lines += [f"## {questions}", ""]
    lines += [f"{i}. {escape_markdown(topic)}" for i, topic in enumerate(summary.topics, 1)]
    lines.append("")
    lines += _participation_markdown(summary, translate)
    lines += _ranking_markdown(summary, translate)
    for table in summary.tables:
        lines += _table_markdown(table, translate)
    return "\n".join(lines).rstrip() + "\n"


def render_table_markdown(
    summary: SessionSummary, table: TableSummary, translate: Translate = _identity
) -> str:
    """One table's summary, for its host or a per-table appendix."""
    return _table_report(clean_strings(summary), clean_strings(table), translate)


def _table_report(summary: SessionSummary, table: TableSummary, translate: Translate) -> str:
    """:func:`render_table_markdown` for text already cleaned."""
    lines = _markdown_header(summary, translate) + _table_markdown(table, translate)
    return "\n".join(lines).rstrip() + "\n"


def _csv_cell(text: str) -> str:
    """Spreadsheets run cells that start like a formula: make them plain text."""
    return "'" + text if text.startswith(_CSV_FORMULA_START) else text


def render_csv(summary: SessionSummary) -> str:
    """One row per input, for analysis in a spreadsheet (UTF-8 with BOM so Excel reads ø).

    Each round's synthesis follows its inputs as a row of ``kind`` "synthesis" (no
    input id, likes or dots), so a filter on ``kind`` gives the inputs alone. Text is
    cleaned before the formula guard, so a control character cannot hide a leading ``=``.
    """
    summary = clean_strings(summary)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for table in summary.tables:
        for section in table.rounds:
            for item in section.inputs:
                writer.writerow(
                    [
                        summary.join_code,
                        table.table,
                        section.round,
                        _csv_cell(section.topic),
                        item.id,
                        iso(item.created_at),
                        _csv_cell(item.nickname),
                        _csv_cell(item.text),
                        "input",
                        item.likes,
                        item.dots,
                        int(item.on_behalf),
                        _csv_cell(item.on_behalf_name),
                    ]
                )
            if section.synthesis:
                when = iso(section.synthesis_at) if section.synthesis_at else ""
                writer.writerow(
                    [
                        summary.join_code,
                        table.table,
                        section.round,
                        _csv_cell(section.topic),
                        "",
                        when,
                        "",
                        _csv_cell(section.synthesis),
                        "synthesis",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
    return buffer.getvalue()


def _input_document(table: int, rnd: int, topic: str, item: SummaryInput) -> dict[str, Any]:
    return {
        "id": item.id,
        "table": table,
        "round": rnd,
        "topic": topic,
        "text": item.text,
        "nickname": item.nickname,
        "created_at": iso(item.created_at),
        "likes": item.likes,
        "dots": item.dots,
        "on_behalf": item.on_behalf,
        "on_behalf_name": item.on_behalf_name,
    }


def summary_document(summary: SessionSummary) -> dict[str, Any]:
    """The summary as plain JSON-ready data (its text cleaned like every other format's)."""
    summary = clean_strings(summary)
    return {
        "session": {
            "title": summary.title,
            "description": summary.description,
            "join_code": summary.join_code,
            "status": summary.status,
            "rounds": summary.round_count,
            "rounds_held": summary.rounds_held,
            "topics": list(summary.topics),
        },
        "generated_at": iso(summary.generated_at),
        "input_count": summary.input_count,
        "participant_count": summary.participant_count,
        "dots_per_participant": summary.dots_per_participant,
        "participation": [
            {
                "table": cell.table,
                "round": cell.round,
                "inputs": cell.inputs,
                "participants": cell.participants,
                "writers": cell.writers,
                "seated": cell.seated,
            }
            for cell in summary.participation
        ],
        "ranking": [
            {
                "rank": ranked.rank,
                "table": ranked.table,
                "round": ranked.round,
                "topic": ranked.topic,
                **_input_document(ranked.table, ranked.round, ranked.topic, ranked.input),
            }
            for ranked in summary.ranking
        ],
        "tables": [
            {
                "table": table.table,
                "input_count": table.input_count,
                "rounds": [
                    {
                        "round": section.round,
                        "topic": section.topic,
                        "synthesis": section.synthesis,
                        "synthesis_at": iso(section.synthesis_at) if section.synthesis_at else None,
                        "input_count": section.input_count,
                        "participants": section.participants,
                        "writers": section.writers,
                        "seated": section.seated,
                        "inputs": [
                            _input_document(table.table, section.round, section.topic, item)
                            for item in section.inputs
                        ],
                    }
                    for section in table.rounds
                ],
            }
            for table in summary.tables
        ],
    }


def render_json(summary: SessionSummary) -> str:
    return json.dumps(summary_document(summary), ensure_ascii=False, indent=2) + "\n"


def render(
    summary: SessionSummary, fmt: str, translate: Translate = _identity, language: str = ""
) -> ExportFile:
    """Render one format of the whole-session summary.

    ``language`` (e.g. "nb", "en") is what ``translate`` translates into; the DOCX
    declares it so screen readers and spell checkers read the report right.
    """
    if fmt == "md":
        content = render_markdown(summary, translate).encode("utf-8")
    elif fmt == "csv":
        content = render_csv(summary).encode("utf-8")
    elif fmt == "json":
        content = render_json(summary).encode("utf-8")
    elif fmt == "docx":
        # Imported here: python-docx and Pillow load only when a report is made.
        from dialogcafe.exports.word_report import render_docx

        content = render_docx(summary, translate, language=language)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return ExportFile(
        name=f"dialogkafe-{summary.join_code}.{fmt}",
        content=content,
        media_type=MEDIA_TYPES[fmt],
    )


def render_table(
    summary: SessionSummary, table: int, translate: Translate = _identity
) -> ExportFile:
    """Render one table's summary as Markdown."""
    return _table_file(clean_strings(summary), table, translate)


def _table_file(summary: SessionSummary, table: int, translate: Translate) -> ExportFile:
    """:func:`render_table` for a summary already cleaned (cleaning walks every input, so
    writing the files cleans once, not once per table)."""
    text = _table_report(summary, summary.tables[table - 1], translate)
    return ExportFile(
        name=f"dialogkafe-{summary.join_code}-table-{table:02d}.md",
        content=text.encode("utf-8"),
        media_type=MEDIA_TYPES["md"],
    )


def _stamp(summary: SessionSummary, language: str, formats: tuple[str, ...]) -> str:
    """What the files would show, minus the time they were made: equal stamps, equal files."""
    content = repr(replace(summary, generated_at=_STAMP_TIME))
    key = "\n".join([language, ",".join(sorted(formats)), content])
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _write_atomically(folder: Path, name: str, content: bytes) -> None:
    """Write to a temporary name and rename, so a reader never sees half a file; a failed
    write (a full disk) leaves no temporary file behind."""
    temporary = folder / f".{name}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        temporary.write_bytes(content)
        os.replace(temporary, folder / name)
    finally:
        temporary.unlink(missing_ok=True)


def write_summary_files(
    summary: SessionSummary,
    data_dir: Path,
    translate: Translate = _identity,
    language: str = "",
    formats: Iterable[str] = FORMATS,
    *,
    only_if_stale: bool = False,
) -> Path:
    """Write the session files in ``formats`` and one Markdown file per table under
    ``data_dir/<code>/`` (a file of another format is left as it is).

    Each file is written to a temporary name and renamed, so a reader never sees half a file.
    With ``only_if_stale`` (the downloads) nothing is done when this process last wrote the
    same content in the same language and every file is still the one it wrote (same
    modification time): after closing, each download would otherwise render the Word report
    again, holding the event loop for seconds in a big café. Anything else — new content, a
    file missing or written by another process, a restart, an earlier write that failed —
    writes every file again.
    """
    formats = tuple(formats)
    summary = clean_strings(summary)
    folder = data_dir / summary.join_code
    stamp = _stamp(summary, language, formats)
    if only_if_stale and _is_current(folder, stamp):
        return folder
    _WRITTEN.pop(folder, None)  # a write that fails half way leaves nothing current
    folder.mkdir(parents=True, exist_ok=True)
    outputs = {
        f"summary.{fmt}": render(summary, fmt, translate, language).content for fmt in formats
    }
    for table in summary.tables:
        outputs[f"table-{table.table:02d}.md"] = _table_file(
            summary, table.table, translate
        ).content
    for name, content in outputs.items():
        _write_atomically(folder, name, content)
    # list() copies the keys in one step: other threads may write other folders meanwhile.
    for oldest in list(_WRITTEN)[: max(0, len(_WRITTEN) - _WRITTEN_LIMIT + 1)]:
        _WRITTEN.pop(oldest, None)
    _WRITTEN[folder] = (stamp, {name: (folder / name).stat().st_mtime_ns for name in outputs})
    return folder


def read_current_file(
    summary: SessionSummary,
    data_dir: Path,
    language: str,
    formats: Iterable[str],
    name: str,
) -> bytes | None:
    """The file ``name`` as :func:`write_summary_files` wrote it for this very content (in
    ``language``, with ``formats``), or ``None`` when it is stale, missing or unreadable:
    a download can serve it instead of rendering the Word report a second time."""
    summary = clean_strings(summary)
    folder = data_dir / summary.join_code
    if not _is_current(folder, _stamp(summary, language, tuple(formats))):
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def _is_current(folder: Path, stamp: str) -> bool:
    """Whether ``folder`` holds exactly what this process wrote for ``stamp``."""
    written = _WRITTEN.get(folder)
    if written is None or written[0] != stamp:
        return False
    try:
        return all((folder / name).stat().st_mtime_ns == ns for name, ns in written[1].items())
    except OSError:  # a file (or the folder) is gone
        return False
