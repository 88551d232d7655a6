"""What a person does in the browser, as small functions the scenarios are written in.

Every wait is Playwright's own auto-waiting (``expect(...)`` and locators): no sleeps.
Selectors use the ``data-*`` hooks the pages' scripts use, so the tests do not break when
a text is reworded or translated.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import ConsoleMessage, Error, Locator, Page, ViewportSize, expect
from qrcode import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, QRCode

from tests.browser.reflow import assert_reflows
from tests.e2e.support import FACILITATOR_EMAIL, FACILITATOR_PASSWORD, ApiClient

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = REPO_ROOT / "static" / "js" / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")
LIVE = re.compile(r"\bis-live\b")


# --- watching for broken pages -----------------------------------------------------------


@dataclass
class Problems:
    """Uncaught errors and CSP violations seen on any page of one test."""

    seen: list[str] = field(default_factory=list)

    def assert_none(self) -> None:
        assert not self.seen, "pages reported problems:\n" + "\n".join(self.seen)


def install_problem_watch(page: Page, problems: Problems, label: str) -> None:
    """Record what a person would see as a broken page: a script crash or a blocked resource."""

    def on_page_error(error: Error) -> None:
        problems.seen.append(f"[{label}] uncaught error on {page.url}: {error}")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.seen.append(f"[{label}] CSP violation on {page.url}: {message.text}")

    page.on("pageerror", on_page_error)
    page.on("console", on_console)


# --- page data ---------------------------------------------------------------------------


def page_data(page: Page) -> dict[str, Any]:
    """The JSON the server rendered for the page's script (``<script id="page-data">``)."""
    data: dict[str, Any] = json.loads(page.locator("#page-data").text_content() or "{}")
    return data


def expect_live(page: Page) -> None:
    """Wait until the page's Socket.IO connection is up (its status line says so)."""
    expect(page.locator("[data-connection]").first).to_have_class(LIVE)


# --- facilitator ---------------------------------------------------------------------------


def login(page: Page, email: str = FACILITATOR_EMAIL, password: str = FACILITATOR_PASSWORD) -> None:
    """Log in through the form and land on the dashboard."""
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/sessions$"))


@dataclass(frozen=True)
class CreatedCafe:
    """A session made through the web form."""

    id: int
    join_code: str
    join_link: str


def create_session_in_form(
    page: Page,
    *,
    title: str,
    topics: list[str],
    tables: int,
    rounds: int,
    minutes: int = 15,
    rotation: str = "topics",
) -> CreatedCafe:
    """Fill in "New session" as a facilitator would; end on the new session's page."""
    page.goto("/sessions/new")
    page.fill("#title", title)
    page.fill("#topics", "\n".join(topics))
    page.fill("#tables", str(tables))
    page.fill("#rounds", str(rounds))
    page.fill("#round_minutes", str(minutes))
    page.check(f"input[name=rotation][value={rotation}]")
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+$"))
    session_id = int(page.url.rsplit("/", 1)[1])
    join_code = (page.locator(".join-code").first.text_content() or "").strip()
    join_link = page.locator(".join-link a").first.get_attribute("href") or ""
    return CreatedCafe(session_id, join_code, join_link)


def start_next_round(page: Page, number: int | None = None) -> None:
    """Press "Start round N" on the facilitator's session page; wait until it has begun.

    The form posts and reloads the page (or, if it is ever sent with ``fetch``, the page
    updates from the socket); either way the round line ends up naming round ``number``.
    """
    form = page.locator("form[action$='/next']")
    confirm = page.locator("details:has(form[action$='/next']):not([open]) > summary")
    if confirm.count():  # the cockpit asks "Yes, start round N" first
        confirm.click()
    if form.get_attribute("data-async") is None:
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
    else:
        form.locator("button[type=submit]").click()
    expect_live(page)
    if number is not None:
        # "Runde 2 av 3" / "Round 2 of 3": the first number is the current round.
        expect(page.locator("[data-round-status]")).to_have_text(
            re.compile(rf"^\D*\b{number}\b\D+\d+\s*$")
        )


def table_card(page: Page, table: int) -> Locator:
    """One table's card on the facilitator's live view."""
    return page.locator(f".table-card[data-table='{table}']")


