"""How many Engine.IO packets one long-polling POST may carry, and a clean refusal past it.

python-engineio dropped a whole POST of more than 16 packets, so a phone flushing its outbox
got stuck (docs/protocol.md, "Polling phones"). The phone sends at most ``OUTBOX_BATCH``
inputs at once (keep it equal to static/js/core/outbox.js); the server accepts a batch and
its companions, and answers ``400`` to more.
"""

from __future__ import annotations

import engineio.payload
import engineio.socket
from engineio import exceptions

OUTBOX_BATCH = 10  # keep equal to BATCH in static/js/core/outbox.js
DEFAULT_MAX_PACKETS = 64
MIN_MAX_PACKETS = 16  # python-engineio's own limit: never lower it
MAX_MAX_PACKETS = 1000
_SEPARATOR = "\x1e"  # Engine.IO's record separator between packets in a polling payload


class TooManyPackets(exceptions.ContentTooLongError, ValueError):
    """An Engine.IO error for the server (which then answers ``400`` and closes the
    connection), and still the ``ValueError`` python-engineio's own client expects."""


class _BoundedPayload(engineio.payload.Payload):
    """Engine.IO's payload, refusing too many packets with :class:`TooManyPackets` instead
    of a bare ``ValueError`` (which the server logs as a traceback, answering ``200``
    after dropping every packet)."""

    def decode(self, encoded_payload: str) -> None:
        if encoded_payload.count(_SEPARATOR) >= self.max_decode_packets:
            raise TooManyPackets("too many packets in one polling request")
        super().decode(encoded_payload)


class _BoundedSocket(engineio.socket.Socket):
    """Engine.IO's server-side socket, closing at once on :class:`TooManyPackets`.

    On an Engine.IO error in a POST the server closes the connection waiting until the
    close packet has been fetched by a GET, which for polling never completes, so the POST
    hung and its greenlet stayed. Closed here without waiting, the server's own close is
    a no-op and the POST gets its ``400`` at once; the phone's long-poll GET gets the close.
    """

    def handle_post_request(self, environ: dict[str, object]) -> None:
        try:
            super().handle_post_request(environ)
        except TooManyPackets:
            self.close(wait=False)
            raise


def set_packet_limit(limit: int) -> None:
    """Let one long-polling POST carry up to ``limit`` packets (for this whole process:
    python-engineio keeps the limit on its payload class)."""
    if not MIN_MAX_PACKETS <= limit <= MAX_MAX_PACKETS:
        raise ValueError(
            f"DIALOGCAFE_POLLING_MAX_PACKETS must be from {MIN_MAX_PACKETS} to "
            f"{MAX_MAX_PACKETS}, not {limit}"
        )
    _BoundedPayload.max_decode_packets = limit
    # engineio/socket.py builds ``payload.Payload(encoded_payload=body)`` for each POST,
    # and engineio/server.py ``socket.Socket(self, sid)`` for each connection.
    engineio.payload.Payload = _BoundedPayload
    engineio.socket.Socket = _BoundedSocket
