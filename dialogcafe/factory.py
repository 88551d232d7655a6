"""Wiring the Flask application: config, database, extensions, blueprints, handlers."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from dialogcafe.adapters import logs, metrics, schema, sqlite_worker
from dialogcafe.adapters.database import Database
from dialogcafe.adapters.green_postgres import is_postgres, make_postgres_cooperative
from dialogcafe.adapters.message_queue import socketio_options
from dialogcafe.adapters.polling import set_packet_limit
from dialogcafe.config import load_config, make_private_dir
from dialogcafe.domain import translations
from dialogcafe.domain.status import PostStatus, SessionStatus
from dialogcafe.extensions import DATABASE_KEY, babel, csrf, socketio
from dialogcafe.web import assets

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def build_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build and wire the application; the one place extensions meet the app."""
    static_root = PROJECT_ROOT / "static"
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(static_root),
        # The address changes with the files, so they can be cached for a year (assets.py).
        static_url_path=f"/static/{assets.static_digest(static_root)}",
    )
    app.config.update(load_config(config))
    # JSON log lines from here on (DIALOGCAFE_LOG_FORMAT), the start's migrations included.
    logs.configure(app.config["LOG_FORMAT"], client_addresses=app.config["LOG_CLIENT_ADDRESSES"])
    from dialogcafe.web.inbound_request import BoundedIntConverter, InboundRequest

    # Every value a client sends is cleaned and bounded before a view reads it (issue 11).
    app.request_class = InboundRequest
    app.url_map.converters["int"] = BoundedIntConverter
    make_private_dir(app.config["DATA_DIR"])

    if is_postgres(app.config["DATABASE_URL"]):
        make_postgres_cooperative()  # psycopg2 must yield to eventlet/gevent
    database = Database()
    database.configure(app.config["DATABASE_URL"], lock_wait=app.config["DATABASE_LOCK_WAIT"])
    app.extensions[DATABASE_KEY] = database
    worker = sqlite_worker.init_app(app, database)  # SQLite transactions off the event loop
    metrics.init_app(app, queue_length=worker.queue_length)  # a no-op unless METRICS is on
    schema.init_app(app, database)
    schema.set_up(app, database)  # pending migrations, before anything reads a table

    from dialogcafe import cli, realtime  # noqa: F401  (realtime registers socket handlers)
    from dialogcafe.realtime import limits as socket_limits
    from dialogcafe.realtime.events import guard_socket_server
    from dialogcafe.services.presence import init_presence
    from dialogcafe.web import limits as web_limits
    from dialogcafe.web import register_web
    from dialogcafe.web.i18n import selected_locale

    babel.init_app(app, locale_selector=selected_locale)
    csrf.init_app(app)
    set_packet_limit(app.config["POLLING_MAX_PACKETS"])  # before the first POST is read
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        **socketio_options(app.config["MESSAGE_QUEUE"], app.config["MESSAGE_QUEUE_CHANNEL"]),
    )
    guard_socket_server(socketio.server)  # reserved event names, malformed packets
    register_web(app)
    assets.init_app(app, static_root)
    # Templates that render per-status markup (a moderation item, an input) compare with
    # these members, never with a spelled-out status string.
    app.jinja_env.globals.update(SessionStatus=SessionStatus, PostStatus=PostStatus)
    # Which way a chosen translation runs (_macros.html's user_text), the one rule for all.
    app.jinja_env.filters.update(
        language_direction=translations.language_direction,
        language_name=translations.language_name,
    )
    web_limits.init_app(app)  # per address (Flask-Limiter), after the error handlers
    socket_limits.init_app(app)  # per connection (throttle.py)
    if app.config["TRUSTED_PROXIES"]:
        # Behind nginx: the client's address from X-Forwarded-For (and the scheme and host
        # it used), for HTTP and sockets alike, so the limits count people, not the proxy.
        hops = app.config["TRUSTED_PROXIES"]
        proxied = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
        app.wsgi_app = proxied  # type: ignore[method-assign]
    cli.register(app)
    init_presence(app)  # this process's id for the live "connected" counts
    logs.init_app(app)  # last: the access log wraps every other middleware
    return app
