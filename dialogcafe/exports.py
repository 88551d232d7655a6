"""Rendering a compiled summary as Markdown, CSV and JSON, and writing the files.

Headings pass through ``translate`` (the organiser's language); the domain itself
stays free of Flask. Every stored input appears in every format.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialogcafe.errors import N_
from dialogcafe.payloads import iso
from dialogcafe.summaries import SessionSummary, TableSummary

Translate = Callable[[str], str]
FORMATS = ("md", "csv", "json")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
CSV_COLUMNS = ("session", "table", "round", "topic", "input_id", "created_at", "nickname", "text")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|&])")
_MD_LINE_START = re.compile(r"^(\s*\d*)([#+\-=~>.)])", re.MULTILINE)
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
        if not section.inputs:
            no_inputs = t(N_("No inputs."))
            lines += [f"_{no_inputs}_", ""]
            continue
        for item in section.inputs:
            text = escape_markdown(item.text).replace("\n", "\n  ")
            who = f" — {escape_markdown(item.nickname)}" if item.nickname else ""
            lines.append(f"- {text}{who}")
        lines.append("")
    return lines


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
    created = t(N_("Created {time}")).format(time=iso(summary.generated_at))
    return [*lines, facts, "", created, ""]


def render_markdown(summary: SessionSummary, translate: Translate = _identity) -> str:
    """The whole session as one readable report."""
    lines = _markdown_header(summary, translate)
    questions = translate(N_("Questions"))
    lines += [f"## {questions}", ""]
    lines += [f"{i}. {escape_markdown(topic)}" for i, topic in enumerate(summary.topics, 1)]
    lines.append("")
    for table in summary.tables:
        lines += _table_markdown(table, translate)
    return "\n".join(lines).rstrip() + "\n"


def render_table_markdown(
    summary: SessionSummary, table: TableSummary, translate: Translate = _identity
) -> str:
    """One table's summary, for its host or a per-table appendix."""
    lines = _markdown_header(summary, translate) + _table_markdown(table, translate)
    return "\n".join(lines).rstrip() + "\n"


def _csv_cell(text: str) -> str:
    """Spreadsheets run cells that start like a formula: make them plain text."""
    return "'" + text if text.startswith(_CSV_FORMULA_START) else text


def render_csv(summary: SessionSummary) -> str:
    """One row per input, for analysis in a spreadsheet (UTF-8 with BOM so Excel reads ø)."""
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
                    ]
                )
    return buffer.getvalue()


def summary_document(summary: SessionSummary) -> dict[str, Any]:
    """The summary as plain JSON-ready data."""
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
        "tables": [
            {
                "table": table.table,
                "input_count": table.input_count,
                "rounds": [
                    {
                        "round": section.round,
                        "topic": section.topic,
                        "inputs": [
                            {
                                "id": item.id,
                                "table": table.table,
                                "round": section.round,
                                "topic": section.topic,
                                "text": item.text,
                                "nickname": item.nickname,
                                "created_at": iso(item.created_at),
                            }
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


def render(summary: SessionSummary, fmt: str, translate: Translate = _identity) -> ExportFile:
    """Render one format of the whole-session summary."""
    if fmt == "md":
        content = render_markdown(summary, translate)
    elif fmt == "csv":
        content = render_csv(summary)
    elif fmt == "json":
        content = render_json(summary)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return ExportFile(
        name=f"dialogkafe-{summary.join_code}.{fmt}",
        content=content.encode("utf-8"),
        media_type=MEDIA_TYPES[fmt],
    )


def render_table(
    summary: SessionSummary, table: int, translate: Translate = _identity
) -> ExportFile:
    """Render one table's summary as Markdown."""
    text = render_table_markdown(summary, summary.tables[table - 1], translate)
    return ExportFile(
        name=f"dialogkafe-{summary.join_code}-table-{table:02d}.md",
        content=text.encode("utf-8"),
        media_type=MEDIA_TYPES["md"],
    )


def write_summary_files(
    summary: SessionSummary, data_dir: Path, translate: Translate = _identity
) -> Path:
    """Write the session files and one Markdown file per table under ``data_dir/<code>/``.

    Each file is written to a temporary name and renamed, so a reader never sees half a file.
    """
    folder = data_dir / summary.join_code
    folder.mkdir(parents=True, exist_ok=True)
    outputs = {f"summary.{fmt}": render(summary, fmt, translate).content for fmt in FORMATS}
    for table in summary.tables:
        outputs[f"table-{table.table:02d}.md"] = render_table(
            summary, table.table, translate
        ).content
    for name, content in outputs.items():
        temporary = folder / f".{name}.{os.getpid()}.{threading.get_ident()}.tmp"
        temporary.write_bytes(content)
        os.replace(temporary, folder / name)
    return folder
