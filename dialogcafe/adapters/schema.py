"""The database schema: Alembic migrations (through Flask-Migrate), applied at every start.

So a deployment needs no migration step; several processes starting at once on PostgreSQL
migrate one at a time under an advisory lock. A start at the newest migration only compares
``HEAD_REVISION`` and imports neither Alembic nor Flask-Migrate (docs/deployment.md);
``flask --app app db …`` writes new migrations.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from sqlalchemy import Connection, inspect, text

from dialogcafe.adapters.database import Database

if TYPE_CHECKING:
    from alembic.config import Config
    from flask import Flask
    from flask_migrate import Migrate

# Inside the package, so the app finds them whatever directory it is started from.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration in migrations/versions. A new migration must update it:
# tests/unit/test_schema_head.py fails until it does.
HEAD_REVISION = "0010"
BASELINE_REVISION = "0001"  # the first migration: the schema create_all used to make
VERSION_TABLE = "alembic_version"
MIGRATION_LOCK_KEY = 0x44434146  # any fixed bigint; "DCAF"


class _MigrationCommands(click.Command):
    """``flask db ...``: Flask-Migrate's command group, loaded when it is invoked.

    Flask-Migrate registers its group when it is bound to the app, and importing it
    imports Alembic; this stand-in keeps both out of processes that never run it.
    """

    def __init__(self, app: Flask, database: Database) -> None:
        super().__init__("db", help="Perform database migrations.")
        self.app, self.database = app, database

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        _migrate(self.app, self.database)  # replaces this stand-in with the real group
        group = self.app.cli.commands["db"]
        return group.make_context(info_name, args, parent=parent, **extra)


def init_app(app: Flask, database: Database) -> None:
    """Offer the ``flask db`` commands for this app's database."""
    app.cli.add_command(_MigrationCommands(app, database))


def _migrate(app: Flask, database: Database) -> Migrate:
    """Flask-Migrate bound to this app and database (the first call binds it)."""
    bound = app.extensions.get("migrate")
    if bound is not None:
        migrate: Migrate = bound.migrate
        return migrate
    from flask_migrate import Migrate

    # compare_type: autogenerate notices changed column types; render_as_batch: ALTERs
    # are written as SQLite's "copy the table" batches (PostgreSQL runs them as ALTERs).
    return Migrate(
        app, database, directory=str(MIGRATIONS_DIR), compare_type=True, render_as_batch=True
    )


def alembic_config(app: Flask, database: Database) -> Config:
    """Alembic's configuration for this app's migrations; call it in an app context."""
    return _migrate(app, database).get_config()


def set_up(app: Flask, database: Database) -> None:
    """Make the schema the way ``SCHEMA_SETUP`` says (see ``config.SCHEMA_SETUPS``)."""
    setup = app.config["SCHEMA_SETUP"]
    if setup == "migrate" and not is_at_head(database):
        upgrade(app, database)
    elif setup == "create_all":
        create_at_head(app, database)


def is_at_head(database: Database) -> bool:
    """Whether the database records ``HEAD_REVISION`` as its one migration state.

    Anything else (no version table, an older revision, a newer one from a later
    release) goes to :func:`upgrade`, which migrates under the lock or says what is wrong.
    """
    if database.engine is None:
        raise RuntimeError("Database.configure() has not been called")
    with database.engine.connect() as connection:
        return records_head(connection)


def records_head(connection: Connection) -> bool:
    """Whether ``connection``'s database records ``HEAD_REVISION`` and nothing else: the
    start-up check and the readiness probe (``adapters/health.py``) ask the same way."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return False
    stored = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
    return stored.scalars().all() == [HEAD_REVISION]


def create_at_head(app: Flask, database: Database) -> None:
    """The tests' fast path: tables straight from the models, recorded as the newest
    migration (Alembic's "create_all, then stamp head"), so a later start with
    migrations on the same database finds nothing to do."""
    from alembic import command

    database.create_tables()
    assert database.engine is not None
    with app.app_context(), database.engine.begin() as connection:
        config = alembic_config(app, database)
        config.attributes["connection"] = connection
        command.stamp(config, "head")


def upgrade(app: Flask, database: Database, revision: str = "head") -> None:
    """Apply pending migrations up to ``revision``, holding the migration lock."""
    from alembic import command

    if database.engine is None:
        raise RuntimeError("Database.configure() has not been called")
    with app.app_context(), database.engine.begin() as connection:
        _lock(connection)
        config = alembic_config(app, database)
        config.attributes["connection"] = connection
        if _predates_migrations(connection):
            command.stamp(config, BASELINE_REVISION)
        command.upgrade(config, revision)


def known_revisions() -> set[str]:
    """Every migration this version has (a backup from one of them can be upgraded)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    return {script.revision for script in scripts.walk_revisions()}


def _lock(connection: Connection) -> None:
    """Wait until no other process is migrating; released when the transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def _predates_migrations(connection: Connection) -> bool:
    """Tables made by ``create_all`` before migrations existed, with no record of any
    migration: :func:`upgrade` stamps them with ``BASELINE_REVISION``, then upgrades."""
    tables = set(inspect(connection).get_table_names())
    return VERSION_TABLE not in tables and "facilitators" in tables
