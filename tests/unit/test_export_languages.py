"""Norwegian exports (bokmål and nynorsk) say everything in Norwegian: the CSV headings and
kinds, the moderation log's headings and actions, and the report's words for the tables' main
points; English exports in English. The JSON export keeps its English codes (a data format
for programs)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dialogcafe.domain.moderation import APPROVE, ERASED, HIDE, UNHIDE, LogEntry
from dialogcafe.exports.labels import Translate
from dialogcafe.exports.markdown import render_markdown
from dialogcafe.exports.moderation_log import render_log_csv
from dialogcafe.exports.tables import CSV_COLUMNS, render_csv, render_json
from tests.unit.test_exports_harvest import harvest_summary

CATALOGS = Path(__file__).resolve().parents[2] / "dialogcafe" / "translations"


@cache
def catalog(language: str) -> Translate:
    """The committed catalog's translations (what ``make translations`` compiles)."""
    path = CATALOGS / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        messages = {m.id: m.string for m in read_po(po) if isinstance(m.id, str) and m.string}
    return lambda text: messages.get(text, text)


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


NORWEGIAN_HEADINGS = [
    "Kode",
    "Bord",
    "Runde",
    "Spørsmål",
    "Innspill-ID",
    "Skrevet",
    "Navn",
    "Tekst",
    "Type",
    "Liker",
    "Prikker",
    "På vegne av noen",
    "På vegne av (navn)",
    "Kom sent",
]
NYNORSK_HEADINGS = [
    "Kode",
    "Bord",
    "Runde",
    "Spørsmål",
    "Innspel-ID",
    "Tidspunkt",
    "Namn",
    "Tekst",
    "Type",
    "Likarklikk",
    "Prikkar",
    "På vegner av nokon",
    "På vegner av (namn)",
    "Kom seint",
]
ENGLISH_HEADINGS = [
    "Session code",
    "Table",
    "Round",
    "Question",
    "Input id",
    "Written at",
    "Name",
    "Text",
    "Kind",
    "Likes",
    "Dots",
    "On behalf of someone",
    "On behalf of (name)",
    "Late",
]


@pytest.mark.parametrize(
    ("language", "headings", "kinds"),
    [
        ("nb", NORWEGIAN_HEADINGS, {"Innspill", "Bordets hovedpunkter"}),
        ("nn", NYNORSK_HEADINGS, {"Innspel", "Hovudpunkta til bordet"}),
        ("en", ENGLISH_HEADINGS, {"Input", "The table's main points"}),
    ],
)
def test_csv_headings_and_kinds_are_in_the_exports_language(
    language: str, headings: list[str], kinds: set[str]
) -> None:
    rows = csv_rows(render_csv(harvest_summary(), catalog(language)))
    assert rows[0] == headings
    assert {row[8] for row in rows[1:]} == kinds


def test_csv_without_a_language_has_the_column_codes() -> None:
    rows = csv_rows(render_csv(harvest_summary()))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert {row[8] for row in rows[1:]} == {"input", "synthesis"}


def test_the_json_export_keeps_english_codes() -> None:
    """JSON is the data format for programs: no translate, the same keys in every language."""
    document = json.loads(render_json(harvest_summary()))
    first_round = document["tables"][0]["rounds"][0]
    assert {"synthesis", "inputs", "topic"} <= set(first_round)
    assert {"text", "likes", "dots", "on_behalf"} <= set(first_round["inputs"][0])


def log_entries() -> list[LogEntry]:
    when = datetime(2026, 12, 1, 17, 0)
    return [
        LogEntry(when, 7, 2, 1, HIDE, "Navn på en beboer", "Ola i 3. etasje"),
        LogEntry(when, 7, 2, 1, UNHIDE, "", "Ola i 3. etasje"),
        LogEntry(when, 8, 1, 1, APPROVE, "", "Mer lys i trappene"),
        LogEntry(when, None, None, None, ERASED, "", "", by="kari@example.no", count=3),
    ]


@pytest.mark.parametrize(
    ("language", "headings", "actions"),
    [
        (
            "nb",
            [
                *["Tidspunkt", "Innspill-ID", "Bord", "Runde", "Handling", "Grunn", "Innspill"],
                *["Slettet av", "Innspill slettet"],
            ],
            ["Skjult", "Vist igjen", "Godkjent", "Slettet"],
        ),
        (
            "nn",
            [
                *["Tidspunkt", "Innspel-ID", "Bord", "Runde", "Handling", "Grunn", "Innspel"],
                *["Sletta av", "Innspel sletta"],
            ],
            ["Gøymt", "Vist igjen", "Godkjent", "Sletta"],
        ),
        (
            "en",
            [
                *["Time", "Input id", "Table", "Round", "Action", "Reason", "Input"],
                *["Erased by", "Inputs erased"],
            ],
            ["Hidden", "Shown again", "Approved", "Erased"],
        ),
    ],
)
def test_moderation_log_headings_and_actions_are_in_the_logs_language(
    language: str, headings: list[str], actions: list[str]
) -> None:
    rows = csv_rows(render_log_csv(log_entries(), catalog(language)))
    assert rows[0] == headings
    assert [row[4] for row in rows[1:]] == actions


def test_the_report_calls_the_hosts_synthesis_the_tables_main_points() -> None:
    norwegian = render_markdown(harvest_summary(), catalog("nb"), "nb")
    assert "> **Bordets hovedpunkter**" in norwegian
    assert "Deltakere: 7 · Bordets hovedpunkter: 1" in norwegian
    assert "Oppsummering" not in norwegian
    nynorsk = render_markdown(harvest_summary(), catalog("nn"), "nn")
    assert "> **Hovudpunkta til bordet**" in nynorsk
    assert "Deltakarar: 7 · Hovudpunkta til bordet: 1" in nynorsk
    assert "Laga 24. november 2026 kl. 12.00" in nynorsk
    english = render_markdown(harvest_summary(), catalog("en"), "en")
    assert "> **The table's main points**" in english
