"""A whole café against the real server: six phones at three tables, a facilitator, two rounds.

Everything goes over the wire: the CLI makes the facilitator, ``requests`` drives the JSON
API, and real ``python-socketio`` clients (WebSocket transport) sit at the tables. The test
checks who hears which input, that the questions rotate, that bad input is refused, and
that every input reaches every export format, downloaded and on disk.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import Any

import pytest
import socketio

from dialogcafe.exports.tables import CSV_COLUMNS
from tests.e2e.support import ApiClient, ClientFactory, RecordingClient, ServerProcess

pytestmark = pytest.mark.e2e

TOPICS = (
    "What makes a home feel safe?",
    "Who do you ask for help in your building?",
    "What would you change in the shared spaces?",
)
TABLES = 3
ROUNDS = 2
WAIT = 5.0  # seconds any single expected event may take
EXPORT_FORMATS = ("md", "csv", "json")


@dataclass(frozen=True)
class Phone:
    """One participant: their table, their secret token and their socket."""

    nickname: str
    table: int
    token: str
    client: RecordingClient


@dataclass(frozen=True)
class Posted:
    """An acknowledged input and who wrote it."""

    author: Phone
    post: dict[str, Any]


def test_live_cafe(
    live_server: ServerProcess, api: ApiClient, socket_clients: ClientFactory
) -> None:
    cafe = api.post_json(
        "/api/sessions",
        {
            "title": "Trivsel i borettslaget",
            "tables": TABLES,
            "topics": list(TOPICS),
            "rounds": ROUNDS,
            "round_minutes": 15,
            "rotation": "topics",
        },
        expect=201,
    )
    session_id, join_code = cafe["id"], cafe["join_code"]
    phones = _join_two_per_table(api, join_code, socket_clients)
    facilitator = socket_clients("facilitator")

    facilitator.connect(live_server.url, {"token": api.token, "session": session_id})
    for phone in phones:
        phone.client.connect(live_server.url, {"token": phone.token})
    _check_initial_states(facilitator, phones, session_id)
    _check_wrong_tokens_are_refused(live_server.url, socket_clients, session_id)

    posted: list[Posted] = []
    round_topics: dict[int, dict[int, str]] = {}
    for round_number in range(1, ROUNDS + 1):
        round_topics[round_number] = _start_round(
            api, session_id, round_number, facilitator, phones
        )
        this_round = _post_from_every_phone(phones, round_number, round_topics[round_number])
        if round_number == 1:
            _check_bad_posts(phones[0], this_round[0])
        _check_deliveries(this_round, round_number, facilitator, phones)
        posted += this_round

    for table in range(1, TABLES + 1):
        assert round_topics[2][table] != round_topics[1][table], f"table {table} kept its topic"
    assert sorted(round_topics[2].values()) == sorted(TOPICS)

    _check_exports(api, live_server, session_id, join_code, posted)


def _join_two_per_table(api: ApiClient, join_code: str, make: ClientFactory) -> list[Phone]:
    phones = []
    for table in range(1, TABLES + 1):
        for seat in ("a", "b"):
            nickname = f"Gjest {table}{seat}"
            joined = api.post_json(
                f"/api/join/{join_code}", {"table": table, "nickname": nickname}, expect=201
            )
            participant = joined["participant"]
            assert participant["table"] == table
            assert participant["nickname"] == nickname
            phones.append(Phone(nickname, table, participant["token"], make(nickname)))
    return phones


def _check_initial_states(
    facilitator: RecordingClient, phones: list[Phone], session_id: int
) -> None:
    for client in [facilitator, *(phone.client for phone in phones)]:
        assert client.first("state").wait(WAIT), f"{client} got no state"
    (state,) = facilitator.events("state")
    assert state["role"] == "facilitator"
    assert state["session"]["id"] == session_id
    assert [t["participants"] for t in state["tables"]] == [2] * TABLES
    for phone in phones:
        (state,) = phone.client.events("state")
        assert state["role"] == "participant"
        assert state["table"] == phone.table
        assert state["round"] == 0
        assert state["posts"] == []


def _check_wrong_tokens_are_refused(url: str, make: ClientFactory, session_id: int) -> None:
    for name, auth in (
        ("wrong participant token", {"token": "not-a-participant-token"}),
        ("wrong bearer token", {"token": "not-a-bearer-token", "session": session_id}),
    ):
        intruder = make(name)
        with pytest.raises(socketio.exceptions.ConnectionError):
            intruder.connect(url, auth)
        assert intruder.connect_errors, f"{name}: the server gave no reason"
        assert not intruder.first("state").is_set()


def _start_round(
    api: ApiClient,
    session_id: int,
    round_number: int,
    facilitator: RecordingClient,
    phones: list[Phone],
) -> dict[int, str]:
    """Start the next round; every phone must hear its own table's question."""
    overview = api.post_json(f"/api/sessions/{session_id}/rounds/next")
    assert overview["round"] == round_number
    topics = {entry["table"]: entry["topic"] for entry in overview["tables"]}
    assert sorted(topics) == list(range(1, TABLES + 1))

    def is_this_round(data: dict[str, Any]) -> bool:
        return data["round"] == round_number

    assert facilitator.wait_for_event("round", is_this_round, timeout=WAIT)
    assert facilitator.events("round")[-1]["tables"] == overview["tables"]
    for phone in phones:
        assert phone.client.wait_for_event("round", is_this_round, timeout=WAIT), phone.nickname
        (event,) = [e for e in phone.client.events("round") if is_this_round(e)]
        assert event["table"] == phone.table
        assert event["topic"] == topics[phone.table]
        assert event["status"] == "running"
    return topics


