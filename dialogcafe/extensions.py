"""Flask extensions, created unbound here and bound to an app in ``create_app``."""

from __future__ import annotations

from flask import current_app
from flask_babel import Babel
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

from dialogcafe.adapters.database import Database

socketio = SocketIO()
babel = Babel()
csrf = CSRFProtect()

DATABASE_KEY = "dialogcafe.adapters.database"


def get_database() -> Database:
    """The current app's database (each app, e.g. each test's, has its own)."""
    database: Database = current_app.extensions[DATABASE_KEY]
    return database
