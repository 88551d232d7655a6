"""Registering socket events so that every event a client sends gets an answer.

python-socketio sends no ack when a handler raises (a phone then resends forever) and lets a
client emit ``connect`` or ``disconnect`` as ordinary events. So register handlers only with
:func:`on_event`: whatever they raise becomes a failed ack (:func:`answer_error`), and
reserved, unknown or undecodable events are refused (docs/security.md).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, NoReturn

from flask import request
from flask_socketio import ConnectionRefusedError as RefuseConnection
from sqlalchemy.exc import InterfaceError, OperationalError

from dialogcafe.adapters import metrics
from dialogcafe.domain import errors, fields
from dialogcafe.domain.errors import N_
from dialogcafe.extensions import socketio
from dialogcafe.realtime.common import ack_error
from dialogcafe.translation import describe

logger = logging.getLogger(__name__)

EventHandler = Callable[[Any], dict[str, Any]]
# What python-socketio itself triggers, and its catch-all name: never a client's event.
RESERVED_EVENTS = frozenset({"connect", "connect_error", "disconnect", "__disconnect_final", "*"})
UNKNOWN_EVENT = "unknown event"  # no client can name it: the guard renames to it


def _domain_error(exc: Exception, event: str) -> errors.DomainError:
    """What to tell the client about ``exc``, logging what the operator should know."""
    if isinstance(exc, errors.DomainError):
        return exc
    if isinstance(exc, (OperationalError, InterfaceError)):
        logger.warning(
            "database unavailable in the %s handler",
            event,
            exc_info=True,
            extra={"event": "database_unavailable"},
        )
        return errors.Unavailable()
    logger.exception("the %s handler failed", event, extra={"event": "handler_failed"})
    return errors.InternalError()


@socketio.on_error_default
def answer_error(exc: Exception) -> dict[str, Any]:
    """The failed ack of any handler that raised: never silence, never a traceback for the
    client. Flask-SocketIO returns this as the handler's result, so python-socketio sends it
    as the ack; a refused ``connect`` is raised as such (its result would accept it)."""
    event = str(getattr(request, "event", {}).get("message"))
    error = _domain_error(exc, event)
    if event == "connect":  # refused, and the phone tries again
        raise RefuseConnection(describe(error)) from exc
    return ack_error(error)


def on_event(name: str) -> Callable[[EventHandler], EventHandler]:
    """Register ``handler(data)`` for the client event ``name``: it gets the one data
    argument, cleaned and bounded by ``fields.clean_value``; more arguments are refused.
    Each answer is counted by ``name`` and outcome, with its latency (adapters/metrics.py)."""

    def register(handler: EventHandler) -> EventHandler:
        def answer(args: tuple[Any, ...]) -> dict[str, Any]:
            if len(args) > 1:
                raise errors.BadRequest(detail=N_("Send the event's data as one object."))
            return handler(fields.clean_value(args[0] if args else None))

        @functools.wraps(handler)
        def entry(*args: Any) -> dict[str, Any]:
            recorder = metrics.current()
            if not recorder.enabled:
                return answer(args)
            started, outcome = metrics.clock(), "error"
            try:
                result = answer(args)
                outcome = "ok" if result.get("ok") else "refused"
                return result
            except errors.DomainError as exc:
                outcome = "refused" if exc.status < 500 else "error"  # 503: the database
                raise
            finally:
                recorder.acked(name, outcome, metrics.clock() - started)

        socketio.on(name)(entry)
        return handler

    return register


@socketio.on(UNKNOWN_EVENT)
def _unknown_event(*_args: Any) -> NoReturn:
    raise errors.BadRequest(detail=N_("This event does not exist."))


socketio.on("*")(lambda _event, *_args: _unknown_event())


def guard_socket_server(server: Any) -> None:
    """Both guards below, on the app's python-socketio server."""
    guard_reserved_events(server)
    guard_malformed_packets(server)


def guard_malformed_packets(server: Any) -> None:
    """Close a connection that sends a packet python-socketio cannot decode (bad JSON,
    JSON nested past the recursion limit, an unknown packet type), with one log line
    instead of a traceback per packet: no phone of ours sends one."""
    handle_message = server._handle_eio_message

    def guarded(eio_sid: str, data: Any) -> None:
        try:
            handle_message(eio_sid, data)
        except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
            # The error's kind only: its text may quote what the client sent.
            logger.warning(
                "closed a connection that sent a malformed packet (%s)",
                type(exc).__name__,
                extra={"event": "malformed_packet"},
            )
            server.eio.disconnect(eio_sid)

    server.eio.on("message", guarded)


def guard_reserved_events(server: Any) -> None:
    """Route a client's event named ``connect``/``disconnect``/``*``/…, or named by something
    other than a string, to the unknown-event handler (python-socketio would run the
    lifecycle handler, or fail on an unhashable name with no ack)."""
    handle_event = server._handle_event

    def guarded(eio_sid: str, namespace: str | None, id: int | None, data: Any) -> Any:
        if not isinstance(data, list) or not data:
            data = [UNKNOWN_EVENT]
        elif not isinstance(data[0], str) or data[0] in RESERVED_EVENTS:
            data = [UNKNOWN_EVENT, *data[1:]]
        return handle_event(eio_sid, namespace, id, data)

    server._handle_event = guarded
