"""`flask --app wsgi ...` commands. Each group lives beside its domain; this module only registers them."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from storefront.auth.cli import tokens_cli, users_cli
    from storefront.seed.cli import seed_cli

    app.cli.add_command(seed_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(tokens_cli)
