"""Two facilitators in two browsers run one café together (issue 15): the co-facilitator
starts the round and the owner's cockpit follows live; the owner takes the co-facilitator off
the team and their open cockpit is out at once — it hears no new input and cannot come back."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import (
    axe_check,
    expect_live,
    join_as,
    post,
    start_next_round,
    table_card,
)
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser
PASSWORD = "kari sitt passord"


def test_two_facilitators_run_one_cafe_and_a_removed_one_is_out(
    open_page: OpenPage, api: ApiClient
) -> None:
    kari_email = f"kari-{uuid.uuid4().hex[:8]}@example.no"
    cafe = api.post_json(
        "/api/sessions",
        {
            "title": "Sammen om kaféen",
            "tables": 2,
            "topics": ["Hva er et godt hjem?"],
            "rounds": 2,
            "round_minutes": 15,
        },
        expect=201,
    )
    # Kari makes her own account (sign-up is open on a laptop), then the owner adds her.
    kari = open_page("facilitator", "nb")
    kari.goto("/signup")
    kari.fill("#email", kari_email)
    kari.fill("#password", PASSWORD)
    kari.locator("main form button[type=submit]").click()
    expect(kari).to_have_url(re.compile(r"/sessions$"))
    api.post_json(
        f"/api/sessions/{cafe['id']}/members",
        {"email": kari_email, "role": "co_facilitator"},
        expect=201,
    )
    kari.reload()
    expect(kari.locator("main")).to_contain_text("Sammen om kaféen")  # on her dashboard

    owner = open_page("facilitator", "nb", logged_in=True)
    owner.goto(f"/sessions/{cafe['id']}")
    expect_live(owner)
    kari.goto(f"/sessions/{cafe['id']}")
    expect_live(kari)
    expect(kari.locator("#delete")).not_to_contain_text("Slett")  # only the owner deletes

    # Kari starts round 1; the owner's cockpit follows without a reload.
    start_next_round(kari, 1)
    expect(owner.locator("[data-round-status]")).to_have_text(re.compile(r"\b1\b"))
    phone = open_page("phone", "nb")
    join_as(phone, cafe["join_code"], "Mona", table=1)
    post(phone, "Lys i trappa")
    for screen in (owner, kari):
        expect(table_card(screen, 1)).to_contain_text("Lys i trappa")

    # The owner takes Kari off the team with the Team panel.
    owner.locator("#team > summary").click()
    expect(owner.locator("#team")).to_contain_text(kari_email)
    axe_check(owner, "cockpit with the team panel open")
    with owner.expect_navigation():
        owner.locator("#team form[action$='/remove'] button").click()
    expect(owner.locator("#team")).not_to_contain_text(kari_email)
    expect_live(owner)  # the owner's own cockpit came back after the room was closed

    # Kari's open cockpit is out: its connection is refused and new inputs never reach it.
    expect(kari.locator("[data-connection]")).not_to_have_class(re.compile(r"\bis-live\b"))
    post(phone, "Benker i gården")
    expect(table_card(owner, 1)).to_contain_text("Benker i gården")
    expect(table_card(kari, 1)).not_to_contain_text("Benker i gården")
    assert kari.request.get(f"/api/sessions/{cafe['id']}").status == 404
