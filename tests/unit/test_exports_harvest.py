"""Exports of the harvest: syntheses, likes, dots, priorities and participation in each format.

The columns and keys external clients already read stay where they were; these only add.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import timedelta

from dialogcafe.domain.summaries import (
    QuestionRound,
    QuestionSummary,
    RoundSection,
    SessionSummary,
    TableSummary,
)
from dialogcafe.exports.markdown import render_markdown
from dialogcafe.exports.tables import CSV_COLUMNS, render_csv, render_json
from tests.unit.summary_data import NOW, session_summary, summary_post

OLD_CSV_COLUMNS = ("session", "table", "round", "topic", "input_id", "created_at", "nickname")
OLD_INPUT_KEYS = {"id", "table", "round", "topic", "text", "nickname", "created_at"}


def harvest_summary() -> SessionSummary:
    """Two tables, two rounds; a synthesis, votes, an input written on someone's behalf."""
    table1 = TableSummary(
        table=1,
        rounds=(
            RoundSection(
                round=1,
                topic="Trygg bolig",
                posts=(
                    summary_post(1, "Mer tid til hver beboer", nickname="Kari", likes=3, dots=5),
                    summary_post(
                        2, "Trygge trapper", likes=1, on_behalf=True, on_behalf_name="Astrid"
                    ),
                ),
                synthesis="Tid og trygghet henger sammen.\n> Ikke et sitat",
                synthesis_at=NOW + timedelta(minutes=19),
                participants=4,
                writers=2,
                seated=4,
            ),
            RoundSection(
                round=2,
                topic="Medvirkning",
                posts=(summary_post(3, "Spør oss først", on_behalf=True, dots=1),),
                participants=3,
                writers=1,
                seated=3,
            ),
        ),
    )
    table2 = TableSummary(
        table=2,
        rounds=(
            RoundSection(
                round=1,
                topic="Medvirkning",
                posts=(summary_post(4, "=Brukerråd", likes=2),),
                participants=2,
                writers=1,
            ),
            RoundSection(round=2, topic="Trygg bolig", posts=()),
        ),
    )
    return session_summary(
        (table1, table2), status="harvest", participant_count=7, dots_per_participant=3
    )


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_quotes_each_synthesis_under_its_round() -> None:
    text = render_markdown(harvest_summary())
    round1 = text.index("### Round 1: Trygg bolig")
    quote = text.index("> **The table's main points**", round1)
    assert round1 < quote < text.index("- Mer tid til hver beboer", round1)
    assert "> Tid og trygghet henger sammen.\n> \\> Ikke et sitat\n" in text
    assert text.count("> **The table's main points**") == 1


def test_markdown_shows_likes_dots_and_on_behalf_after_each_input() -> None:
    text = render_markdown(harvest_summary())
    assert "- Mer tid til hver beboer — Kari\n  _(Likes: 3 · Dots: 5)_\n" in text
    assert "- Trygge trapper — on behalf of Astrid\n  _(Likes: 1 · Dots: 0)_\n" in text
    assert (
        "- Spør oss først — on behalf of someone without a phone\n  _(Likes: 0 · Dots: 1)_" in text
    )


def test_markdown_has_priorities_and_participation_sections() -> None:
    text = render_markdown(harvest_summary())
    participation = text.index("## Participation")
    priorities = text.index("## Priorities (dot-voting)")
    assert participation < priorities < text.index("## Table 1")
    assert "| Table | Round | People | Inputs |" in text
    assert "| 1 | 1 | 4 | 2 |" in text and "| 2 | 2 | 0 | 0 |" in text
    ranked = text[priorities : text.index("## Table 1")]
    assert ranked.index("1. Mer tid") < ranked.index("2. Spør oss først")
    assert "3. \\=Brukerråd — Table 2, round 1 _(Likes: 2 · Dots: 0)_" in ranked
    assert "4. Trygge trapper" in ranked
    assert "Participants: 7 · The table's main points: 1" in text


def test_markdown_says_when_nothing_was_voted_on() -> None:
    text = render_markdown(replace(harvest_summary(), ranking=()))
    assert "_No dots or likes were given._" in text


def test_markdown_texts_follow_the_translation() -> None:
    words = {
        "Priorities (dot-voting)": "Prioriteringer (prikkstemming)",
        "Participation": "Deltakelse",
        "The table's main points": "Vertens oppsummering",
        "Likes: {likes} · Dots: {dots}": "Liker: {likes} · Prikker: {dots}",
    }
    text = render_markdown(harvest_summary(), lambda m: words.get(m, m))
    assert "## Prioriteringer (prikkstemming)" in text and "## Deltakelse" in text
    assert "> **Vertens oppsummering**" in text and "(Liker: 3 · Prikker: 5)" in text


