"""Builders of export summaries for the export tests: inputs and a whole session, made at NOW."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from dialogcafe.domain.summaries import SessionSummary, SummaryPost, TableSummary, rank_posts

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
# What write_summary_files() leaves in the folder of a two-table summary, sorted by name.
TWO_TABLE_FILES = [
    "summary.csv",
    "summary.docx",
    "summary.json",
    "summary.md",
    "summary.pdf",
    "summary.xlsx",
    "table-01.md",
    "table-02.md",
]


def summary_post(id_: int, text: str, nickname: str = "", **extra: Any) -> SummaryPost:
    """An input ``id_`` minutes after NOW; keywords set likes, dots and on-behalf fields."""
    return SummaryPost(
        id=id_,
        created_at=NOW + timedelta(minutes=id_),
        nickname=nickname,
        text=text,
        **extra,
    )


def session_summary(tables: tuple[TableSummary, ...], **fields: Any) -> SessionSummary:
    """A summary of ``tables``, generated at NOW and ranked; keywords override the rest."""
    values: dict[str, Any] = {
        "title": "Et trygt hjem",
        "description": "Dialogkafé i Bergen",
        "join_code": "ABC234",
        "status": "running",
        "round_count": 2,
        "rounds_held": 2,
        "topics": ("Trygg bolig", "Medvirkning"),
        "generated_at": NOW,
        "tables": tables,
        "ranking": rank_posts(tables),
    }
    values.update(fields)
    return SessionSummary(**values)
