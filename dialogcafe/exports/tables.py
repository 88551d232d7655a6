"""The summary as tables for spreadsheets and programs: CSV (one row per input) and JSON.

The JSON document is the data format for programs: its keys are stable English codes in
every language, and only ever get added, never moved, renamed or removed. The CSV is for
people with a spreadsheet: its headings and its ``kind`` values are in the report's
language (Norwegian in a Norwegian export); without a language (``untranslated``) they are
the codes of :data:`CSV_COLUMNS`. Its columns, too, only get added at the end. Every
visible input appears with its likes and dots, next to the tables' main points (the table
hosts' syntheses), the priorities and the participation figures.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from dialogcafe.domain.errors import N_
from dialogcafe.domain.output_text import clean_strings
from dialogcafe.domain.summaries import SessionSummary, SummaryPost
from dialogcafe.domain.timestamps import iso
from dialogcafe.exports.csv_cells import plain_text_cell
from dialogcafe.exports.labels import Translate, untranslated

# Each column's code is also its heading's msgid (the nb catalog says "Bord", "Runde" ...).
CSV_COLUMNS = (
    N_("session"),
    N_("table"),
    N_("round"),
    N_("topic"),
    N_("input_id"),
    N_("created_at"),
    N_("nickname"),
    N_("text"),
    # Added with the harvest features; the columns above keep their places.
    N_("kind"),
    N_("likes"),
    N_("dots"),
    N_("on_behalf"),
    N_("on_behalf_name"),
    # 1 for an input written in its round but received after it ended.
    N_("late"),
)
# The ``kind`` of a row: an input, or a table's main points (its host's synthesis).
INPUT_KIND = N_("input")
SYNTHESIS_KIND = N_("synthesis")


def render_csv(summary: SessionSummary, translate: Translate = untranslated) -> str:
    """One row per input, for analysis in a spreadsheet (UTF-8 with BOM so Excel reads ø).

    Each round's main points follow its inputs as a row of ``kind`` "synthesis" (no
    input id, likes or dots), so a filter on ``kind`` gives the inputs alone. Headings and
    kinds are in ``translate``'s language. Text is cleaned before the formula guard, so a
    control character cannot hide a leading ``=``.
    """
    summary = clean_strings(summary)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([translate(column) for column in CSV_COLUMNS])
    input_kind, synthesis_kind = translate(INPUT_KIND), translate(SYNTHESIS_KIND)
    for table in summary.tables:
        for section in table.rounds:
            for item in section.posts:
                writer.writerow(
                    [
                        summary.join_code,
                        table.table,
                        section.round,
                        plain_text_cell(section.topic),
                        item.id,
                        iso(item.created_at),
                        plain_text_cell(item.nickname),
                        plain_text_cell(item.text),
                        input_kind,
                        item.likes,
                        item.dots,
                        int(item.on_behalf),
                        plain_text_cell(item.on_behalf_name),
                        int(item.late),
                    ]
                )
            if section.synthesis:
                when = iso(section.synthesis_at) if section.synthesis_at else ""
                writer.writerow(
                    [
                        summary.join_code,
                        table.table,
                        section.round,
                        plain_text_cell(section.topic),
                        "",
                        when,
                        "",
                        plain_text_cell(section.synthesis),
                        synthesis_kind,
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
    return buffer.getvalue()


def _post_document(table: int, rnd: int, topic: str, item: SummaryPost) -> dict[str, Any]:
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
        "late": item.late,
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
        "input_count": summary.post_count,
        "participant_count": summary.participant_count,
        "dots_per_participant": summary.dots_per_participant,
        "participation": [
            {
                "table": cell.table,
                "round": cell.round,
                "inputs": cell.posts,
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
                **_post_document(ranked.table, ranked.round, ranked.topic, ranked.post),
            }
            for ranked in summary.ranking
        ],
        "themes": [
            {
                "name": theme.name,
                "input_count": theme.input_count,
                "tables": list(theme.tables),
                "input_ids": list(theme.post_ids),
                "host_table": theme.host_table,
            }
            for theme in summary.themes
        ],
        "tables": [
            {
                "table": table.table,
                "input_count": table.post_count,
                "rounds": [
                    {
                        "round": section.round,
                        "topic": section.topic,
                        "synthesis": section.synthesis,
                        "synthesis_at": iso(section.synthesis_at) if section.synthesis_at else None,
                        "input_count": section.post_count,
                        "participants": section.participants,
                        "writers": section.writers,
                        "seated": section.seated,
                        "inputs": [
                            _post_document(table.table, section.round, section.topic, item)
                            for item in section.posts
                        ],
                    }
                    for section in table.rounds
                ],
            }
            for table in summary.tables
        ],
    }


def render_json(summary: SessionSummary) -> str:
    """The summary document as indented UTF-8 JSON, for programs that read the harvest."""
    return json.dumps(summary_document(summary), ensure_ascii=False, indent=2) + "\n"
