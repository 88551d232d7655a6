"""A phone sending faster than its limit keeps what it wrote and sends it again in time.

The server refuses a post past the socket limit with ``rate_limited`` and ``retry_after``;
the page must not drop the input (as it does for a rule's "no") but keep it in the outbox,
say why it waits, and send it again after ``retry_after``, until every input is stored
once. This module runs its own server with a small post limit (a burst of 2, then one
every 1.5 s), so the refusals come after a few taps instead of ten.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage
from tests.browser.helpers import join_as, outbox_size, post_with_text, posts, write
from tests.e2e.support import ApiClient, ServerProcess

pytestmark = pytest.mark.browser

PENDING = re.compile(r"\bis-pending\b")
TEXTS = [f"Innspill nummer {n}." for n in range(1, 6)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """This module's own server: the café limits but a post limit of 2 per 3 seconds."""
    base: Path = tmp_path_factory.mktemp("browser-limits")
    process = ServerProcess(
        base / "data",
        base / "server.log",
        name="browser-limits",
        extra_env={"DIALOGCAFE_LIMIT_SOCKET_POSTS": "2 per 3 seconds"},
    )
    process.create_facilitator()
    process.start()
    yield process
    process.stop()


def test_inputs_refused_as_too_fast_stay_in_the_outbox_and_arrive_once(
    open_page: OpenPage, api: ApiClient
) -> None:
    cafe = api.post_json(
        "/api/sessions",
        {"title": "Fort", "tables": 1, "topics": ["Hva nå?"], "rounds": 1, "round_minutes": 15},
        expect=201,
    )
    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
    phone = open_page()
    join_as(phone, cafe["join_code"], "Rask", table=1)

    for text in TEXTS:  # five taps on Send, as fast as the page takes them
        write(phone, text)
    # Past the burst the server said "too fast": the page says so and keeps the rest.
    error = phone.locator("[data-compose-error]")
    expect(error).to_contain_text("Du sender veldig raskt")
    assert outbox_size(phone, cafe["join_code"]) > 0

    # Each goes again after its retry_after, until all five are stored, each once.
    for text in TEXTS:
        sent = post_with_text(phone.locator("[data-posts]"), text)
        expect(sent).to_have_count(1)
        expect(sent).not_to_have_class(PENDING)
    expect(posts(phone)).to_have_count(len(TEXTS))
    assert outbox_size(phone, cafe["join_code"]) == 0
    expect(error).to_be_hidden()
    exported = api.request("GET", f"/api/sessions/{cafe['id']}/export.csv").text
    for text in TEXTS:
        assert exported.count(text) == 1, text
