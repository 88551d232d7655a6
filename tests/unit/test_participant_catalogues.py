"""Every participant language's catalogue is complete for what it serves: every text a
participant can meet (scripts/participant_messages.py), with no fuzzy guess, every
placeholder kept, and a review status a person can read. (The full languages' catalogues,
every text, are checked by tests/unit/test_catalogues.py.)"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from dialogcafe.config import load_config
from scripts import participant_messages as scope

CONFIG = load_config()
PARTICIPANT = list(CONFIG["PARTICIPANT_LANGUAGES"])
BRACES = re.compile(r"\{\w*\}")
PERCENT = re.compile(r"%\(\w+\)[sd]")


@cache
def catalogue(code: str) -> Catalog:
    return scope.read_catalogue(code)


def test_full_and_participant_languages_do_not_overlap() -> None:
    assert not set(CONFIG["LANGUAGES"]) & set(PARTICIPANT)


def test_every_catalogue_on_disk_is_a_configured_language() -> None:
    on_disk = {path.parent.parent.name for path in scope.CATALOGUES.glob("*/LC_MESSAGES/*.po")}
    assert on_disk == {*CONFIG["LANGUAGES"], *PARTICIPANT}


@pytest.mark.parametrize("code", PARTICIPANT)
def test_a_participant_language_translates_every_participant_text(code: str) -> None:
    """A missing or fuzzy text would show in English in the middle of the page."""
    assert scope.gaps(catalogue(code), scope.participant_msgids()) == []


@pytest.mark.parametrize("code", PARTICIPANT)
def test_translations_keep_every_placeholder(code: str) -> None:
    problems = []
    for message in catalogue(code):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = {p for text in ids for p in (*BRACES.findall(text), *PERCENT.findall(text))}
        for text in filter(None, strings):
            if {*BRACES.findall(text), *PERCENT.findall(text)} - wanted:
                problems.append((message.id, text))
            if not isinstance(message.id, tuple) and wanted != {
                *BRACES.findall(text),
                *PERCENT.findall(text),
            }:
                problems.append((message.id, text))
    assert problems == []


@pytest.mark.parametrize("code", PARTICIPANT)
def test_a_participant_catalogue_says_whether_a_native_speaker_has_reviewed_it(
    code: str,
) -> None:
    status = scope.review_status(catalogue(code))
    assert status == scope.REVIEW_NEEDED or (status or "").startswith("done by ")


def test_the_review_line_is_read_from_the_header() -> None:
    reviewed = Catalog(header_comment="# Polish\n# Review: done by Ola Nordmann, 2027-01-10")
    assert scope.review_status(reviewed) == "done by Ola Nordmann, 2027-01-10"
    assert scope.review_status(Catalog(header_comment="# no line")) is None


def test_the_participant_scope_follows_the_templates_a_phone_renders() -> None:
    closure = scope.template_closure()
    assert {"participant/table.html", "_i18n_data.html", "base.html", "error.html"} <= set(closure)
    assert not any(name.startswith("facilitator/") for name in closure)
    texts = scope.participant_msgids()
    assert {"Your input", "Sent ✓", "No café has that code. Check the code and try again."} <= (
        texts
    )
    assert "%(num)d person" in texts  # a plural, by its singular
    assert "Create a facilitator account" not in texts  # facilitators' pages are out of scope


def test_the_scope_reaches_a_partial_included_anywhere_below_an_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "entry.html").write_text('{% include "a.html" %}', encoding="utf-8")
    (tmp_path / "a.html").write_text('{% from "b.html" import x %}', encoding="utf-8")
    (tmp_path / "b.html").write_text("{{ _('Deep text') }}", encoding="utf-8")
    monkeypatch.setattr(scope, "TEMPLATES", tmp_path)
    assert scope.template_closure(["entry.html"]) == ["entry.html", "a.html", "b.html"]
