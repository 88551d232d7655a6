"""No page asks another server for anything: no CDN, no web fonts, no analytics, no embeds.

docs/privacy.md promises that nothing a participant or facilitator does leaves the server.
The CSP would block most such requests, but this test checks the promise itself: every
request and WebSocket a page makes in Chromium goes to the server's own origin (or is a
``data:``/``blob:`` URL). The pages come from the app's own URL map (every GET rule, its
ids filled from a seeded café and project), so a new page is checked without anyone
adding it here; a rule with a new kind of id fails until it gets a value below. Besides
those, the participant's join, wait, table, harvest and closed screens, the projector in
each phase, and the error pages.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, Request, WebSocket, expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import expect_live, join_as, post
from tests.e2e.support import ApiClient, ServerProcess, create_cafe

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"data", "blob", "about"}
# A value for each kind of id in a GET rule; a token that opens nothing shows an error page.
PLACEHOLDERS = {"fmt": "md", "code": "en", "token": "not-a-real-token", "table": "1"}


def _get_rules() -> list[str]:
    """Every GET rule of the app, except the static files (loaded by the pages anyway)."""
    from dialogcafe import create_app
    from dialogcafe.adapters import sqlite_worker
    from dialogcafe.extensions import DATABASE_KEY

    with tempfile.TemporaryDirectory() as directory:
        app = create_app(
            {
                "DATA_DIR": Path(directory),
                "ASYNC_MODE": "threading",
                "TESTING": True,
                "SECRET_KEY": "url-map",
                "MESSAGE_QUEUE": None,
                "SCHEMA_SETUP": "create_all",
            }
        )
        try:
            return sorted(
                rule.rule
                for rule in app.url_map.iter_rules()
                if "GET" in (rule.methods or set()) and not rule.rule.startswith("/static")
            )
        finally:
            sqlite_worker.worker_of(app).stop()
            app.extensions[DATABASE_KEY].engine.dispose()


def _fill(rule: str, values: dict[str, str]) -> str:
    """The rule with its ``<converter:name>`` parts replaced by ``values``."""
    path = rule
    while "<" in path:
        start, end = path.index("<"), path.index(">")
        name = path[start + 1 : end].split(":")[-1]
        assert name in values, f"{rule}: give <{name}> a value in test_browser_no_third_party.py"
        path = path[:start] + values[name] + path[end + 1 :]
    return path


class Watch:
    """Every request and WebSocket of the pages it is attached to, and which were foreign."""

    def __init__(self, server_url: str) -> None:
        self.origin = urlparse(server_url).netloc
        self.foreign: list[str] = []
        self.seen = 0
        self.sockets = 0

    def check(self, url: str, where: str) -> None:
        self.seen += 1
        parsed = urlparse(url)
        if parsed.scheme not in LOCAL_SCHEMES and parsed.netloc != self.origin:
            self.foreign.append(f"{where}: {url}")

    def attach(self, page: Page) -> Page:
        page.on("request", lambda request: self._request(page, request))
        page.on("websocket", lambda socket: self._socket(page, socket))
        return page

    def _request(self, page: Page, request: Request) -> None:
        self.check(request.url, page.url)

    def _socket(self, page: Page, socket: WebSocket) -> None:
        self.sockets += 1
        self.check(socket.url, page.url)


@pytest.fixture
def watch(server: ServerProcess) -> Iterator[Watch]:
    watched = Watch(server.url)
    yield watched
    assert not watched.foreign, "requests to other servers:\n" + "\n".join(watched.foreign)


def visit(page: Page, path: str) -> None:
    """Open ``path`` and let it do what it does on load: its live connection included."""
    page.goto(path)
    if page.locator("[data-connection]").count():
        expect_live(page)
    page.wait_for_load_state("networkidle")


def visit_every_page(page: Page, rules: list[str], values: dict[str, str]) -> list[str]:
    """Every GET rule that answers HTML, opened in the browser; the others (downloads,
    JSON) are fetched, as they load nothing. Returns the pages opened."""
    opened = []
    for rule in rules:
        path = _fill(rule, values)
        response = page.request.get(path)
        assert response.status < 500, f"{path}: {response.status}"
        if response.headers.get("content-type", "").startswith("text/html"):
            visit(page, path)
            opened.append(path)
    return opened


def _seed(api: ApiClient) -> dict[str, Any]:
    cafe = create_cafe(api, "Nabolaget", ["Hva gjør gården trygg?", "Hva savner du?"], start=False)
    project = api.post_json("/api/projects", {"name": "Bydelen"}, expect=201)
    project_id = project.get("id") or project["project"]["id"]
    api.request("PUT", f"/api/projects/{project_id}/sessions/{cafe['id']}")
    return {"cafe": cafe, "project_id": project_id}


def test_no_page_requests_anything_from_another_server(
    open_page: OpenPage, api: ApiClient, watch: Watch
) -> None:
    rules = _get_rules()
    seeded = _seed(api)
    cafe = seeded["cafe"]
    session_id = cafe["id"]

    # Before anyone logs in: the front page, log-in, sign-up, a typed code, error pages.
    visitor = watch.attach(open_page("phone", "nb"))
    for path in ("/", "/login", "/signup", f"/join?code={cafe['join_code']}", "/no-such-page"):
        visit(visitor, path)
    visit(visitor, "/j/AAAAAAA")  # a wrong join code

    # The participant: join, wait for round 1, the table, posting.
    phone = watch.attach(open_page("phone", "nb"))
    join_as(phone, cafe["join_code"], "Kari", table=1)
    facilitator = watch.attach(open_page("facilitator", "nb", logged_in=True))
    projector = watch.attach(open_page("projector", "nb", logged_in=True))
    visit(projector, f"/sessions/{session_id}/projector")
    api.post_json(f"/api/sessions/{session_id}/rounds/next")
    expect(phone.locator("#text")).to_be_visible()
    post(phone, "Mer lys i oppgangen")

    posts = api.request("GET", f"/api/sessions/{session_id}/posts").json()["posts"]
    values = {
        **PLACEHOLDERS,
        "session_id": str(session_id),
        "join_code": cafe["join_code"],
        "project_id": str(seeded["project_id"]),
        "post_id": str(posts[0]["id"]),
        "participant_id": str(posts[0]["participant"]),
    }
    opened = visit_every_page(facilitator, rules, values)
    for path in (
        "/sessions",
        f"/sessions/{session_id}",
        f"/sessions/{session_id}/moderation",
        f"/sessions/{session_id}/projector",
        f"/projects/{seeded['project_id']}",
        "/admin/accounts",
        "/sessions/new",
    ):
        assert path in opened, f"{path} was not opened as a page"

    # The harvest (harvest by question, dots, results) and the closed café, everywhere.
    api.post_json(f"/api/sessions/{session_id}/harvest")
    api.request("PATCH", f"/api/sessions/{session_id}", json={"show_results": True})
    for screen in (phone, facilitator, projector):
        visit(screen, screen.url)
    visit(facilitator, f"/sessions/{session_id}/projector")
    api.post_json(f"/api/sessions/{session_id}/close")
    visit(phone, f"/j/{cafe['join_code']}")
    visit(facilitator, f"/sessions/{session_id}")
    # The watch saw the pages' requests and live connections at all, and would tell.
    assert watch.seen > 50 and watch.sockets > 3
    assert not watch.foreign
    watch.check("https://cdn.example.com/font.woff2", "self-test")
    assert watch.foreign == ["self-test: https://cdn.example.com/font.woff2"]
    watch.foreign.clear()
