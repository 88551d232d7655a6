"""A phone without WebSocket works over long-polling, and a long table pages back.

- Where WebSocket cannot open (here: the browser has none), the phone connects by
  long-polling; 50 inputs kept in its outbox while offline go out in batches
  (static/js/core/outbox.js) when the network is back, each POST within the server's packet
  limit, and every one is stored exactly once.
- A table with more inputs than a ``state`` holds shows "Vis eldre innspill" under them;
  pressing it brings the older ones, until there are no more.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Request, expect

from dialogcafe.adapters.polling import OUTBOX_BATCH
from tests.browser.conftest import OpenPage
from tests.browser.helpers import axe_check, expect_live, join_as, outbox_size, posts
from tests.e2e.support import ApiClient, ServerProcess
from tests.e2e.test_polling_and_paging import _seed

pytestmark = pytest.mark.browser

QUEUED = 50
OFFLINE = re.compile(r"\bis-offline\b")
PENDING = re.compile(r"\bis-pending\b")
# A network that refuses WebSocket (as some proxies do): every WebSocket this page opens
# goes to a path the server has none on, and fails, as a refused upgrade does.
NO_WEBSOCKET = """
const RealWebSocket = window.WebSocket;
window.WebSocket = class extends RealWebSocket {
  constructor(url, protocols) {
    super(String(url).replace("/socket.io/", "/no-websocket/"), protocols);
  }
};
"""


def _cafe(api: ApiClient, title: str, rounds: int = 1) -> dict[str, object]:
    cafe: dict[str, object] = api.post_json(
        "/api/sessions",
        {"title": title, "tables": 2, "topics": ["Hva nå?"], "rounds": rounds, "round_minutes": 15},
        expect=201,
    )
    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
    return cafe


def _packets_per_post(request: Request, counts: list[int]) -> None:
    """Count the Engine.IO packets in each long-polling POST the page sends."""
    if request.method == "POST" and "/socket.io/" in request.url:
        counts.append((request.post_data or "").count("\x1e") + 1)


def test_fifty_inputs_kept_offline_go_out_over_polling_in_batches(
    open_page: OpenPage, api: ApiClient
) -> None:
    cafe = _cafe(api, "Uten WebSocket")
    phone = open_page()
    phone.context.add_init_script(NO_WEBSOCKET)
    websockets: list[str] = []
    phone.on("websocket", lambda socket: websockets.append(socket.url))  # the refused ones
    posts_sent: list[int] = []
    phone.on("request", lambda request: _packets_per_post(request, posts_sent))
    join_as(phone, str(cafe["join_code"]), "Per", table=1)

    phone.context.set_offline(True)
    expect(phone.locator("[data-connection]")).to_have_class(OFFLINE)
    texts = [f"Innspill {n} skrevet uten nett." for n in range(QUEUED)]
    outbox = [{"client_id": str(uuid.uuid4()), "text": text} for text in texts]
    phone.evaluate(
        "([key, items]) => localStorage.setItem(key, JSON.stringify(items))",
        [f"dialogcafe:{cafe['join_code']}:outbox", outbox],
    )
    posts_sent.clear()
    phone.context.set_offline(False)
    expect_live(phone)

    expect(phone.locator("[data-posts] > .post:not(.is-pending)")).to_have_count(QUEUED)
    expect(phone.locator("[data-posts] > .post.is-pending")).to_have_count(0)
    assert outbox_size(phone, str(cafe["join_code"])) == 0
    assert websockets and all("/no-websocket/" in url for url in websockets)
    # Each POST held at most a batch of inputs (plus the connect packet or a pong).
    assert posts_sent and max(posts_sent) <= OUTBOX_BATCH + 2
    summary = api.request("GET", f"/api/sessions/{cafe['id']}/export.json").json()
    stored = [i["text"] for t in summary["tables"] for r in t["rounds"] for i in r["inputs"]]
    assert sorted(stored) == sorted(texts)


def test_a_long_table_shows_older_inputs_on_request(
    open_page: OpenPage, api: ApiClient, server: ServerProcess, tmp_path: Path
) -> None:
    cafe = _cafe(api, "Lang kafé")
    first = open_page()
    join_as(first, str(cafe["join_code"]), "Kari", table=1)
    first.fill("#text", "Det første innspillet ved bordet.")
    first.locator("[data-compose] button[type=submit]").click()
    expect(first.locator("[data-posts] > .post:not(.is-pending)")).to_have_count(1)
    _seed(server.data_dir, int(str(cafe["id"])), 249)  # 250 inputs: more than a state holds

    phone = open_page()
    join_as(phone, str(cafe["join_code"]), "Ola", table=1)
    expect(posts(phone)).to_have_count(200)
    older = phone.get_by_role("button", name="Vis eldre innspill")
    expect(older).to_be_visible()
    older.scroll_into_view_if_needed()
    phone.screenshot(path=str(tmp_path / "older-nb.png"))
    axe_check(phone, "phone with older inputs to show")

    older.click()
    expect(posts(phone)).to_have_count(250)
    expect(older).to_be_hidden()
    expect(phone.locator("[data-posts] > .post:focus")).to_have_count(1)  # keyboard kept
    last = phone.locator("[data-posts] > .post").last
    expect(last.locator(".post-text")).to_have_text("Det første innspillet ved bordet.")
    shown = phone.locator("[data-posts] > .post").evaluate_all(
        "(items) => items.map((item) => Number(item.dataset.postId))"
    )
    assert len(set(shown)) == 250 and shown == sorted(shown, reverse=True)
    phone.screenshot(path=str(tmp_path / "older-loaded-nb.png"), full_page=False)
    print(json.dumps({"screenshots": str(tmp_path)}))


def test_older_inputs_of_an_earlier_round_open_the_earlier_rounds_list(
    open_page: OpenPage, api: ApiClient, server: ServerProcess
) -> None:
    cafe = _cafe(api, "To runder", rounds=2)
    first = open_page()
    join_as(first, str(cafe["join_code"]), "Kari", table=1)
    first.fill("#text", "Fra første runde.")
    first.locator("[data-compose] button[type=submit]").click()
    expect(first.locator("[data-posts] > .post:not(.is-pending)")).to_have_count(1)
    _seed(server.data_dir, int(str(cafe["id"])), 249)
    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")

    phone = open_page()
    join_as(phone, str(cafe["join_code"]), "Ola", table=1)
    earlier = phone.locator("[data-earlier-posts] > .post")
    expect(earlier).to_have_count(200)
    expect(phone.locator("[data-earlier]")).not_to_have_attribute("open", "")
    phone.get_by_role("button", name="Vis eldre innspill").click()
    expect(earlier).to_have_count(250)
    expect(phone.locator("[data-earlier]")).to_have_attribute("open", "")
    expect(earlier.last.locator(".post-text")).to_have_text("Fra første runde.")
