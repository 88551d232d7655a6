"""Alembic environment: the models' metadata and the app's engine.

``schema.upgrade`` hands over a connection that already holds the migration lock (in
``config.attributes["connection"]``); ``flask --app app db ...`` has none, so this opens
one on the app's engine. No logging setup here: the app's logging stays the app's.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from flask import current_app
from sqlalchemy import Connection

from dialogcafe.domain.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write ``UTCDateTime`` as the plain ``sa.DateTime()`` it stores: a migration must
    describe the table, not import today's models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def skip_empty_revision(context: Any, revision: Any, directives: list[Any]) -> None:
    """``flask db migrate`` with no model change writes no empty migration."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        print("No changes in schema detected.")


def options() -> dict[str, Any]:
    """Flask-Migrate's settings (``compare_type``, ``render_as_batch``) plus ours."""
    settings = dict(current_app.extensions["migrate"].configure_args)
    settings.setdefault("process_revision_directives", skip_empty_revision)
    settings["render_item"] = render_item
    return settings


def run_on(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, **options())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    with current_app.extensions["migrate"].db.engine.connect() as connection:
        run_on(connection)


def run_migrations_offline() -> None:
    """``flask db upgrade --sql``: print the SQL instead of running it."""
    url = current_app.extensions["migrate"].db.engine.url
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, **options())
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
