"""Fixtures for browser tests: one real server and one headless Chromium for the whole run.

The server is started once per test session (each test makes its own café on it, so tests
stay independent), the browser once per run, and every role gets a fresh browser context
of its own size: a facilitator's laptop, a projector, phones. A test fails if any page it
opened threw an uncaught JavaScript error or broke the Content Security Policy, because
both mean a person would have seen a broken page even if the assertions held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.browser.helpers import Problems, install_problem_watch, login
from tests.e2e.support import ApiClient, ServerProcess

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 10_000  # the longest any single expected change on a page may take
LANGUAGE_COOKIE = "dialogcafe_lang"
ROLES: dict[str, dict[str, Any]] = {
    "facilitator": {"viewport": {"width": 1440, "height": 900}},
    "projector": {"viewport": {"width": 1920, "height": 1080}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 1,  # nothing here is looked at; screenshots use 2
        "is_mobile": True,
        "has_touch": True,
    },
}
LOCALES = {
    "nb": "nb-NO",
    "nn": "nn-NO",
    "en": "en-GB",
    "pl": "pl-PL",
    "uk": "uk-UA",
    "ar": "ar",
    "so": "so-SO",
}

_SERVER = pytest.StashKey[ServerProcess]()

OpenPage = Callable[..., Page]
"""``open_page(role="phone", lang="nb", *, logged_in=False) -> Page``: a page in a new context."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    """Show the server's log tail under a failing browser test (the server is shared)."""
    report = yield
    server = item.session.stash.get(_SERVER, None)
    if report.failed and server is not None:
        report.sections.append(("server log (tail)", server.log_tail()))
    return report


@pytest.fixture(scope="session")
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """The real app (``python app.py``, eventlet) with a facilitator made by the CLI."""
    base = tmp_path_factory.mktemp("browser-server")
    process = ServerProcess(base / "data", base / "server.log", name="browser-server")
    process.create_facilitator()
    process.start()
    request.session.stash[_SERVER] = process
    yield process
    process.stop()


@pytest.fixture
def api(server: ServerProcess) -> Iterator[ApiClient]:
    """The JSON API as the facilitator, for setting up a café quickly when the form is
    not what a test is about."""
    client = ApiClient(server.url)
    client.log_in()
    yield client
    client.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole run (there is no browser download here)."""
    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Browser, server: ServerProcess) -> Iterator[OpenPage]:
    """Open a page in a fresh context for a role; every context is closed at teardown.

    Contexts do not share cookies, so each phone is its own person. ``logged_in=True``
    gives a context with the facilitator's login cookie: the first such page logs in
    through the form, later ones (a projector, a second tab) reuse its cookies, as a
    facilitator's own laptop would. After the test, any uncaught page error or CSP
    violation fails it.
    """
    contexts: list[BrowserContext] = []
    problems = Problems()
    login_state: list[Any] = []

    def open_(role: str = "phone", lang: str = "nb", *, logged_in: bool = False) -> Page:
        context = browser.new_context(
            **ROLES[role],
            base_url=server.url,
            locale=LOCALES[lang],
            reduced_motion="reduce",
            accept_downloads=True,
            storage_state=login_state[0] if logged_in and login_state else None,
        )
        context.set_default_timeout(WAIT_MS)
        context.add_cookies(
            [{"name": LANGUAGE_COOKIE, "value": lang, "url": server.url}],
        )
        contexts.append(context)
        page = context.new_page()
        install_problem_watch(page, problems, label=f"{role}#{len(contexts)}")
        if logged_in and not login_state:
            login(page)
            login_state.append(context.storage_state())
        return page

    yield open_
    for context in contexts:
        context.close()
    problems.assert_none()
