"""What a phone's screen would show, rebuilt from the events a test client received.

The browser's ``static/js/core/sync.js`` merges a reconnect's delta into what it shows and
keeps one copy of each post; :class:`PhoneScreen` does the same for a Python client, so
an end-to-end test can check the protocol's promise ("every post exactly once") on real
processes without a browser. It also counts how often the server delivered each post,
which is what shows that a reconnect did not resend everything.

:class:`FlakyLink` stands between a client and a server like a bad Wi-Fi: a test can cut
it (every connection through it dies, new ones are refused) and restore it.

:class:`PostStream` keeps a phone posting, one input after another, while a test breaks
things around it, and keeps apart what was acknowledged and what was not.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import uuid
from collections import Counter
from typing import Any

from tests.e2e.support import HOST, RecordingClient


class PhoneScreen:
    """The posts a phone shows, from ``client``'s recorded ``state`` and ``post`` events."""

    def __init__(self, client: RecordingClient, token: str) -> None:
        self.client = client
        self.token = token
        self.confirmed: dict[int, dict[str, Any]] = {}

    def confirm(self, post: dict[str, Any]) -> None:
        """The phone's own input, as its ack returned it (the author gets no ``post`` event)."""
        self.confirmed[post["id"]] = post

    def auth(self) -> dict[str, Any]:
        """The connection's ``auth``, asked again on every reconnect: ``since`` is the
        ``seq`` of the last ``state`` received, as the browser sends it."""
        states = self.client.events("state")
        if not states:
            return {"token": self.token}
        return {"token": self.token, "since": states[-1]["seq"]}

    def shown(self) -> list[dict[str, Any]]:
        """The posts on screen, oldest first: one entry per post id, however often it came."""
        rows: dict[int, dict[str, Any]] = {}
        table = None  # other tables' inputs arrive too; the table's list shows its own only
        for event, data in self.client.recorded():
            if event == "state":
                table = data["table"]
                if data["full"]:
                    rows.clear()
                for post in data["posts"]:
                    rows[post["id"]] = post
                for gone in data["removed"]:
                    rows.pop(gone["id"], None)
            elif event == "post" and data["table"] == table:
                rows.setdefault(data["id"], data)
            elif event == "hide":
                rows.pop(int(data["id"]), None)
        for post in self.confirmed.values():
            rows.setdefault(post["id"], post)
        return sorted(rows.values(), key=lambda post: post["id"])

    def shown_ids(self) -> list[int]:
        return [post["id"] for post in self.shown()]

    def deliveries(self) -> Counter[int]:
        """How many times each post id reached this client (events and states together)."""
        counts: Counter[int] = Counter()
        table = None
        for event, data in self.client.recorded():
            if event == "state":
                table = data["table"]
                counts.update(post["id"] for post in data["posts"])
            elif event == "post" and data["table"] == table:
                counts[data["id"]] += 1
        return counts


class FlakyLink:
    """A TCP relay to ``127.0.0.1:target_port`` that a test can cut and restore."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._listener = socket.create_server((HOST, 0))
        self.port: int = self._listener.getsockname()[1]
        self._up = threading.Event()
        self._up.set()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                phone, _ = self._listener.accept()
            except OSError:
                return  # closed
            if not self._up.is_set():
                phone.close()  # no network: the connection attempt fails at once
                continue
            server = socket.create_connection((HOST, self.target_port))
            with self._lock:
                if not self._up.is_set():  # cut meanwhile
                    phone.close()
                    server.close()
                    continue
                self._sockets += [phone, server]
            threading.Thread(target=self._pump, args=(phone, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, phone), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):  # cut: the other pump ends too
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def cut(self) -> None:
        """The network goes: every open connection dies and new ones are refused."""
        with self._lock:
            self._up.clear()
            sockets, self._sockets = self._sockets, []
        for end in sockets:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def restore(self) -> None:
        self._up.set()

    def close(self) -> None:
        self.cut()
        self._listener.close()


class PostStream:
    """A thread that posts ``"<prefix> <n>"`` inputs through ``client`` back to back.

    Each input waits for its ack (``timeout`` seconds). Acknowledged posts go to
    ``acked``; an input without an ack (the server died, say) goes to ``unacked`` with
    its ``client_id`` and stops the stream, so a test can send it again as a phone's
    outbox would.
    """

    def __init__(self, client: RecordingClient, prefix: str, timeout: float = 5.0) -> None:
        self.client, self.prefix, self.timeout = client, prefix, timeout
        self.acked: list[dict[str, Any]] = []
        self.unacked: list[dict[str, str]] = []
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        number = 0
        while not self._stop.is_set():
            number += 1
            item = {"client_id": str(uuid.uuid4()), "text": f"{self.prefix} {number}"}
            try:
                ack = self.client.call("post", item, timeout=self.timeout)
            except Exception:
                ack = None
            with self._changed:
                if ack is not None and ack.get("ok"):
                    self.acked.append(ack["post"])
                else:
                    self.unacked.append(item)
                    self._stop.set()
                self._changed.notify_all()

    def wait_for(self, count: int, timeout: float) -> bool:
        """Wait until ``count`` inputs in all are acknowledged (False on timeout)."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self.acked) >= count, timeout)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.timeout + 1)
