"""`flask --app wsgi qr forget`: delete the scan-counting salts and visitor digests of past Vietnam days.

The first scan of a day does this too; run it from cron just after midnight (Vietnam time) so a quiet
day still leaves nothing of yesterday behind.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from storefront.clock import vn_today
from storefront.qr.counting import forget_days_before
from storefront.uow import unit_of_work

qr_cli = AppGroup("qr", help="QR codes and scan counting.")


@qr_cli.command("forget")
def forget_command() -> None:
    """Delete the salts and visitor digests of every day before today (Vietnam time)."""
    with unit_of_work():
        deleted = forget_days_before(vn_today())
    click.echo(f"Forgot the salts of {deleted} past day(s).")
