"""The combined report's files: every café and question, every visible input exactly once in
its café's chapter, no hidden input and no name from the anonymised café in any format."""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy.orm import Session

from dialogcafe.domain.models import Facilitator
from dialogcafe.domain.project_report import ProjectReport, build_project_report
from dialogcafe.domain.summaries import build_session_summary
from dialogcafe.exports.files import MEDIA_TYPES
from dialogcafe.exports.project_data import FORMAT, FORMAT_VERSION
from dialogcafe.exports.project_report import PROJECT_FORMATS, project_blocks, render_project
from dialogcafe.exports.report import Grid, Heading
from tests.project_cafes import HIDDEN_TEXT, SECRET_NAME, SHARED, ThreeCafes, make_three_cafes

NAME = "Bolig for velferd – Grünerløkka 2027"


@pytest.fixture
def three(db: Session, owner: Facilitator, now: datetime) -> ThreeCafes:
    return make_three_cafes(db, owner, now)


@pytest.fixture
def report(db: Session, three: ThreeCafes, now: datetime) -> ProjectReport:
    summaries = [build_session_summary(db, cafe, now=now) for cafe in three.cafes]
    return build_project_report(NAME, "Tre kaféer", summaries)


def _chapters(report: ProjectReport) -> dict[str, list[Any]]:
    """The blocks under each level-1 heading, by its text."""
    chapters: dict[str, list[Any]] = {}
    current: list[Any] = []
    for block in project_blocks(report, lambda text: text, "en"):
        if isinstance(block, Heading) and block.level <= 1:
            current = chapters.setdefault(block.text, [])
        current.append(block)
    return chapters


def test_each_cafe_chapter_lists_every_visible_input_exactly_once(
    report: ProjectReport, three: ThreeCafes
) -> None:
    chapters = _chapters(report)
    for number, cafe in enumerate(three.cafes, 1):
        blocks = chapters[f"Café {number}: {cafe.title}"]
        cells = [cell for b in blocks if isinstance(b, Grid) for row in b.rows for cell in row]
        listed = [cell for cell in cells if cell.startswith("Innspill ")]
        assert sorted(listed) == sorted(three.visible[number])
        headings = [b.text for b in blocks if isinstance(b, Heading) and b.level == 2]
        questions = [f"Question {n}: {topic.text}" for n, topic in enumerate(cafe.topics, 1)]
        assert [h for h in headings if h.startswith("Question")] == questions
    assert list(chapters)[:4] == [
        NAME,
        "Contents",
        "Overview",
        "Participation",
    ]
    assert list(chapters)[4:] == [
        "Questions asked at several cafés",
        "Café 1: Grünerløkka",
        "Café 2: Sofienberg",
        "Café 3: Tøyen",
        "Method",
    ]
    shared = chapters["Questions asked at several cafés"]
    assert Heading(2, f"Question 1: {SHARED}") in shared


def test_no_hidden_input_and_no_anonymised_name_in_the_blocks(report: ProjectReport) -> None:
    text = repr(project_blocks(report, lambda text: text, "en"))
    assert HIDDEN_TEXT not in text
    assert SECRET_NAME not in text
    assert "Kari" in text  # the named cafés keep their names


@pytest.mark.parametrize("fmt", PROJECT_FORMATS)
def test_every_format_is_served_with_its_type_and_hides_what_it_must(
    report: ProjectReport, fmt: str
) -> None:
    exported = render_project(report, fmt, "dialogkafe-project-7", language="en")
    assert exported.name == f"dialogkafe-project-7.{fmt}"
    assert exported.media_type == MEDIA_TYPES[fmt]
    text = _file_text(fmt, exported.content)
    assert NAME in text
    for title in ("Grünerløkka", "Sofienberg", "Tøyen"):
        assert title in text
    assert "Innspill 3.1 fra bord 2" in text
    assert HIDDEN_TEXT not in text
    assert SECRET_NAME not in text


