"""`flask --app wsgi seed demo [--if-empty]` and `seed bulk --products N --orders M`."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.uow import unit_of_work

seed_cli = AppGroup("seed", help="Load demo or benchmark data.")


def _shipping_config() -> dict[str, int]:
    return {k: current_app.config[k] for k in ("SHIPPING_FEE_VND", "FREE_SHIPPING_THRESHOLD_VND")}


@seed_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the catalogue already has products.")
def demo_command(if_empty: bool) -> None:
    """The demo catalogue, accounts, and a year of sales and QR scans. Safe to run again."""
    from storefront.seed.demo import has_products, seed_demo

    if if_empty and has_products():
        click.echo("The catalogue already has products: demo data not loaded.")
        return
    started = time.perf_counter()
    try:
        # Commands speak English; outside a request there is no visitor whose language to pick.
        with force_locale("en"), unit_of_work():
            report = seed_demo(now=utcnow(), media_root=current_app.config["MEDIA_ROOT"], config=_shipping_config())
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Demo data: {report.summary()} ({time.perf_counter() - started:.1f} s).")


@seed_cli.command("bulk")
@click.option("--products", type=click.IntRange(0, 5_000_000), default=100_000, show_default=True)
@click.option("--orders", type=click.IntRange(0, 5_000_000), default=0, show_default=True)
def bulk_command(products: int, orders: int) -> None:
    """Synthetic products, certificates and orders for benchmarks."""
    from storefront.seed.bulk import seed_bulk

    started = time.perf_counter()
    with force_locale("en"), unit_of_work():
        report = seed_bulk(
            products=products,
            orders=orders,
            now=utcnow(),
            media_root=current_app.config["MEDIA_ROOT"],
            config=_shipping_config(),
        )
    click.echo(f"Bulk data: {report.summary()} in {time.perf_counter() - started:.1f} s.")
