"""An organiser groups cafés in a project (issue 15): the owner makes a project with the
form, adds two cafés and a reader by e-mail; the reader sees the project page with both
cafés and no controls; the owner takes the reader out and the reader's next page load is
"not found". The project page and the filtered dashboard pass axe-core; screenshots at a
laptop's and a phone's width, in bokmål and English, go to /tmp/shots/projects."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import axe_check
from tests.e2e.support import ApiClient

pytestmark = pytest.mark.browser
PASSWORD = "lesers eget passord"
SHOTS = Path("/tmp/shots/projects")
WIDTHS = {"laptop": 1280, "phone": 390}


def _cafe(api: ApiClient, title: str, place: str, day: str, group: str) -> dict[str, object]:
    cafe = api.post_json(
        "/api/sessions",
        {
            "title": title,
            "tables": 3,
            "topics": ["Hva er et godt hjem?"],
            "rounds": 2,
            "round_minutes": 15,
            "event_date": day,
            "place": place,
            "target_group": group,
        },
        expect=201,
    )
    assert isinstance(cafe, dict)
    return cafe


def _shoot(page: Page, name: str, lang: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{label}-{lang}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_organiser_shares_a_project_with_a_reader(open_page: OpenPage, api: ApiClient) -> None:
    tag = uuid.uuid4().hex[:6]
    first = _cafe(api, f"Grünerløkka {tag}", "Biblioteket", "2027-03-04", "Unge voksne")
    second = _cafe(api, f"Tøyen {tag}", "Tøyen bydelshus", "2027-02-11", "Eldre")
    reader_email = f"leser-{tag}@example.no"

    reader = open_page("facilitator", "en")
    reader.goto("/signup")
    reader.fill("#email", reader_email)
    reader.fill("#password", PASSWORD)
    reader.locator("main form button[type=submit]").click()
    expect(reader).to_have_url(re.compile(r"/sessions$"))

    owner = open_page("facilitator", "en", logged_in=True)
    owner.goto("/sessions")
    owner.get_by_role("link", name="Projects").click()
    expect(owner).to_have_url(re.compile(r"/projects$"))
    owner.fill("#project-name", f"Bolig for velferd {tag}")
    owner.fill("#project-description", "En serie kaféer om å bo godt i bydelene.")
    owner.get_by_role("button", name="Make project").click()
    expect(owner).to_have_url(re.compile(r"/projects/\d+$"))
    project_url = owner.url
    for cafe in (first, second):
        owner.select_option("#add-session", str(cafe["id"]))
        with owner.expect_navigation():
            owner.get_by_role("button", name="Add café").click()
    cards = owner.locator("#cafes .cafe-card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text(f"Tøyen {tag}")  # by date: February first
    expect(cards.nth(1)).to_contain_text("Unge voksne")

    owner.locator("#team > summary").click()
    owner.fill("#member-email", reader_email)
    owner.select_option("#member-role", "reader")
    with owner.expect_navigation():
        owner.get_by_role("button", name="Add to the team").click()
    expect(owner.locator("#team")).to_contain_text(reader_email)
    axe_check(owner, "project page (owner)")

    reader.goto(project_url)
    expect(reader.locator("h1")).to_contain_text(f"Bolig for velferd {tag}")
    expect(reader.locator("#cafes .cafe-card")).to_have_count(2)
    expect(reader.locator("main form")).to_have_count(0)
    expect(reader.locator("main")).to_contain_text("but not change it")
    axe_check(reader, "project page (reader)")
    _shoot(reader, "project-reader", "en")

    owner.goto(f"/sessions?project={project_url.rsplit('/', 1)[1]}&status=draft")
    expect(owner.locator(".cafe-card")).to_have_count(2)
    axe_check(owner, "dashboard filtered by project and status")
    _shoot(owner, "dashboard-filtered", "en")
    owner.goto(project_url)
    _shoot(owner, "project-owner", "en")

    # The owner takes the reader out; the reader's next page load finds nothing.
    owner.locator("#team > summary").click()
    with owner.expect_navigation():
        owner.locator("#team form[action$='/remove'] button").click()
    expect(owner.locator("#team")).not_to_contain_text(reader_email)
    response = reader.goto(project_url)
    assert response is not None and response.status == 404
    response = reader.goto(f"/sessions/{first['id']}")
    assert response is not None and response.status == 404

    # The same pages in bokmål, for people to look at.
    norsk = open_page("facilitator", "nb", logged_in=True)
    norsk.goto(project_url)
    axe_check(norsk, "project page in bokmål")
    _shoot(norsk, "project-owner", "nb")
    norsk.goto("/projects")
    _shoot(norsk, "projects", "nb")
    norsk.goto(f"/sessions?project={project_url.rsplit('/', 1)[1]}")
    _shoot(norsk, "dashboard-filtered", "nb")
