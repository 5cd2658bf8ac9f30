"""`flask --app wsgi ...` commands. Each group lives beside its domain; this module only registers them."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from storefront.auth.cli import tokens_cli, users_cli
    from storefront.notify.cli import outbox_cli
    from storefront.orders.cli import orders_cli
    from storefront.payments.cli import add_to as add_payment_commands
    from storefront.qr.cli import qr_cli
    from storefront.schema_migrations import migration_commands
    from storefront.seed.cli import seed_cli

    app.cli.add_command(migration_commands)  # Flask-Migrate's `db`, imported only when it runs

    app.cli.add_command(seed_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(tokens_cli)
    add_payment_commands(orders_cli)  # orders cancel, refund, attention
    app.cli.add_command(orders_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(qr_cli)
