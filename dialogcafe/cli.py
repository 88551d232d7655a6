"""Command-line tasks: ``flask --app app facilitator create EMAIL --password PW``,
``flask --app app sessions purge``, ``flask --app app backup create PATH``."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from dialogcafe.clock import utcnow
from dialogcafe.domain import errors
from dialogcafe.extensions import get_database
from dialogcafe.services import account_links, accounts, admin

facilitator_cli = AppGroup("facilitator", help="Manage facilitator accounts.")


@facilitator_cli.command("create")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--admin", is_flag=True, help="Make the account an admin (the first one is anyway).")
def create_facilitator(email: str, password: str, admin: bool) -> None:
    """Create a facilitator account that can log in on the web and get API tokens."""
    try:
        facilitator_id = accounts.create_facilitator(
            get_database(), email, password, now=utcnow(), admin=admin
        )
        click.echo(f"Created facilitator {accounts.normalise_email(email)} (id {facilitator_id}).")
    except errors.DomainError as exc:
        raise click.ClickException(str(exc)) from exc


def _link(path: str) -> str:
    """An absolute link for the terminal: the public address when configured."""
    base = current_app.config["PUBLIC_URL"] or "http://{}:{}".format(
        os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "5000")
    )
    return base + path


@facilitator_cli.command("reset-password")
@click.argument("email")
def reset_password(email: str) -> None:
    """Print a one-time link (24 hours) that sets a new password for EMAIL: no mail needed."""
    try:
        token = account_links.reset_token(get_database(), current_app.config["SECRET_KEY"], email)
    except errors.DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Reset link for {accounts.normalise_email(email)} (once, within 24 hours):")
    click.echo(_link(f"/reset/{token}"))


@facilitator_cli.command("invite")
@click.argument("email")
def invite(email: str) -> None:
    """Print a sign-up link (14 days) for EMAIL, for DIALOGCAFE_SIGNUP=invite."""
    token = account_links.invite_token(current_app.config["SECRET_KEY"], email)
    click.echo(f"Sign-up link for {accounts.normalise_email(email)} (within 14 days):")
    click.echo(_link(f"/signup?invite={token}"))


@facilitator_cli.command("admin")
@click.argument("email")
@click.option("--on/--off", "on", default=True, help="Make EMAIL an admin (default) or not.")
def make_admin(email: str, on: bool) -> None:
    """Make EMAIL an admin, or (--off) take it away; the last admin stays one.

    The way back when the only admin has lost access: make another account an admin here,
    or print a reset link with ``reset-password``."""
    try:
        admin.set_admin_by_email(email, on)
    except errors.DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    state = "now an admin" if on else "no longer an admin"
    click.echo(f"{accounts.normalise_email(email)} is {state}.")


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

    url = current_app.config["DATABASE_URL"]
    try:
        database = backup.sqlite_path(url)
        if database is None:
            dump, _restore = backup.postgres_commands(url, str(path))
            raise click.ClickException(
                f"PostgreSQL is backed up with its own tool (docs/deployment.md):\n  {dump}"
            )
        info = backup.create(database, path)
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

    url = current_app.config["DATABASE_URL"]
    try:
        database = backup.sqlite_path(url)
        if database is None:
            _dump, restore = backup.postgres_commands(url, str(path))
            raise click.ClickException(
                "PostgreSQL is restored with its own tool, the servers stopped "
                f"(docs/deployment.md):\n  {restore}"
            )
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
    click.echo(
        f"Restored {info.cafes} café(s) from {path}. Restart the server now, so every "
        "process starts from the restored database."
    )


def register(app: Flask) -> None:
    app.cli.add_command(facilitator_cli)
    app.cli.add_command(sessions_cli)
    app.cli.add_command(backup_cli)
