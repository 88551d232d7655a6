"""The Socket.IO message queue that lets several server processes share one café.

With ``DIALOGCAFE_MESSAGE_QUEUE=redis://…`` every emit is delivered to this process's own
clients first and then published on the channel (``DIALOGCAFE_MESSAGE_QUEUE_CHANNEL``),
where every other process of the cluster picks it up. Clusters that share one Redis must
use different channels.

We build the Redis client manager ourselves only to bound how long a connection attempt
may take: redis-py waits for the operating system by default (minutes for a host that
does not answer), and a publish happens inside the socket handler, before the ack. We
set no read timeout: the listening connection is idle whenever nobody posts, and a
timeout there would drop and re-subscribe it, losing messages. Other queue URLs (Kombu,
Kafka, ZeroMQ) get Flask-SocketIO's defaults.
"""

from __future__ import annotations

from typing import Any

import socketio

REDIS_SCHEMES = ("redis://", "rediss://")
CONNECT_TIMEOUT = 3.0  # seconds to open a connection to Redis


def socketio_options(url: str | None, channel: str) -> dict[str, Any]:
    """Keyword arguments for ``SocketIO.init_app``: the queue and its channel."""
    options: dict[str, Any] = {"message_queue": url, "channel": channel}
    if url and url.startswith(REDIS_SCHEMES):
        options["client_manager"] = socketio.RedisManager(
            url,
            channel=channel,
            write_only=False,
            redis_options={"socket_connect_timeout": CONNECT_TIMEOUT, "socket_keepalive": True},
        )
    return options
