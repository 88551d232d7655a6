"""The Socket.IO message queue that lets several server processes share one café.

For Redis we build the client manager ourselves only to bound a connection attempt (a
publish runs before the handler's ack). Never add a read timeout: the listening connection
is idle whenever nobody posts, and re-subscribing after a timeout loses messages.
"""

from __future__ import annotations

from typing import Any

import socketio

REDIS_SCHEMES = ("redis://", "rediss://")
CONNECT_TIMEOUT = 3.0  # seconds to open a connection to Redis


def socketio_options(url: str | None, channel: str) -> dict[str, Any]:
    """Keyword arguments for ``SocketIO.init_app``: the queue and its channel.

    Without a queue the manager is named too (None: the in-memory one): Flask-SocketIO
    keeps the options of an earlier ``init_app`` of the same extension, so a process that
    builds a second app (the tests) would otherwise keep the first one's Redis."""
    options: dict[str, Any] = {"message_queue": url, "channel": channel}
    if not url:
        options["client_manager"] = None
    elif url.startswith(REDIS_SCHEMES):
        options["client_manager"] = socketio.RedisManager(
            url,
            channel=channel,
            write_only=False,
            redis_options={"socket_connect_timeout": CONNECT_TIMEOUT, "socket_keepalive": True},
        )
    return options
