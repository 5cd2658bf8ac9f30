"""`flask --app wsgi outbox send`: send the messages waiting in the outbox (SMTP, or the log)."""

from __future__ import annotations

import click

from storefront.db import utcnow
from storefront.notify.services import send_pending
from storefront.uow import unit_of_work

outbox_cli = click.Group("outbox", help="Messages to buyers, stored first and then sent.")


@outbox_cli.command("send")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100)
def send(limit: int) -> None:
    with unit_of_work():
        sent = send_pending(utcnow(), limit=limit)
    click.echo(f"Sent {sent} message(s).")