def _post_from_every_phone(
    phones: list[Phone], round_number: int, topics: dict[int, str]
) -> list[Posted]:
    posted = []
    for phone in phones:
        client_id = str(uuid.uuid4())
        text = f"Runde {round_number}, {phone.nickname}: {uuid.uuid4().hex[:12]} æøå"
        ack = phone.client.call("post", {"client_id": client_id, "text": text}, timeout=WAIT)
        assert ack["ok"] is True, ack
        assert ack["duplicate"] is False
        post = ack["post"]
        assert isinstance(post["id"], int)
        assert post["client_id"] == client_id
        assert post["text"] == text
        assert post["table"] == phone.table
        assert post["round"] == round_number
        assert post["topic"] == topics[phone.table]
        assert post["nickname"] == phone.nickname
        posted.append(Posted(phone, post))
    return posted


def _check_bad_posts(phone: Phone, earlier: Posted) -> None:
    """Empty text is refused; a resend of a stored client_id returns the stored post."""
    ack = phone.client.call("post", {"client_id": str(uuid.uuid4()), "text": "  \n "})
    assert ack["ok"] is False, ack
    assert isinstance(ack["error"], str) and ack["error"]
    assert ack["code"] == "empty_input"

    resend = {"client_id": earlier.post["client_id"], "text": earlier.post["text"]}
    ack = phone.client.call("post", resend, timeout=WAIT)
    assert ack["ok"] is True, ack
    assert ack["duplicate"] is True
    assert ack["post"]["id"] == earlier.post["id"]


def _received_in_round(client: RecordingClient, round_number: int) -> list[dict[str, Any]]:
    return [post for post in client.events("post") if post["round"] == round_number]


def _has_received(client: RecordingClient, round_number: int, ids: set[int]) -> bool:
    return ids <= {post["id"] for post in _received_in_round(client, round_number)}


def _check_deliveries(
    posted: list[Posted], round_number: int, facilitator: RecordingClient, phones: list[Phone]
) -> None:
    """Each input reaches the author's tablemates and the facilitator, once, and nobody else:
    these phones do not watch the other tables (``watch_others``); the author has it in the
    ack only."""
    expected: dict[RecordingClient, list[int]] = {
        phone.client: sorted(
            p.post["id"] for p in posted if p.author.table == phone.table and p.author is not phone
        )
        for phone in phones
    }
    expected[facilitator] = sorted(p.post["id"] for p in posted)
    for client, ids in expected.items():
        arrived = client.wait_until(partial(_has_received, client, round_number, set(ids)), WAIT)
        assert arrived, f"{client} is missing inputs"

    # Every post was acknowledged, so every emit for it was queued before its ack. One more
    # round trip per client (which the server answers after anything queued earlier, and the
    # client records in arrival order) makes "nothing else arrived" a fact, not a race.
    for client in expected:
        ack = client.call("post", None, timeout=WAIT)
        assert ack["ok"] is False, f"{client}: {ack}"

    acked = {p.post["id"]: p.post for p in posted}
    for client, ids in expected.items():
        received = _received_in_round(client, round_number)
        assert sorted(post["id"] for post in received) == ids, f"{client} got strays"
        for post in received:
            assert post == acked[post["id"]], "an emitted input differs from its ack"


