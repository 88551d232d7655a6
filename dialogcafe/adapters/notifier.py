"""Turns the domain's results into room emits.

Callers emit only after their transaction has committed, so a phone that reacts to an
event by reloading always finds the change in the database. With a message queue the
same calls reach clients connected to any server process.
"""

from __future__ import annotations

from typing import Any

from dialogcafe.adapters import metrics
from dialogcafe.adapters.rooms import (
    room_for_facilitators,
    room_for_other_tables,
    room_for_participant,
    room_for_table,
)
from dialogcafe.domain.status import PostStatus
from dialogcafe.extensions import socketio


def post_created(
    session_id: int,
    post: dict[str, Any],
    *,
    tables: list[int],
    skip_sid: str | None = None,
    stored_at: float | None = None,
) -> None:
    """A new input: its table, the phones watching the other tables when ``tables`` (the
    tables that may see it) reaches beyond its own, and the facilitators (the author gets
    it in the ack).

    An input waiting for approval goes to the facilitators only, as ``post_pending``.
    ``stored_at`` (``metrics.clock()`` when it was written) times the fan-out.
    """
    if post.get("status") == PostStatus.PENDING:
        socketio.emit("post_pending", post, to=room_for_facilitators(session_id))
    else:
        socketio.emit("post", post, to=_post_rooms(session_id, post, tables), skip_sid=skip_sid)
    if stored_at is not None:
        metrics.current().fanned_out(metrics.clock() - stored_at)


def _tables_and_facilitators(session_id: int, tables: list[int]) -> list[str]:
    """The rooms of ``tables`` and the facilitators (and so the projector)."""
    return [room_for_table(session_id, t) for t in tables] + [room_for_facilitators(session_id)]


def _post_rooms(session_id: int, post: dict[str, Any], tables: list[int]) -> list[str]:
    """Where an input shows: its own table; the phones watching the other tables, if
    ``tables`` (the tables that may see it) reaches beyond its own; the facilitators (and
    so the projector). A socket in several of these rooms gets it once."""
    rooms = [room_for_table(session_id, post["table"]), room_for_facilitators(session_id)]
    if any(table != post["table"] for table in tables):
        rooms.append(room_for_other_tables(session_id))
    return rooms


def people_changed(session_id: int, overview: dict[str, Any]) -> None:
    """Someone joined or people moved (``people``, see ``views.facilitator.people_overview``):
    facilitators see who sits at each table."""
    socketio.emit("people", overview, to=room_for_facilitators(session_id))


def round_changed(
    session_id: int, per_table: list[dict[str, Any]], overview: dict[str, Any]
) -> None:
    """A round started: each table hears its own question, facilitators the overview."""
    for payload in per_table:
        socketio.emit("round", payload, to=room_for_table(session_id, payload["table"]))
    socketio.emit("round", overview, to=room_for_facilitators(session_id))


def likes_changed(
    session_id: int,
    post_id: int,
    table: int,
    likes: int,
    *,
    tables: list[int],
    seq: int,
    question_top: dict[str, Any] | None = None,
) -> None:
    """A like was set or undone: ``tables`` (the post's own, or all when nothing is hidden)
    and the facilitators (and so the projector) see the new count (``seq``: the post's).

    ``question_top`` (the harvest only, ``views.harvest.question_top``) goes along as
    ``question_top`` so the harvest by question re-ranks live."""
    payload: dict[str, Any] = {"post_id": post_id, "table": table, "likes": likes, "seq": seq}
    if question_top is not None:
        payload["question_top"] = question_top
    rooms = _tables_and_facilitators(session_id, tables)
    socketio.emit("likes", payload, to=rooms)


def results_changed(session_id: int, payload: dict[str, Any], *, tables: int) -> None:
    """The vote's results changed (``results``): the facilitators (and so the projector)
    always; the first ``tables`` table rooms too (all of them while results are shown)."""
    rooms = [room_for_table(session_id, t) for t in range(1, tables + 1)]
    socketio.emit("results", payload, to=[*rooms, room_for_facilitators(session_id)])


def projector_changed(session_id: int, payload: dict[str, Any]) -> None:
    """The facilitator chose what the projector shows (``projector`` {view, shown,
    word_cloud}); the projector, in the facilitators' room, switches at once, and every
    facilitator page showing the choice follows."""
    socketio.emit("projector", payload, to=room_for_facilitators(session_id))


# --- Moderation -------------------------------------------------------------------------