def _file_text(fmt: str, content: bytes) -> str:
    if fmt == "docx":
        document = Document(io.BytesIO(content))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if fmt == "pdf":
        reader = PdfReader(io.BytesIO(content))
        return "\n".join(page.extract_text() for page in reader.pages) + (
            reader.metadata.title or ""
        )
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(content))
        values = [
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        return "\n".join(values)
    return content.decode("utf-8")


def test_the_workbook_has_its_sheets_and_one_row_per_visible_input(
    report: ProjectReport, three: ThreeCafes
) -> None:
    content = render_project(report, "xlsx", "p", language="en").content
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [
        "Overview",
        "Questions",
        "Inputs",
        "Participation",
        "Target groups",
    ]
    rows = list(workbook["Inputs"].iter_rows(values_only=True))
    assert rows[0] == (
        "Café",
        "Target group",
        "Table",
        "Round",
        "Question",
        "Input",
        "Likes",
        "Dots",
        "Theme",
    )
    texts = [row[5] for row in rows[1:]]
    assert sorted(texts) == sorted(t for texts in three.visible.values() for t in texts)
    assert {row[1] for row in rows[1:]} == {"Unge voksne", "unge voksne", "not given"}
    themed = [row for row in rows[1:] if row[8]]
    assert [(row[0], row[5], row[8]) for row in themed] == [
        ("1. Grünerløkka", "Innspill 1.1 fra bord 1", "Trygghet"),
        ("1. Grünerløkka", "Innspill 1.1 fra bord 2", "Trygghet"),
    ]
    questions = list(workbook["Questions"].iter_rows(values_only=True))
    assert len(questions) == 2  # the header and the one shared question
    assert questions[0][0] == "Question"
    assert questions[0][1:] == (
        "1. Grünerløkka: inputs",
        "1. Grünerløkka: top inputs",
        "1. Grünerløkka: themes",
        "1. Grünerløkka: main points",
        "2. Sofienberg: inputs",
        "2. Sofienberg: top inputs",
        "2. Sofienberg: themes",
        "2. Sofienberg: main points",
    )
    assert questions[1][0] == SHARED
    assert (questions[1][1], questions[1][5]) == (2, 2)
    groups = list(workbook["Target groups"].iter_rows(values_only=True))
    assert [row[:3] for row in groups[1:]] == [
        ("Unge voksne", "1. Grünerløkka, 2. Sofienberg", 4),
        ("not given", "3. Tøyen", 2),
    ]


def test_the_json_document_has_its_documented_shape(report: ProjectReport) -> None:
    document = json.loads(render_project(report, "json", "p").content)
    assert (document["format"], document["format_version"]) == (FORMAT, FORMAT_VERSION)
    assert set(document) == {
        "format",
        "format_version",
        "project",
        "generated_at",
        "overview",
        "target_groups",
        "shared_questions",
        "cafes",
    }
    assert document["project"] == {"name": NAME, "description": "Tre kaféer"}
    assert document["overview"]["input_count"] == 10
    assert document["overview"]["first_date"] == "2027-03-02"
    assert [g["target_group"] for g in document["target_groups"]] == ["Unge voksne", None]
    (question,) = document["shared_questions"]
    assert [c["cafe"] for c in question["cafes"]] == [1, 2]
    assert question["cafes"][0]["themes"] == [{"name": "Trygghet", "input_count": 1}]
    anonymous = document["cafes"][1]
    assert anonymous["anonymous"] is True
    inputs = [
        item
        for table in anonymous["summary"]["tables"]
        for section in table["rounds"]
        for item in section["inputs"]
    ]
    assert len(inputs) == 4
    assert all(item["nickname"] == "" for item in inputs)


def test_an_unknown_format_is_refused(report: ProjectReport) -> None:
    with pytest.raises(ValueError):
        render_project(report, "md", "p")


@pytest.mark.parametrize("fmt", PROJECT_FORMATS)
def test_a_project_without_cafes_still_makes_every_file(now: datetime, fmt: str) -> None:
    empty = build_project_report("Tomt prosjekt", "", [], now=now)
    exported = render_project(empty, fmt, "p", language="en")
    assert "Tomt prosjekt" in _file_text(fmt, exported.content)
