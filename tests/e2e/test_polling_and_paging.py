"""Long-polling phones flush full outboxes, and a big café's ``state`` stays small.

Real server processes, real Socket.IO clients (issue 11, items 5 and 9):

- a phone forced onto long-polling queues 50 inputs and sends them the way the browser's
  outbox does (static/js/core/outbox.js: at most a batch on their way, the next as acks come
  back): every one is acknowledged and stored exactly once;
- one POST carrying 40 inputs (more than python-engineio's own 16) is decoded whole, and one
  carrying more than the server's limit is refused with a clean 400, no traceback;
- after 4,400 inputs over 10 tables a phone's ``state`` holds the newest page of its own
  table (and of the others only while it may see them), a small fraction of what it was,
  and ``older_posts`` pages back to the first input with no gap and no repeat.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import engineio.payload
import pytest
import requests
import socketio

from dialogcafe.adapters.polling import DEFAULT_MAX_PACKETS, OUTBOX_BATCH
from tests.e2e.support import (
    HTTP_TIMEOUT,
    REPO_ROOT,
    ApiClient,
    ClientFactory,
    ServerFactory,
    ServerProcess,
    join,
)

pytestmark = pytest.mark.e2e

WAIT = 20.0
QUEUED = 50
TABLES = 10
PER_TABLE = 440  # 4,400 inputs in the café, as in the issue
PAGE = 200  # DIALOGCAFE_STATE_POSTS' default
TEXT = (
    "Vi trenger flere møteplasser i nabolaget, og at noen spør oss før de bestemmer noe om "
    "husene våre. Det gjelder også vedlikehold og trapper."
)


@pytest.fixture(autouse=True)
def _client_reads_like_a_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-engineio's client decodes at most 16 packets per polling response; the
    browser's has no such limit, so neither has this test's (the server's limit is what
    is under test, and it runs in the server's own process)."""
    monkeypatch.setattr(engineio.payload.Payload, "max_decode_packets", 10_000)


def _cafe(api: ApiClient, tables: int) -> dict[str, Any]:
    cafe: dict[str, Any] = api.post_json(
        "/api/sessions",
        {
            "title": "Store kafé",
            "tables": tables,
            "topics": ["Hva trenger du for å bo godt?"],
            "rounds": 2,
            "round_minutes": 30,
        },
        expect=201,
    )
    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
    return cafe


class PollingPhone:
    """A real python-socketio client forced onto long-polling, with the outbox of
    static/js/core/outbox.js: at most ``OUTBOX_BATCH`` inputs on their way at once."""

    def __init__(self, url: str, token: str) -> None:
        self.sio = socketio.Client(reconnection=False)
        self.state = threading.Event()
        self.changed = threading.Condition()
        self.acks: dict[str, list[dict[str, Any]]] = {}
        self.waiting: list[dict[str, str]] = []
        self.on_their_way: set[str] = set()
        self.most_on_their_way = 0
        self.sio.on("state", lambda _data: self.state.set())
        self.sio.connect(url, auth={"token": token}, transports=["polling"], wait_timeout=WAIT)

    def flush(self, items: list[dict[str, str]]) -> None:
        """Send the whole outbox as outbox.js does; returns at once."""
        with self.changed:
            self.waiting.extend(items)
        self._pump()

    def _pump(self) -> None:
        with self.changed:
            ready = []
            while self.waiting and len(self.on_their_way) < OUTBOX_BATCH:
                item = self.waiting.pop(0)
                self.on_their_way.add(item["client_id"])
                ready.append(item)
            self.most_on_their_way = max(self.most_on_their_way, len(self.on_their_way))
        for item in ready:
            self.sio.emit("post", item, callback=lambda ack, item=item: self._acked(item, ack))

    def _acked(self, item: dict[str, str], ack: dict[str, Any]) -> None:
        with self.changed:
            self.on_their_way.discard(item["client_id"])
            self.acks.setdefault(item["client_id"], []).append(ack)
            if not ack.get("ok"):  # the browser keeps it and sends it again
                self.waiting.append(item)
            self.changed.notify_all()
        self._pump()

    def wait_for_acks(self, client_ids: set[str]) -> bool:
        def done() -> bool:
            return all(any(a.get("ok") for a in self.acks.get(c, [])) for c in client_ids)

        with self.changed:
            return self.changed.wait_for(done, WAIT)


