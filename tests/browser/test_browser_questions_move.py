"""A "questions move" café in real Chromium: four tables, four questions, three rounds.

Every table has a host who writes a synthesis each round. Each table gets the next question
every round, and the synthesis goes with its question: the next group to get that question
reads it, and no table reads one about another question. In the harvest the projector and
the facilitator show, per question, what every group said about it. Screenshots of the
projector and a phone in the harvest go to /tmp/shots/13A-*.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import create_session_in_form, expect_live, post, start_next_round
from tests.browser.helpers import join_as as join

pytestmark = pytest.mark.browser

TOPICS = [
    "Hva gjør et hjem trygt?",
    "Hvem spør du om hjelp i oppgangen?",
    "Hva vil du endre i fellesarealene?",
    "Hvordan vil du bli hørt?",
]
SHOTS = Path("/tmp/shots")


def _question(table: int, rnd: int) -> int:
    """The rule the session form states: each table gets the next question."""
    return (table - 1 + rnd - 1) % len(TOPICS)


def _synthesis(table: int, rnd: int) -> str:
    return f"Oppsummering bord {table} runde {rnd}"


def _input(table: int, rnd: int) -> str:
    return f"Innspill bord {table} runde {rnd}"


def test_each_synthesis_goes_with_its_question(open_page: OpenPage) -> None:
    tables, rounds = (1, 2, 3, 4), (1, 2, 3)
    facilitator = open_page("facilitator", logged_in=True)
    cafe = create_session_in_form(
        facilitator, title="Spørsmålene flytter", topics=TOPICS, tables=4, rounds=3
    )
    host_code = (facilitator.locator(".host-code").text_content() or "").strip()
    projector = open_page("projector", logged_in=True)
    projector.goto(f"/sessions/{cafe.id}/projector")
    hosts: dict[int, Page] = {}
    for table in tables:
        phone = open_page("phone")
        join(phone, cafe.join_code, f"Vert {table}", table)
        phone.locator("[data-become-host] summary").click()
        phone.fill("#host-code", host_code)
        phone.locator("[data-become-host-form] button[type=submit]").click()
        expect(phone.locator("[data-host-tools]")).to_be_visible()
        hosts[table] = phone

    for rnd in rounds:
        start_next_round(facilitator, rnd)
        for table, phone in hosts.items():
            expect(phone.locator("[data-topic]")).to_have_text(TOPICS[_question(table, rnd)])
            # What the earlier groups said about this very question, and nothing else.
            earlier = phone.locator("[data-synthesis-list]")
            for before in range(1, rnd):
                source = next(t for t in tables if _question(t, before) == _question(table, rnd))
                expect(earlier).to_contain_text(_synthesis(source, before))
            expect(earlier.locator("li")).to_have_count(rnd - 1)
            if rnd > 1:
                expect(earlier).not_to_contain_text(_synthesis(table, rnd - 1))
            post(phone, _input(table, rnd))
            phone.fill("#synthesis-text", _synthesis(table, rnd))
            phone.locator("[data-synthesis-form] button[type=submit]").click()
            expect(phone.locator("[data-synthesis-status]")).not_to_be_empty()

    facilitator.locator("details:has(form[action$='/harvest']) > summary").click()
    facilitator.locator("form[action$='/harvest'] button[type=submit]").click()
    expect_live(projector)
    facilitator.reload()
    for index, topic in enumerate(TOPICS):
        card = facilitator.locator(f"[data-harvest-question='{index}']")
        expect(card.locator(".harvest-topic")).to_contain_text(topic)
        about = [(t, r) for t in tables for r in rounds if _question(t, r) == index]
        others = [(t, r) for t in tables for r in rounds if _question(t, r) != index]
        for table, rnd in about:
            expect(card.locator("[data-harvest-syntheses]")).to_contain_text(_synthesis(table, rnd))
            expect(card.locator("[data-harvest-inputs]")).to_contain_text(_input(table, rnd))
        for table, rnd in others:
            expect(card).not_to_contain_text(_synthesis(table, rnd))
            expect(card).not_to_contain_text(_input(table, rnd))
    # The projector's main points (its view in the harvest) are paged by question: each
    # page's heading is the question its syntheses are about.
    expect(projector.locator("[data-projector]")).to_have_attribute("data-shown", "syntheses")
    expect(projector.locator("[data-syntheses] .projector-card")).to_have_count(12)
    pages = projector.locator("[data-syntheses]").evaluate(
        """box => [...box.querySelectorAll("ol")].map(list => [
            list.previousElementSibling.textContent,
            [...list.querySelectorAll(".projector-card-text")].map(p => p.textContent)])"""
    )
    shown = {(topic, text) for topic, texts in pages for text in texts}
    assert shown == {(TOPICS[_question(t, r)], _synthesis(t, r)) for t in tables for r in rounds}

    SHOTS.mkdir(parents=True, exist_ok=True)
    projector.screenshot(path=str(SHOTS / "13A-projector-harvest.png"))
    phone = hosts[1]
    phone.reload()
    # On a phone the overview is folded under one line, so the vote stays the task.
    expect(phone.locator("[data-harvest-question='0']")).to_be_hidden()
    phone.locator(".harvest-fold > summary").click()
    expect(phone.locator("[data-harvest-question='0']")).to_be_visible()
    phone.screenshot(path=str(SHOTS / "13A-phone-harvest.png"), full_page=True)
