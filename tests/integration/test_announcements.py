"""A burst of joins and connects reaches the facilitators as one ``people`` and one
``presence`` message, read after the last change (services/announcements.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

Connect = Callable[..., Any]
FOLD_SECONDS = 0.3
WAIT_SECONDS = 10


@pytest.fixture
def app(build_app: Callable[..., Any]) -> Any:
    """The application as a server runs it: changes folded for ``FOLD_SECONDS``."""
    return build_app(ANNOUNCE_SECONDS=FOLD_SECONDS)


Received = dict[str, list[Any]]


def _collect(socket: Any, until: Callable[[Received], bool]) -> Received:
    """Every message the facilitator gets, by name, until ``until`` holds of them (the
    folded messages come from a background task of their own)."""
    got: Received = {}
    deadline = time.monotonic() + WAIT_SECONDS
    while not until(got):
        assert time.monotonic() < deadline, got
        for event in socket.get_received():
            got.setdefault(event["name"], []).append(event["args"][0])
        time.sleep(0.02)
    return got


def _people(message: dict[str, Any]) -> list[int]:
    return [table["participants"] for table in message["tables"]]


def _connected(message: dict[str, Any]) -> list[int]:
    return [table["connected"] for table in message["tables"]]


def _ends_with(
    name: str, read: Callable[[dict[str, Any]], list[int]], want: list[int]
) -> Callable[[Received], bool]:
    return lambda got: bool(got.get(name)) and read(got[name][-1]) == want


def test_a_burst_of_joins_and_connects_is_one_message_each(
    cafe: dict[str, Any],
    host: str,
    make_participant: Callable[..., Any],
    socket_client: Connect,
) -> None:
    facilitator = socket_client(auth={"token": host, "session": cafe["id"]})
    # Its own connect is announced too: wait for it, so the burst starts from quiet.
    _collect(facilitator, _ends_with("presence", _connected, [0, 0, 0]))
    for n in range(6):
        person = make_participant(cafe["join_code"], table=n % 2 + 1)
        assert socket_client(auth={"token": person["token"]}).is_connected()
    got = _collect(facilitator, lambda g: bool(g.get("people")) and bool(g.get("presence")))
    # Read once, after the last of the six: never a picture older than the burst's end.
    assert [_people(m) for m in got["people"]] == [[3, 3, 0]]
    assert [_connected(m) for m in got["presence"]] == [[3, 3, 0]]

    # Nothing stays stuck as "waiting": the next change gets its own message.
    make_participant(cafe["join_code"], table=3)
    later = _collect(facilitator, lambda g: bool(g.get("people")))
    assert [_people(m) for m in later["people"]] == [[3, 3, 1]]