def test_fifty_queued_inputs_on_polling_all_arrive_once(
    live_server: ServerProcess, api: ApiClient
) -> None:
    cafe = _cafe(api, 2)
    phone = PollingPhone(live_server.url, join(live_server, cafe["join_code"], 1, "Kari"))
    try:
        assert phone.state.wait(WAIT)
        assert phone.sio.transport() == "polling"
        items = [{"client_id": str(uuid.uuid4()), "text": f"Innspill nr. {n}"} for n in range(50)]
        phone.flush(items)
        assert phone.wait_for_acks({item["client_id"] for item in items})
    finally:
        phone.sio.disconnect()

    assert 1 < phone.most_on_their_way <= OUTBOX_BATCH
    acks = [phone.acks[item["client_id"]] for item in items]
    assert all(len(a) == 1 and a[0]["ok"] and not a[0]["duplicate"] for a in acks)
    assert len({a[0]["post"]["id"] for a in acks}) == QUEUED
    summary = api.request("GET", f"/api/sessions/{cafe['id']}/export.json").json()
    stored = [i["text"] for t in summary["tables"] for r in t["rounds"] for i in r["inputs"]]
    assert sorted(stored) == sorted(item["text"] for item in items)
    assert "Traceback" not in live_server.log_tail(400)


def test_outbox_batch_is_the_same_in_the_browser_and_the_server() -> None:
    script = (REPO_ROOT / "static/js/core/outbox.js").read_text(encoding="utf-8")
    match = re.search(r"export const BATCH = (\d+);", script)
    assert match and int(match.group(1)) == OUTBOX_BATCH
    assert OUTBOX_BATCH * 2 < DEFAULT_MAX_PACKETS  # room for likes, votes and pings


class RawPolling:
    """Engine.IO long-polling by hand: one POST carries exactly the packets given."""

    def __init__(self, url: str) -> None:
        self.http = requests.Session()
        self.base = f"{url}/socket.io/?EIO=4&transport=polling"
        opened = self.http.get(self.base, timeout=HTTP_TIMEOUT).text
        assert opened.startswith("0"), opened
        self.sid = json.loads(opened[1:])["sid"]

    def post(self, packets: list[str]) -> requests.Response:
        return self.http.post(
            f"{self.base}&sid={self.sid}",
            data="\x1e".join(packets).encode(),
            headers={"Content-Type": "text/plain;charset=UTF-8"},
            timeout=HTTP_TIMEOUT,
        )

    def packets(self) -> Iterator[str]:
        """Every packet the server sends, as long as the test reads."""
        while True:
            answer = self.http.get(f"{self.base}&sid={self.sid}", timeout=WAIT)
            assert answer.status_code == 200, answer.text
            for packet in answer.text.split("\x1e"):
                if packet == "2":  # the server's ping
                    self.post(["3"])
                yield packet

    def close(self) -> None:
        self.http.close()


def test_one_post_of_forty_inputs_is_decoded_and_too_many_are_refused_cleanly(
    live_server: ServerProcess, api: ApiClient
) -> None:
    cafe = _cafe(api, 1)
    raw = RawPolling(live_server.url)
    try:
        token = join(live_server, cafe["join_code"], 1, "Ola")
        assert raw.post(["40" + json.dumps({"token": token})]).status_code == 200
        posts = [
            "42" + str(n) + json.dumps(["post", {"client_id": f"burst-{n:04d}", "text": f"nr {n}"}])
            for n in range(40)
        ]
        assert raw.post(posts).status_code == 200  # python-engineio alone: 16 at most
        acks: dict[int, Any] = {}
        for packet in raw.packets():
            found = re.match(r"43(\d+)(\[.*)", packet, re.DOTALL)
            if found:
                acks[int(found.group(1))] = json.loads(found.group(2))[0]
            if len(acks) == 40:
                break
        assert all(ack["ok"] and not ack["duplicate"] for ack in acks.values())

        # One packet too many (noops): 400 at once, and the connection is closed (a phone
        # reconnects and sends its outbox again), with no traceback in the log.
        refused = raw.post(["6"] * (DEFAULT_MAX_PACKETS + 1))
        assert refused.status_code == 400
        gone = raw.http.get(f"{raw.base}&sid={raw.sid}", timeout=HTTP_TIMEOUT)
        assert gone.status_code == 400
    finally:
        raw.close()
    assert "Traceback" not in live_server.log_tail(400)


