"""Reading what a Flask-SocketIO test client has received, and sending it an input."""

from __future__ import annotations

from typing import Any


def events(socket: Any, name: str) -> list[Any]:
    """The payloads of ``name`` events this client received since the last call."""
    return [e["args"][0] for e in socket.get_received() if e["name"] == name]


def names(socket: Any) -> list[str]:
    """The names of every event received since the last call, in order."""
    return [e["name"] for e in socket.get_received()]


def state_of(socket: Any) -> dict[str, Any]:
    """The one ``state`` this client received since the last call."""
    states = events(socket, "state")
    assert len(states) == 1, states
    return states[0]


def send(socket: Any, text: str, client_id: str) -> dict[str, Any]:
    """Post ``text`` from this client; the stored post its acknowledgement holds."""
    ack = socket.emit("post", {"client_id": client_id, "text": text}, callback=True)
    assert ack["ok"], ack
    return ack["post"]
