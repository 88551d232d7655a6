"""A project's combined report as JSON, for programs: stable English keys in every language.

The shape (documented in docs/protocol.md) only ever grows: keys get added, never moved,
renamed or removed, and ``format_version`` says which shape it is. Each café carries its own
summary document exactly as the café's JSON download has it (``tables.summary_document``), so
a program that reads one café reads a project's cafés too; what only a project has (totals,
target groups, the questions cafés share) sits beside it.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from dialogcafe.domain.output_text import clean_strings
from dialogcafe.domain.project_report import CafeAnswer, ProjectReport
from dialogcafe.domain.timestamps import iso
from dialogcafe.exports.tables import summary_document

FORMAT = "dialogcafe-project-report"
FORMAT_VERSION = 1


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _answer(answer: CafeAnswer, join_code: str) -> dict[str, Any]:
    return {
        "cafe": answer.cafe,
        "join_code": join_code,
        "question_number": answer.question.number,
        "input_count": answer.question.post_count,
        "top_inputs": [
            {
                "input_id": ranked.post.id,
                "table": ranked.table,
                "round": ranked.round,
                "text": ranked.post.text,
                "dots": ranked.post.dots,
                "likes": ranked.post.likes,
            }
            for ranked in answer.question.ranking[: len(answer.top)]
        ],
        "themes": [{"name": theme.name, "input_count": theme.inputs} for theme in answer.themes],
        "syntheses": [
            {"table": item.table, "round": item.section.round, "text": item.section.synthesis}
            for item in answer.question.syntheses
        ],
    }


def project_document(report: ProjectReport) -> dict[str, Any]:
    """The combined report as plain JSON-ready data (its text cleaned like every format's)."""
    report = clean_strings(report)
    overview = report.overview
    codes = {cafe.number: cafe.join_code for cafe in report.figures}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "project": {"name": report.name, "description": report.description},
        "generated_at": iso(report.generated_at),
        "overview": {
            "cafe_count": overview.cafe_count,
            "first_date": _day(overview.first_date),
            "last_date": _day(overview.last_date),
            "places": list(overview.places),
            "participant_count": overview.participant_count,
            "input_count": overview.input_count,
            "likes": overview.likes,
            "dots": overview.dots,
            "table_count": overview.table_count,
            "question_count": overview.question_count,
            "synthesis_count": overview.synthesis_count,
            "hidden_count": overview.hidden_count,
        },
        "target_groups": [
            {
                "target_group": group.target_group or None,
                "cafes": list(group.cafes),
                "join_codes": [codes[number] for number in group.cafes],
                "participant_count": group.participants,
                "input_count": group.inputs,
                "synthesis_count": group.syntheses,
            }
            for group in report.groups
        ],
        "shared_questions": [
            {
                "number": question.number,
                "text": question.text,
                "input_count": question.input_count,
                "cafes": [_answer(answer, codes[answer.cafe]) for answer in question.answers],
            }
            for question in report.shared_questions
        ],
        "cafes": [
            {
                "number": figures.number,
                "join_code": figures.join_code,
                "title": figures.title,
                "target_group": figures.target_group or None,
                "event_date": _day(figures.event_date),
                "place": figures.place,
                "organiser": summary.organiser,
                "purpose": summary.purpose,
                "anonymous": summary.anonymous,
                "hidden_count": summary.hidden_count,
                "participant_count": figures.participants,
                "input_count": figures.inputs,
                "likes": figures.likes,
                "dots": figures.dots,
                "synthesis_count": figures.syntheses,
                "summary": summary_document(summary),
            }
            for figures, summary in zip(report.figures, report.cafes, strict=True)
        ],
    }


def render_project_json(report: ProjectReport) -> str:
    """The document as indented UTF-8 JSON."""
    return json.dumps(project_document(report), ensure_ascii=False, indent=2) + "\n"
