"""`flask --app wsgi users create ...`, `users prune-sessions` and `tokens create ...`: accounts from a shell."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from storefront.auth import services
from storefront.auth.models import Role
from storefront.auth.sessions import prune_sessions
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.uow import unit_of_work

users_cli = AppGroup("users", help="Manage accounts.")
tokens_cli = AppGroup("tokens", help="Manage the programme office's API tokens.")


@users_cli.command("create")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    help="One of: " + ", ".join(r.value for r in Role) + ".",
)
@click.option("--producer", "producer_slug", default=None, help="For --role producer: the producer's slug.")
@click.option("--name", default="", help="The person's name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Asked for when not given.")
def create_user_command(email: str, role: str, producer_slug: str | None, name: str, password: str) -> None:
    """Create an account: EMAIL --role customer|producer|officer [--producer SLUG] [--password P]."""
    # The role is checked by the service rather than click.Choice, so the message is the shop's own.
    try:
        # Commands speak English; outside a request there is no visitor whose language to pick.
        with force_locale("en"), unit_of_work():
            user = services.create_user(email, role, password=password, producer_slug=producer_slug, name=name)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    except IntegrityError as exc:  # another process made the same account in the meantime
        raise click.ClickException("An account with that email already exists.") from exc
    click.echo(f"Created {user.role.value} account {user.email}.")


@users_cli.command("prune-sessions")
def prune_sessions_command() -> None:
    """Delete the signed-in sessions that are over: logged out or revoked, or older than
    REMEMBER_COOKIE_DURATION (30 days). Run it daily; nobody still signed in is signed out by it."""
    with unit_of_work():
        count = prune_sessions(utcnow(), lifetime=current_app.config["REMEMBER_COOKIE_DURATION"])
    click.echo(f"Deleted {count} ended or expired session(s).")


@tokens_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for, e.g. 'monthly report'.")
def create_token_command(email: str, name: str) -> None:
    """Print a new API token for the officer EMAIL. It is shown once and cannot be read back."""
    # Commands speak English; outside a request there is no visitor whose language to pick.
    with force_locale("en"):
        user = services.find_user_by_email(email)
        if user is None:
            raise click.ClickException(f"There is no account with the email {email}.")
        try:
            with unit_of_work():
                token = services.create_api_token(user, name, utcnow())
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
    click.echo(token)
    click.echo("Keep it now: it is not shown again. Send it as 'Authorization: Bearer <token>'.", err=True)