def _check_exports(
    api: ApiClient,
    server: ServerProcess,
    session_id: int,
    join_code: str,
    posted: list[Posted],
) -> None:
    """Every input is in each download and in each file under ``<data dir>/<join code>/``."""
    checks = {"md": _check_markdown, "csv": _check_csv, "json": _check_json}
    for fmt in EXPORT_FORMATS:
        # English headings, so the Markdown check does not depend on the nb catalog.
        response = api.request(
            "GET", f"/api/sessions/{session_id}/export.{fmt}", params={"lang": "en"}
        )
        checks[fmt](response.content.decode("utf-8"), join_code, posted)
    folder = server.data_dir / join_code
    for fmt in EXPORT_FORMATS:
        path = folder / f"summary.{fmt}"
        assert path.is_file(), f"{path} was not written"
        checks[fmt](path.read_text(encoding="utf-8"), join_code, posted)


# Downloads are asked for in English; the files on disk are in the default language (nb).
_TABLE_HEADING = re.compile(r"## (?:Table|Bord) (\d+)")
_ROUND_HEADING = re.compile(r"### (?:Round|Runde) (\d+): (.*)")


def _markdown_sections(markdown: str) -> dict[tuple[int, int], tuple[str, list[str]]]:
    """``(table, round)`` → (topic, bullet items) from the report's headings."""
    sections: dict[tuple[int, int], tuple[str, list[str]]] = {}
    table: int | None = None
    key: tuple[int, int] | None = None
    for line in markdown.splitlines():
        if match := _TABLE_HEADING.fullmatch(line):
            table, key = int(match[1]), None
        elif line.startswith("## "):
            table, key = None, None
        elif table is not None and (match := _ROUND_HEADING.fullmatch(line)):
            key = (table, int(match[1]))
            sections[key] = (match[2], [])
        elif key is not None and line.startswith("- "):
            sections[key][1].append(line.removeprefix("- "))
    return sections


def _check_markdown(markdown: str, join_code: str, posted: list[Posted]) -> None:
    assert join_code in markdown
    sections = _markdown_sections(markdown)
    assert sorted(sections) == [(t, r) for t in range(1, TABLES + 1) for r in range(1, ROUNDS + 1)]
    for p in posted:
        post = p.post
        topic, items = sections[(post["table"], post["round"])]
        assert topic == post["topic"]
        assert items.count(f"{post['text']} — {post['nickname']}") == 1, post["text"]
        assert markdown.count(post["text"]) == 1, post["text"]


def _check_csv(content: str, join_code: str, posted: list[Posted]) -> None:
    # The header row is in the file's language: the columns are read by their place.
    header, *lines = csv.reader(io.StringIO(content.removeprefix("\ufeff")))
    assert len(header) == len(CSV_COLUMNS)
    rows = [dict(zip(CSV_COLUMNS, line, strict=True)) for line in lines]
    assert len(rows) == len(posted)
    by_text = {row["text"]: row for row in rows}
    for p in posted:
        post = p.post
        row = by_text[post["text"]]
        assert row["session"] == join_code
        assert int(row["table"]) == post["table"]
        assert int(row["round"]) == post["round"]
        assert row["topic"] == post["topic"]
        assert int(row["input_id"]) == post["id"]
        assert row["nickname"] == post["nickname"]


def _check_json(content: str, join_code: str, posted: list[Posted]) -> None:
    document = json.loads(content)
    assert document["session"]["join_code"] == join_code
    assert document["input_count"] == len(posted)
    posts = []
    for table in document["tables"]:
        for section in table["rounds"]:
            for item in section["inputs"]:
                assert (item["table"], item["round"]) == (table["table"], section["round"])
                assert item["topic"] == section["topic"]
                posts.append(item)
    counts = Counter(item["text"] for item in posts)
    by_text = {item["text"]: item for item in posts}
    for p in posted:
        post = p.post
        assert counts[post["text"]] == 1, post["text"]
        item = by_text[post["text"]]
        assert item["id"] == post["id"]
        assert (item["table"], item["round"], item["topic"]) == (
            post["table"],
            post["round"],
            post["topic"],
        )
