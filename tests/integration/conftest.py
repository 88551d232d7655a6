"""Socket fixtures shared by the integration tests: a started round, seated phones, and
a facilitator connection, each with its connect-time events already read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Connect = Callable[..., Any]
Seat = Callable[..., tuple[dict[str, Any], Any]]


@pytest.fixture
def running(cafe: dict[str, Any], host: str, next_round: Callable[..., Any]) -> dict[str, Any]:
    """The session with round 1 started."""
    next_round(host, cafe["id"])
    return cafe


@pytest.fixture
def seated(
    cafe: dict[str, Any], make_participant: Callable[..., Any], socket_client: Connect
) -> Seat:
    """``seated(table, nickname=None)``: join over HTTP and connect that participant's
    socket; the connect-time ``state`` is read, so a test sees only what came after."""

    def seat(table: int, nickname: str | None = None) -> tuple[dict[str, Any], Any]:
        person = make_participant(cafe["join_code"], table=table, nickname=nickname)
        socket = socket_client(auth={"token": person["token"]})
        assert socket.is_connected()
        assert "state" in [e["name"] for e in socket.get_received()]
        return person, socket

    return seat


@pytest.fixture
def watcher(socket_client: Connect, host: str, cafe: dict[str, Any]) -> Any:
    """A facilitator connection (the live view, the moderation page, the projector)."""
    socket = socket_client(auth={"token": host, "session": cafe["id"]})
    assert socket.is_connected()
    socket.get_received()
    return socket