def _seed(data_dir: Path, session_id: int, copies: int) -> None:
    """Copy each stored input ``copies`` times, straight into the server's SQLite file
    (posting 4,400 inputs one by one would take minutes and test nothing more)."""
    with sqlite3.connect(data_dir / "dialogcafe.sqlite3", timeout=30) as db:
        db.execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO posts (session_id, participant_id, client_id, table_number,
                               round_number, topic_id, text, status, hidden_reason,
                               on_behalf, on_behalf_name, seq, created_at)
            SELECT p.session_id, p.participant_id, substr(p.client_id, 1, 40) || '-' || n.i,
                   p.table_number, p.round_number, p.topic_id, p.text || ' (' || n.i || ')',
                   p.status, p.hidden_reason, p.on_behalf, p.on_behalf_name, p.seq,
                   p.created_at
            FROM posts AS p, n WHERE p.session_id = ?
            """,
            (copies, session_id),
        )


def _size(data: Any) -> int:
    return len(json.dumps(data, ensure_ascii=False).encode())


def test_a_big_cafe_sends_a_phone_its_own_table_paged(
    live_server: ServerProcess,
    api: ApiClient,
    socket_clients: ClientFactory,
    server_factory: ServerFactory,
) -> None:
    cafe = _cafe(api, TABLES)
    phones = []
    for table in range(1, TABLES + 1):
        phone = socket_clients(f"table {table}")
        phone.connect(live_server.url, {"token": join(live_server, cafe["join_code"], table, "")})
        assert phone.first("state").wait(WAIT)
        ack = phone.call("post", {"client_id": str(uuid.uuid4()), "text": TEXT})
        assert ack["ok"], ack
        phones.append(phone)
    _seed(live_server.data_dir, cafe["id"], PER_TABLE - 1)
    token = join(live_server, cafe["join_code"], 1, "Kari")

    # Before: a state with every input (the page size at its maximum, as the code was).
    unbounded = server_factory(
        live_server.data_dir, name="unbounded", extra_env={"DIALOGCAFE_STATE_POSTS": "5000"}
    )
    unbounded.start()
    before = socket_clients("before")
    before.connect(unbounded.url, {"token": token})
    assert before.first("state").wait(WAIT)
    whole = before.events("state")[0]
    assert len(whole["posts"]) + len(whole["other_posts"]) == TABLES * PER_TABLE
    before.disconnect()

    phone = socket_clients("phone")
    phone.connect(live_server.url, {"token": token})
    assert phone.first("state").wait(WAIT)
    state = phone.events("state")[0]
    assert {p["table"] for p in state["posts"]} == {1}
    assert len(state["posts"]) == PAGE and state["more_posts"] is True
    assert 1 not in {p["table"] for p in state["other_posts"]}
    assert len(state["other_posts"]) == PAGE and state["more_other_posts"] is True
    print(f"state after 4,400 inputs: {_size(whole)} bytes before, {_size(state)} after")
    assert _size(whole) > 1_000_000
    assert _size(state) < _size(whole) / 8

    # Older pages of the own table, back to its first input: no gap, no repeat.
    seen = [p["id"] for p in state["posts"]]
    cursor, more = min(seen), True
    while more:
        page = phone.call("older_posts", {"before": cursor})
        assert page["ok"], page
        assert 0 < len(page["posts"]) <= PAGE and {p["table"] for p in page["posts"]} == {1}
        assert all(p["id"] < cursor for p in page["posts"])
        seen += [p["id"] for p in page["posts"]]
        cursor, more = page["before"], page["more"]
    assert len(seen) == len(set(seen)) == PER_TABLE
    others = phone.call("older_posts", {"before": 10**9, "scope": "others"})
    assert others["ok"] and len(others["posts"]) == PAGE and others["more"]
    assert 1 not in {p["table"] for p in others["posts"]}

    for bad in ("12", True, 0, -5, 2**70, None, 1.5):
        refused = phone.call("older_posts", {"before": bad})
        # (A number too big for any id may already be refused as a bad request at the edge.)
        codes = {"invalid_field", "bad_request"} if bad == 2**70 else {"invalid_field"}
        assert refused["ok"] is False and refused["code"] in codes, (bad, refused)
    refused = phone.call("older_posts", {"before": 5, "scope": "everything"})
    assert refused["code"] == "invalid_field"

    # Other tables hidden: the state holds the own table only, and they cannot be paged.
    api.request("PATCH", f"/api/sessions/{cafe['id']}", json={"hide_other_tables": True})
    hidden = socket_clients("hidden")
    hidden.connect(live_server.url, {"token": token})
    assert hidden.first("state").wait(WAIT)
    hidden_state = hidden.events("state")[0]
    assert hidden_state["other_posts"] == [] and hidden_state["more_other_posts"] is False
    assert {p["table"] for p in hidden_state["posts"]} == {1}
    refused = hidden.call("older_posts", {"before": 10**9, "scope": "others"})
    assert refused["ok"] is False and refused["code"] == "not_your_table"

    # The facilitator's screen: the café's newest inputs, with every table's true count.
    facilitator = socket_clients("facilitator")
    facilitator.connect(live_server.url, {"session": cafe["id"], "token": api.token})
    assert facilitator.first("state").wait(WAIT)
    overview = facilitator.events("state")[0]
    assert sum(len(t["posts"]) for t in overview["tables"]) == 1000
    assert all(t["post_count"] == PER_TABLE and t["more_posts"] for t in overview["tables"])
    assert _size(overview) < _size(whole) / 3
    older = facilitator.call("older_posts", {"before": 10**9, "table": 3})
    assert older["ok"] and {p["table"] for p in older["posts"]} == {3}
    assert facilitator.call("older_posts", {"before": 1, "table": 99})["code"] == "unknown_table"
