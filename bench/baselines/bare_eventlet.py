"""The framework ceiling: a bare python-socketio fan-out server on eventlet.

No database, no authentication, no Flask. It speaks the benchmark's baseline protocol,
which has the same shape as the app's (see bench/README.md):

- connect with ``auth = {"rooms": [...], "to": [...]}``: join ``rooms``; ``to`` are the rooms
  this client's posts fan out to (a phone: its table and its session's watchers; a
  facilitator or projector: none). The server answers with a ``state`` event, as the app does;
- ``post`` ``{"client_id", "text"}`` with an ack: the server builds a post object, emits
  ``post`` to the ``to`` rooms (not back to the sender) and acks ``{"ok": true, "post": ...}``.

Run: ``python bench/baselines/bare_eventlet.py`` with ``HOST``/``PORT`` in the environment.
"""

import eventlet

eventlet.monkey_patch()

import itertools  # noqa: E402
import os  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

import socketio  # noqa: E402

sio = socketio.Server(async_mode="eventlet", cors_allowed_origins="*")
app = socketio.WSGIApp(sio)
fanout: dict[str, list[str]] = {}
ids = itertools.count(1)


@sio.event
def connect(sid, environ, auth):
    auth = auth if isinstance(auth, dict) else {}
    for room in auth.get("rooms", []):
        sio.enter_room(sid, room)
    fanout[sid] = list(auth.get("to", []))
    sio.emit("state", {"role": auth.get("role", "participant"), "posts": []}, to=sid)


@sio.event
def disconnect(sid, reason=None):
    fanout.pop(sid, None)


@sio.on("post")
def post(sid, data):
    if not isinstance(data, dict):
        return {"ok": False, "code": "bad_request"}
    payload = {
        "id": next(ids),
        "client_id": data.get("client_id"),
        "text": data.get("text"),
        "created_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "status": "visible",
    }
    rooms = fanout.get(sid)
    if rooms:
        sio.emit("post", payload, to=rooms, skip_sid=sid)
    return {"ok": True, "duplicate": False, "post": payload}


if __name__ == "__main__":
    host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "5100"))
    print(f"bare eventlet fan-out server on http://{host}:{port}/", flush=True)
    # max_size: eventlet serves at most 1,024 connections at once by default (as the app,
    # which raises it the same way in dialogcafe/server.py).
    eventlet.wsgi.server(
        eventlet.listen((host, port), backlog=4096), app, log_output=False, max_size=10_000
    )
