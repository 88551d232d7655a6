"""Command-line tasks: ``flask --app app facilitator create EMAIL --password PW``; the data's
commands (``sessions purge``, ``backup create PATH``) are in ``data_cli.py``."""

from __future__ import annotations

import os

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from dialogcafe import data_cli
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


def register(app: Flask) -> None:
    app.cli.add_command(facilitator_cli)
    data_cli.register(app)  # sessions purge, backup create/restore