def post_hidden(session_id: int, post: dict[str, Any], author_id: int, tables: list[int]) -> None:
    """An input was hidden: every screen that might show it removes it, its author is told.

    ``hide`` goes where the input showed (see :func:`_post_rooms`); it carries only the id,
    table and seq.
    """
    rooms = _post_rooms(session_id, post, tables)
    hidden = {"id": post["id"], "table": post["table"], "seq": post["seq"]}
    socketio.emit("hide", hidden, to=rooms)
    post_status_changed(session_id, post, author_id)


def post_shown(session_id: int, post: dict[str, Any], author_id: int, tables: list[int]) -> None:
    """An input was approved or unhidden: it arrives at ``tables`` like a new visible ``post``."""
    socketio.emit("post", post, to=_post_rooms(session_id, post, tables))
    post_status_changed(session_id, post, author_id)


def post_status_changed(session_id: int, post: dict[str, Any], author_id: int) -> None:
    """Tell the author what became of their input (``post_status``: the post with its status)."""
    socketio.emit("post_status", post, to=room_for_participant(session_id, author_id))


def settings_changed(session_id: int, table_count: int, settings: dict[str, Any]) -> None:
    """A session setting changed: facilitator views (and the projector) update their
    switches; phones follow too, e.g. show or hide the other tables' inputs."""
    socketio.emit("settings", settings, to=_everyone(session_id, table_count))


# --- people move and table hosts (moving.py, hosting.py) -----------------------------------


def people_moved(session_id: int, moves: list[dict[str, Any]]) -> None:
    """Tell each moved participant where to go (``move`` {table, round, topic}).

    Sent to the person's own room: a socket's table room is joined at connect, so the
    phone reconnects and the server puts it in its new table's room from the database.
    """
    for move in moves:
        payload = {"table": move["table"], "round": move["round"], "topic": move["topic"]}
        socketio.emit("move", payload, to=room_for_participant(session_id, move["participant_id"]))


def host_changed(session_id: int, payload: dict[str, Any]) -> None:
    """A table got a new host (``host`` {table, host}): the table and facilitators see who."""
    socketio.emit(
        "host",
        payload,
        to=[room_for_table(session_id, payload["table"]), room_for_facilitators(session_id)],
    )


def synthesis_saved(session_id: int, payload: dict[str, Any], *, tables: list[int]) -> None:
    """A host saved a synthesis (``synthesis`` {table, round, question, text}): ``tables``
    (its own during rounds, every table in the harvest) and the facilitators (and so the
    projector)."""
    rooms = _tables_and_facilitators(session_id, tables)
    socketio.emit("synthesis", payload, to=rooms)


# --- facilitation: timer, broadcast, presence (timer.py, broadcast.py, presence.py) --------


def _everyone(session_id: int, table_count: int) -> list[str]:
    """Every table room and the facilitators (and so the projector)."""
    rooms = [room_for_table(session_id, t) for t in range(1, table_count + 1)]
    return [*rooms, room_for_facilitators(session_id)]


def timer_changed(session_id: int, table_count: int, payload: dict[str, Any]) -> None:
    """The round's clock was paused, resumed or extended (``timer``): every screen follows."""
    socketio.emit("timer", payload, to=_everyone(session_id, table_count))


def broadcast_sent(session_id: int, table_count: int, payload: dict[str, Any]) -> None:
    """The facilitator's message (``broadcast`` {text, at}; empty text takes it down)."""
    socketio.emit("broadcast", payload, to=_everyone(session_id, table_count))


def presence_changed(session_id: int, payload: dict[str, Any]) -> None:
    """Someone connected or left (``presence`` {tables: [{table, connected}]}): facilitators."""
    socketio.emit("presence", payload, to=room_for_facilitators(session_id))


def themes_changed(session_id: int, table_count: int, payload: dict[str, Any]) -> None:
    """A theme was made, renamed, filled or deleted (``themes`` {themes}): the facilitators,
    the projector and every phone (hosts edit their table's) see the new list."""
    socketio.emit("themes", payload, to=_everyone(session_id, table_count))


def access_changed(session_id: int) -> None:
    """Someone's role in the café was taken away: every facilitator screen of it leaves the
    room at once, on every server process (``close_room`` goes through the message queue),
    after being told to connect again; the connect checks the role anew, so the removed
    person's screens stay out whatever their page does, and the others come back with a
    resync (``access`` then ``state``)."""
    room = room_for_facilitators(session_id)
    socketio.emit("access", {"reconnect": True}, to=room)
    socketio.close_room(room)
