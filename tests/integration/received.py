"""Reading what a Flask-SocketIO test client has received."""

from __future__ import annotations

from typing import Any


def events(socket: Any, name: str) -> list[Any]:
    """The payloads of ``name`` events this client received since the last call."""
    return [e["args"][0] for e in socket.get_received() if e["name"] == name]


def names(socket: Any) -> list[str]:
    """The names of every event received since the last call, in order."""
    return [e["name"] for e in socket.get_received()]
