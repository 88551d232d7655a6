"""The database schema: Alembic migrations (through Flask-Migrate), applied at start.

Every app start (``python app.py``, a gunicorn worker, a ``flask`` CLI command) brings
the database to the newest migration before anything touches it, so a deployment never
needs a separate step, and ``flask --app app db ...`` is there for writing new
migrations. The migrations live in ``dialogcafe/migrations`` (inside the package, so the
app finds them whatever directory it is started from).

Several processes may start at once against one PostgreSQL database: the upgrade runs
in one transaction that first takes a PostgreSQL advisory lock, so one process migrates
while the others wait, then find nothing left to do. (SQLite serves one process.)

A database made before migrations existed (by ``create_all``, with the tables of the
first migration) is adopted: it is stamped with that first revision, then upgraded.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from flask import Flask
from flask_migrate import Migrate
from sqlalchemy import Connection, inspect, text

from dialogcafe.database import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BASELINE_REVISION = "0001"  # the first migration: the schema create_all used to make
MIGRATION_LOCK_KEY = 0x44434146  # any fixed bigint; "DCAF"

# compare_type: autogenerate notices changed column types; render_as_batch: ALTERs are
# written as SQLite's "copy the table" batches (PostgreSQL runs them as plain ALTERs).
migrate = Migrate(directory=str(MIGRATIONS_DIR), compare_type=True, render_as_batch=True)


def init_app(app: Flask, database: Database) -> None:
    """Bind Flask-Migrate (the ``flask db`` commands) to this app's database."""
    migrate.init_app(app, database, directory=str(MIGRATIONS_DIR))


def set_up(app: Flask, database: Database) -> None:
    """Make the schema the way ``SCHEMA_SETUP`` says (see ``config.SCHEMA_SETUPS``)."""
    setup = app.config["SCHEMA_SETUP"]
    if setup == "migrate":
        upgrade(app, database)
    elif setup == "create_all":
        create_at_head(app, database)


def create_at_head(app: Flask, database: Database) -> None:
    """The tests' fast path: tables straight from the models, recorded as the newest
    migration (Alembic's "create_all, then stamp head"), so a later start with
    migrations on the same database finds nothing to do."""
    database.create_tables()
    assert database.engine is not None
    with app.app_context(), database.engine.begin() as connection:
        config = migrate.get_config()
        config.attributes["connection"] = connection
        command.stamp(config, "head")


def upgrade(app: Flask, database: Database, revision: str = "head") -> None:
    """Apply pending migrations up to ``revision``, holding the migration lock."""
    if database.engine is None:
        raise RuntimeError("Database.configure() has not been called")
    with app.app_context(), database.engine.begin() as connection:
        _lock(connection)
        config = migrate.get_config()
        config.attributes["connection"] = connection
        if _predates_migrations(connection):
            command.stamp(config, BASELINE_REVISION)
        command.upgrade(config, revision)


def _lock(connection: Connection) -> None:
    """Wait until no other process is migrating; released when the transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def _predates_migrations(connection: Connection) -> bool:
    """Tables made by ``create_all`` but no record of any migration."""
    tables = set(inspect(connection).get_table_names())
    return "alembic_version" not in tables and "facilitators" in tables
