"""Command-line tasks: ``flask --app app facilitator create EMAIL --password PW``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from dialogcafe.clock import utcnow
from dialogcafe.domain import errors
from dialogcafe.extensions import get_database
from dialogcafe.services import accounts

facilitator_cli = AppGroup("facilitator", help="Manage facilitator accounts.")


@facilitator_cli.command("create")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_facilitator(email: str, password: str) -> None:
    """Create a facilitator account that can log in on the web and get API tokens."""
    try:
        facilitator_id = accounts.create_facilitator(get_database(), email, password, now=utcnow())
        click.echo(f"Created facilitator {accounts.normalise_email(email)} (id {facilitator_id}).")
    except errors.DomainError as exc:
        raise click.ClickException(str(exc)) from exc


def register(app: Flask) -> None:
    app.cli.add_command(facilitator_cli)
