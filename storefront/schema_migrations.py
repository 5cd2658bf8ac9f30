"""Flask-Migrate for the `flask db` commands and the migration tests only. With Alembic and Mako it is about
11 MB of a process's memory, and a web worker never migrates: it is imported when a `db` command runs."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, g
from flask.cli import ScriptInfo, with_appcontext

from storefront.extensions import db

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def init_migrations(app: Flask) -> None:
    """Set up Flask-Migrate on `app`: what Alembic's env.py reads, and the real `flask db` group."""
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True)


class MigrationCommands(click.Group):
    """`flask db …`, Flask-Migrate's own commands, found on first use."""

    def _commands(self, ctx: click.Context) -> click.Group:
        app = ctx.ensure_object(ScriptInfo).load_app()
        if "migrate" not in app.extensions:
            init_migrations(app)
        from flask_migrate.cli import db as commands

        return commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._commands(ctx).list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._commands(ctx).get_command(ctx, cmd_name)


@click.group("db", cls=MigrationCommands)
@click.option("-d", "--directory", default=None, help='Migration script directory (default is "migrations")')
@click.option("-x", "--x-arg", multiple=True, help="Additional arguments consumed by custom env.py scripts")
@with_appcontext
def migration_commands(directory: str | None, x_arg: tuple[str, ...]) -> None:
    """Perform database migrations (Flask-Migrate and Alembic)."""
    # As Flask-Migrate's own group does: its commands read these.
    g.directory = directory
    g.x_arg = x_arg
