"""The data's command-line tasks: deleting cafés past their retention period, and backups.

``flask --app app sessions purge [--dry-run]``, ``flask --app app backup create PATH``,
``flask --app app backup restore PATH --yes`` (docs/deployment.md, "Retention" and
"Backups and restore").
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from dialogcafe.adapters.database import Database
from dialogcafe.domain import erasure
from dialogcafe.domain.models import CafeSession
from dialogcafe.extensions import get_database

sessions_cli = AppGroup("sessions", help="Look after the cafés' data.")


@sessions_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="List the cafés that would go; delete nothing.")
def purge_sessions(dry_run: bool) -> None:
    """Delete the closed cafés whose retention period is over, as "Delete session" does.

    Server processes do this every hour by themselves (DIALOGCAFE_RETENTION_DAYS)."""
    from dialogcafe.services import retention

    cafes = retention.due_now() if dry_run else retention.purge()
    verb = "would delete" if dry_run else "deleted"
    for cafe in cafes:
        click.echo(
            f"{verb} {cafe.join_code} (id {cafe.id}, due {cafe.deletes_at:%Y-%m-%d %H:%M} UTC)"
        )
    click.echo(f"{len(cafes)} café(s) {verb}.")


backup_cli = AppGroup("backup", help="Back up the database and put a backup back.")


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def create_backup(path: Path) -> None:
    """Copy the SQLite database to PATH while the server may run (PostgreSQL: pg_dump)."""
    from dialogcafe.adapters import backup

    try:
        info = backup.create(_sqlite_file(path, restoring=False), path)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {info.cafes} café(s) (migration {info.revision}) to {path}.")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database: everything since is lost.")
def restore_backup(path: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup at PATH (PostgreSQL: pg_restore).

    Stop the server first, or restart it right after: its pages then read the backup."""
    from dialogcafe.adapters import backup, schema

    try:
        database = _sqlite_file(path, restoring=True)
        info = backup.inspect_file(path)
        if info.revision not in schema.known_revisions():
            raise backup.BackupError(
                f"{path} is from migration {info.revision}, which this version does not "
                "know: restore it with the version that made it"
            )
        if not yes:
            raise click.ClickException(
                f"{path} holds {info.cafes} café(s). Restoring replaces every café, input and "
                f"account in {database} with them. Run again with --yes to do it."
            )
        backup.restore(path, database)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    database_handle = get_database()
    if not schema.is_at_head(database_handle):
        schema.upgrade(current_app._get_current_object(), database_handle)  # type: ignore[attr-defined]
    leftovers = _remove_orphan_folders(database_handle)
    click.echo(
        f"Restored {info.cafes} café(s) from {path}"
        + (f"; removed the summary files of {leftovers} café(s) not in it" if leftovers else "")
        + ". Restart the server now, so every process starts from the restored database."
    )


def _sqlite_file(path: Path, *, restoring: bool) -> Path:
    """The SQLite file to back up or restore; on PostgreSQL, the command of its own tool
    for ``path`` instead (as an error: this command does nothing there)."""
    from dialogcafe.adapters import backup

    url = current_app.config["DATABASE_URL"]
    database = backup.sqlite_path(url)
    if database is not None:
        return database
    dump, restore = backup.postgres_commands(url, str(path))
    if restoring:
        raise click.ClickException(
            "PostgreSQL is restored with its own tool, the servers stopped "
            f"(docs/deployment.md):\n  {restore}"
        )
    raise click.ClickException(
        f"PostgreSQL is backed up with its own tool (docs/deployment.md):\n  {dump}"
    )


def _remove_orphan_folders(database: Database) -> int:
    """The summary folders of cafés the restored database does not hold (made after the
    backup): they hold those cafés' inputs, which no page can reach or delete any more."""
    with database.transaction() as db:
        codes = set(db.scalars(select(CafeSession.join_code)))
    data_dir = current_app.config["DATA_DIR"]
    orphans = erasure.orphan_folders(data_dir, codes)
    return sum(erasure.remove_session_folder(data_dir, code) for code in orphans)


def register(app: Flask) -> None:
    app.cli.add_command(sessions_cli)
    app.cli.add_command(backup_cli)