# --- CSV -----------------------------------------------------------------------------------


def _rows() -> list[dict[str, str]]:
    text = render_csv(harvest_summary())
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_keeps_the_old_columns_first_and_adds_the_new_ones() -> None:
    header = render_csv(harvest_summary()).removeprefix("\ufeff").split("\r\n", 1)[0]
    assert tuple(header.split(",")) == CSV_COLUMNS
    assert CSV_COLUMNS[: len(OLD_CSV_COLUMNS) + 1] == (*OLD_CSV_COLUMNS, "text")
    assert {"kind", "likes", "dots", "on_behalf", "on_behalf_name"} <= set(CSV_COLUMNS)


def test_csv_rows_carry_kind_likes_dots_and_on_behalf() -> None:
    rows = {row["input_id"]: row for row in _rows() if row["kind"] == "input"}
    assert len(rows) == harvest_summary().post_count == 4
    kari = rows["1"]
    assert (kari["likes"], kari["dots"], kari["on_behalf"], kari["nickname"]) == (
        "3",
        "5",
        "0",
        "Kari",
    )
    assert (rows["2"]["on_behalf"], rows["2"]["on_behalf_name"]) == ("1", "Astrid")
    assert rows["4"]["text"] == "'=Brukerråd"  # still protected against formulas


def test_csv_has_one_synthesis_row_after_its_rounds_inputs() -> None:
    rows = _rows()
    (synthesis,) = [row for row in rows if row["kind"] == "synthesis"]
    assert (synthesis["table"], synthesis["round"], synthesis["topic"]) == ("1", "1", "Trygg bolig")
    assert synthesis["text"] == "Tid og trygghet henger sammen.\n> Ikke et sitat"
    assert synthesis["input_id"] == synthesis["likes"] == synthesis["dots"] == ""
    assert synthesis["created_at"] == "2026-11-24T12:19:00Z"
    kinds = [(row["kind"], row["input_id"]) for row in rows]
    assert kinds.index(("synthesis", "")) == kinds.index(("input", "2")) + 1


# --- JSON ----------------------------------------------------------------------------------


def test_json_adds_votes_syntheses_participation_and_ranking() -> None:
    document = json.loads(render_json(harvest_summary()))
    assert document["participant_count"] == 7
    assert document["dots_per_participant"] == 3
    section = document["tables"][0]["rounds"][0]
    assert section["synthesis"] == "Tid og trygghet henger sammen.\n> Ikke et sitat"
    assert section["synthesis_at"] == "2026-11-24T12:19:00Z"
    assert (section["participants"], section["writers"], section["seated"]) == (4, 2, 4)
    assert section["input_count"] == 2
    first = section["inputs"][0]
    assert set(first) >= OLD_INPUT_KEYS
    assert (first["likes"], first["dots"], first["on_behalf"]) == (3, 5, False)
    assert section["inputs"][1]["on_behalf_name"] == "Astrid"
    assert document["tables"][1]["rounds"][0]["seated"] is None
    assert document["participation"][0] == {
        "table": 1,
        "round": 1,
        "inputs": 2,
        "participants": 4,
        "writers": 2,
        "seated": 4,
    }
    assert len(document["participation"]) == 4
    assert [(r["rank"], r["id"], r["dots"], r["likes"]) for r in document["ranking"]] == [
        (1, 1, 5, 3),
        (2, 3, 1, 0),
        (3, 4, 0, 2),
        (4, 2, 0, 1),
    ]
    assert set(document["ranking"][0]) >= OLD_INPUT_KEYS


def test_a_questions_syntheses_go_by_round_then_table_as_in_the_harvest() -> None:
    def said(table: int, rnd: int, text: str) -> QuestionRound:
        section = RoundSection(round=rnd, topic="Trygghet", posts=(), synthesis=text)
        return QuestionRound(table=table, section=section)

    question = QuestionSummary(
        number=1,
        topic="Trygghet",
        rounds=(said(1, 1, "a"), said(1, 2, "b"), said(2, 1, "c"), said(2, 2, ""), said(3, 1, "d")),
        ranking=(),
    )

    assert [(q.section.round, q.table) for q in question.syntheses] == [
        (1, 1),
        (1, 2),
        (1, 3),
        (2, 1),
    ]