def qr_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules of a QR code drawn as an SVG path of unit squares ("Mx,yH…z"),
    shifted so the top-left finder pattern starts at (0, 0) whatever the quiet zone."""
    squares = {
        (round(float(x)), round(float(y))) for x, y in re.findall(r"M([\d.]+),([\d.]+)H", svg)
    }
    assert squares, "no QR modules found in the SVG"
    left = min(x for x, _ in squares)
    top = min(y for _, y in squares)
    return {(x - left, y - top) for x, y in squares}


def qr_encodes(svg: str, text: str) -> bool:
    """Does the SVG QR code encode ``text``? Re-encode it at each error-correction level
    and compare the modules (a decoder would need a native library; this needs none)."""
    drawn = qr_modules(svg)
    for level in (ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H):
        code = QRCode(error_correction=level, border=0)
        code.add_data(text)
        code.make(fit=True)
        matrix = code.get_matrix()
        expected = {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}
        if expected == drawn:
            return True
    return False


# --- participants --------------------------------------------------------------------------


def join_as(page: Page, join_code_or_link: str, nickname: str, table: int | None = None) -> int:
    """Open the join link, pick a name (and a table), join; return the table given.

    ``join_code_or_link`` is a code or the full link a QR code encodes.
    """
    target = (
        join_code_or_link if join_code_or_link.startswith("http") else f"/j/{join_code_or_link}"
    )
    page.goto(target)
    page.fill("#nickname", nickname)
    if table is not None:
        page.check(f"input[name=table][value='{table}']")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#table-heading")).to_be_visible()
    expect_live(page)
    placed: int = page_data(page)["table"]
    assert table is None or placed == table
    return placed


def watch_other_tables(page: Page) -> None:
    """Open the phone's "Inputs from the other tables" and wait until the server sends them
    live (``watch_others`` acknowledged)."""
    page.locator("[data-other-fold] > summary").click()
    expect(page.locator("[data-other-fold]")).to_have_attribute("data-watching", "true")


def posts(page: Page) -> Locator:
    """The inputs shown in the current round's list (a phone) — pending ones included."""
    return page.locator("[data-posts] > .post")


def post_with_text(scope: Page | Locator, text: str) -> Locator:
    """Posts (``li.post``) whose text is exactly ``text``."""
    exact = re.compile(rf"^\s*{re.escape(text)}\s*$")
    page = scope if isinstance(scope, Page) else scope.page
    # A ``has`` locator is matched inside each post, so it is built from the page root.
    return scope.locator(".post").filter(has=page.locator(".post-text").filter(has_text=exact))


def write(page: Page, text: str) -> None:
    """Type an input and press Send, without waiting for the server."""
    page.fill("#text", text)
    page.locator("[data-compose] button[type=submit]").click()


def post(page: Page, text: str) -> Locator:
    """Send an input and wait until it shows as sent (acknowledged, not "sending…")."""
    write(page, text)
    sent = post_with_text(page.locator("[data-posts]"), text)
    expect(sent).to_have_count(1)
    expect(sent).not_to_have_class(re.compile(r"\bis-pending\b"))
    return sent


def outbox_size(page: Page, join_code: str) -> int:
    """How many inputs the phone still keeps to resend (its localStorage outbox)."""
    size: int = page.evaluate(
        "(key) => JSON.parse(localStorage.getItem(key) || '[]').length",
        f"dialogcafe:{join_code}:outbox",
    )
    return size


# --- accessibility -------------------------------------------------------------------------


@functools.cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page (WCAG 2.0/2.1 A and AA) and return serious/critical findings.

    axe is evaluated through the DevTools protocol rather than added as a ``<script>``
    tag, because the app's strict CSP (``script-src 'self'``) rightly blocks inline
    scripts and the tests keep that CSP switched on.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    result: dict[str, Any] = page.evaluate(
        """async (tags) => {
            const result = await window.axe.run(document, {
                runOnly: { type: "tag", values: tags },
                resultTypes: ["violations"],
            });
            return { violations: result.violations };
        }""",
        AXE_TAGS,
    )
    return [v for v in result["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(where: str, violations: list[dict[str, Any]]) -> str:
    """A readable report: rule, impact, help text and the offending elements."""
    lines = [f"{where}: {len(violations)} serious/critical accessibility violation(s)"]
    for violation in violations:
        lines.append(
            f"  - {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n    {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"      at {target}: {node.get('failureSummary', '').strip()}")
            lines.append(f"        {node.get('html', '')[:200]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      … and {len(violation['nodes']) - 5} more element(s)")
    return "\n".join(lines)


def axe_check(page: Page, where: str | None = None) -> None:
    """Fail with a readable list if axe finds a serious or critical violation."""
    violations = axe_violations(page)
    assert not violations, describe_violations(where or page.url, violations)


def two_table_themes_cafe(api: ApiClient) -> dict[str, Any]:
    """A running café of two tables and one question: the themes tests' starting point."""
    cafe: dict[str, Any] = api.post_json(
        "/api/sessions",
        {
            "title": "Trygt hjem",
            "tables": 2,
            "topics": ["Hva gjør et hjem trygt?"],
            "rounds": 1,
            "round_minutes": 15,
        },
        expect=201,
    )
    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
    return cafe


PHONE_SIZES: dict[str, ViewportSize] = {
    "390": {"width": 390, "height": 844},
    "320": {"width": 320, "height": 640},
}


def check_phone_state(
    page: Page,
    state: str,
    lang: str,
    shots: Path,
    *,
    direction: str,
    also: Callable[[Page, str], None] | None = None,
) -> None:
    """A phone's state in ``lang``: the text direction, axe-clean and reflowing at 390 and
    320 CSS px (and ``also``, given where it is), with a screenshot of each width in
    ``shots`` (``<state>-<width>-<lang>``)."""
    shots.mkdir(parents=True, exist_ok=True)
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    for width, size in PHONE_SIZES.items():
        page.set_viewport_size(size)
        page.screenshot(path=shots / f"{state}-{width}-{lang}.png", full_page=True)
        where = f"{state} at {width} px ({lang})"
        axe_check(page, where)
        assert_reflows(page, where)
        if also is not None:
            also(page, where)
    page.set_viewport_size(PHONE_SIZES["390"])
