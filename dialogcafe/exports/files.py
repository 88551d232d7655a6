"""The export formats, rendering one by name, and the session files kept under the data dir.

Each format's renderer lives in its own module (``markdown``, ``tables``, ``word_report``);
this one knows which formats exist, what media type each is served as, and how the files
are written (atomically, and not again while this process knows them to be current).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from dialogcafe.domain.output_text import clean_strings
from dialogcafe.domain.summaries import SessionSummary
from dialogcafe.exports.labels import Translate, untranslated
from dialogcafe.exports.markdown import render_clean_table_markdown, render_markdown
from dialogcafe.exports.tables import render_csv, render_json

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("md", "csv", "json", "docx", "xlsx", "pdf")
# The session files kept current while the café runs (each round change): quick to make.
# The Word report is not: python-docx, lxml and Pillow stay in the server's memory once
# imported (9-12 MiB) and rendering it holds the event loop, so it is written when the
# session is closed and when it is downloaded; so is the Excel workbook (openpyxl, same reasons),
# and the PDF report (reportlab).
LIVE_FORMATS = ("md", "csv", "json")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "docx": DOCX_MEDIA_TYPE,
    "xlsx": XLSX_MEDIA_TYPE,
    "pdf": "application/pdf",
}
# What this process last wrote to each summary folder: a stamp of the content and each file's
# modification time (see write_summary_files). Bounded: the oldest folders are forgotten first
# (forgetting one costs one needless rewrite).
_WRITTEN: dict[Path, tuple[str, dict[str, int]]] = {}
_WRITTEN_LIMIT = 1_000
_STAMP_TIME = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ExportFile:
    """One rendered file as a download serves it: its name, bytes and media type."""

    name: str
    content: bytes
    media_type: str


def render(
    summary: SessionSummary, fmt: str, translate: Translate = untranslated, language: str = ""
) -> ExportFile:
    """Render one format of the whole-session summary.

    ``language`` (e.g. "nb", "en") is what ``translate`` translates into; the DOCX
    declares it so screen readers and spell checkers read the report right.
    """
    if fmt == "md":
        content = render_markdown(summary, translate, language).encode("utf-8")
    elif fmt == "csv":
        content = render_csv(summary, translate).encode("utf-8")
    elif fmt == "json":
        content = render_json(summary).encode("utf-8")
    elif fmt == "docx":
        # Imported here: python-docx and Pillow load only when a report is made.
        from dialogcafe.exports.word_report import render_docx

        content = render_docx(summary, translate, language=language)
    elif fmt == "xlsx":
        # Imported here for the same reason: openpyxl loads only when a workbook is made.
        from dialogcafe.exports.spreadsheet import render_xlsx

        content = render_xlsx(summary, translate, language=language)
    elif fmt == "pdf":
        # Imported here, like python-docx: reportlab loads only when a report is made.
        from dialogcafe.exports.pdf_report import render_pdf

        content = render_pdf(summary, translate, language=language)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return ExportFile(
        name=f"dialogkafe-{summary.join_code}.{fmt}",
        content=content,
        media_type=MEDIA_TYPES[fmt],
    )


def render_table(
    summary: SessionSummary, table: int, translate: Translate = untranslated, language: str = ""
) -> ExportFile:
    """Render one table's summary as Markdown."""
    return _table_file(clean_strings(summary), table, translate, language)


def _table_file(
    summary: SessionSummary, table: int, translate: Translate, language: str
) -> ExportFile:
    """:func:`render_table` for a summary already cleaned (cleaning walks every input, so
    writing the files cleans once, not once per table)."""
    text = render_clean_table_markdown(summary, summary.tables[table - 1], translate, language)
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
    translate: Translate = untranslated,
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
            summary, table.table, translate, language
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
