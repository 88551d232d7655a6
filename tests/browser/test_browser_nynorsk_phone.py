"""A phone in nynorsk through a whole café (issue 16): join, wait, write in a round, vote.

Nynorsk is a full interface language: the phone's texts, its script's live texts ("Runde 1
har starta.", "Sendt ✓") and the language switch are in nynorsk; every state is checked by
axe (no serious or critical violation) and reflows at 390 and 320 CSS px. Screenshots go to
/tmp/shots/nn/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import check_phone_state, expect_live, join_as, post
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots/nn")


def test_a_phone_in_nynorsk_joins_writes_and_votes(open_page: OpenPage, api: ApiClient) -> None:
    cafe = api.post_json(
        "/api/sessions",
        {
            "title": "Ein trygg heim",
            "tables": 2,
            "topics": ["Kva gjer ein heim trygg?"],
            "rounds": 1,
            "round_minutes": 5,
        },
        expect=201,
    )
    sid, code = cafe["id"], cafe["join_code"]
    api.request("PATCH", f"/api/sessions/{sid}", json={"dots_per_participant": 3})
    phone = open_page("phone", "nn")

    phone.goto(f"/j/{code}")
    expect(phone.locator("html")).to_have_attribute("lang", "nn")
    expect(phone.locator("main form button[type=submit]")).to_have_text("Bli med")
    check_phone_state(phone, "join", "nn", SHOTS, direction="ltr")

    join_as(phone, code, "Ingrid", table=1)
    expect(phone.locator("#waiting-heading")).to_have_text("Velkomen!")
    check_phone_state(phone, "waiting", "nn", SHOTS, direction="ltr")

    api.post_json(f"/api/sessions/{sid}/rounds/next")
    expect(phone.locator("[data-round-alert]")).to_have_text("Runde 1 har starta.")
    expect(phone.locator("[data-connection]")).to_have_text("Tilkopla")
    check_phone_state(phone, "round", "nn", SHOTS, direction="ltr")

    post(phone, "Lys i trappeoppgangen om kvelden")
    expect(phone.locator("[data-sent]")).to_have_text("Sendt ✓")
    check_phone_state(phone, "sent", "nn", SHOTS, direction="ltr")

    api.post_json(f"/api/sessions/{sid}/harvest")
    expect(phone.locator("[data-vote]")).to_be_visible()
    expect(phone.locator("[data-round-label]")).to_have_text("Rundane er ferdige.")
    check_phone_state(phone, "vote", "nn", SHOTS, direction="ltr")
    phone.locator("[data-add-dot]").first.click()
    expect(phone.locator(".dot-marks")).to_have_text("●●○")  # dots left to give
    check_phone_state(phone, "voted", "nn", SHOTS, direction="ltr")

    phone.reload()
    expect_live(phone)
    expect(phone.locator("html")).to_have_attribute("lang", "nn")
