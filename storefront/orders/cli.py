"""`flask --app wsgi orders ...`: move orders along until the portal and the programme office exist.

Every command goes through the same service functions those pages will call, with actor "command".
Other domains add their own commands to `orders_cli`: `cancel` and `refund` come from
`storefront.payments.cli`, because cancelling a card order closes its Stripe Checkout Session first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import click
from sqlalchemy import select

from storefront.clock import vn_now
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.money import format_vnd
from storefront.orders import lifecycle
from storefront.orders.models import Order, OrderStatus
from storefront.orders.queries import list_orders, order_by_reference
from storefront.producers.models import Producer
from storefront.uow import unit_of_work

ACTOR = "command"

orders_cli = click.Group("orders", help="Look at orders and move them along (ship, deliver, confirm, cancel, expire).")


def local_time(at: datetime) -> str:
    """A time as the office reads it: Vietnam's clock, with its offset said, never bare UTC."""
    return vn_now(at).strftime("%Y-%m-%d %H:%M +07")


def order_summary(order: Order) -> str:
    """One line per order, for `orders list` and `orders attention`."""
    return (
        f"{order.reference}  {order.status.value:<16} {order.payment_method.value:<14} "
        f"{format_vnd(order.total_vnd):>14}  {local_time(order.placed_at)}  {order.full_name}"
    )


def _order(reference: str) -> Order:
    order = order_by_reference(reference)
    if order is None:
        raise click.ClickException(f"No order with reference {reference!r}.")
    return order


def _producer_id(slug: str) -> int:
    producer_id = db.session.scalar(select(Producer.id).where(Producer.slug == slug.strip()))
    if producer_id is None:
        raise click.ClickException(f"No producer with slug {slug!r}.")
    return producer_id


def _apply(change: Callable[[], object], done: str | Callable[[], str]) -> None:
    """Run one service call in a unit of work; exit non-zero on a refusal (nothing kept)."""
    try:
        with unit_of_work():
            change()
    except DomainError as refused:
        raise click.ClickException(refused.message) from None
    click.echo(done() if callable(done) else done)


@orders_cli.command("expire")
def expire() -> None:
    """Release the stock held by unpaid orders past their payment window, and by cash-on-delivery orders
    nobody confirmed within COD_CONFIRM_HOURS."""
    with unit_of_work():
        count = lifecycle.expire_unpaid_orders(utcnow())
    click.echo(f"Expired {count} unpaid order(s); their stock is back on sale.")


@orders_cli.command("confirm-payment")
@click.argument("reference")
@click.option(
    "--note", default="", help="shown to the buyer in the order's history, e.g. the bank's transaction number"
)
def confirm_payment(reference: str, note: str) -> None:
    """A bank transfer for REFERENCE has arrived."""
    order = _order(reference)
    if order.status in (OrderStatus.PAID,) or order.paid_at is not None:
        raise click.ClickException(f"Order {order.reference} is already paid.")
    _apply(
        lambda: lifecycle.mark_paid(order, actor=ACTOR, now=utcnow(), note=note), f"Order {order.reference} is paid."
    )


@orders_cli.command("confirm")
@click.argument("reference")
def confirm(reference: str) -> None:
    """Confirm a cash-on-delivery order."""
    order = _order(reference)
    _apply(lambda: lifecycle.confirm_order(order, actor=ACTOR, now=utcnow()), f"Order {order.reference} is confirmed.")


@orders_cli.command("ship")
@click.argument("reference")
@click.option("--producer", "producer_slug", required=True, help="slug of the producer whose parcel left")
def ship(reference: str, producer_slug: str) -> None:
    order = _order(reference)
    producer_id = _producer_id(producer_slug)
    _apply(
        lambda: lifecycle.mark_shipped(order, producer_id, actor=ACTOR, now=utcnow()),
        lambda: f"Order {order.reference}: {producer_slug} shipped; the order is now {order.status.value}.",
    )


@orders_cli.command("deliver")
@click.argument("reference")
@click.option("--producer", "producer_slug", required=True, help="slug of the producer whose parcel arrived")
def deliver(reference: str, producer_slug: str) -> None:
    order = _order(reference)
    producer_id = _producer_id(producer_slug)
    _apply(
        lambda: lifecycle.mark_delivered(order, producer_id, actor=ACTOR, now=utcnow()),
        lambda: f"Order {order.reference}: {producer_slug} delivered; the order is now {order.status.value}.",
    )


@orders_cli.command("show")
@click.argument("reference")
def show(reference: str) -> None:
    order = _order(reference)
    click.echo(f"Order {order.reference}  {order.status.value}  {order.payment_method.value}")
    click.echo(f"  placed {local_time(order.placed_at)}  pay by {local_time(order.pay_by) if order.pay_by else '-'}")
    click.echo(f"  {order.full_name}  {order.phone}  {order.email}")
    click.echo(f"  {order.address}, {order.ward_name}, {order.province_name}")
    for line in order.lines:
        click.echo(
            f"  - {line.quantity} x {line.product_name_vi} ({line.producer_name}) "
            f"{format_vnd(line.line_total_vnd)} [{line.status.value}]"
        )
    click.echo(
        f"  subtotal {format_vnd(order.subtotal_vnd)}  shipping {format_vnd(order.shipping_vnd)}  "
        f"total {format_vnd(order.total_vnd)}"
    )
    if order.note:
        click.echo(f"  buyer's note: {order.note}")
    if order.needs_attention:
        click.echo(f"  NEEDS ATTENTION: {order.attention_reason}")
    for event in order.events:
        change = f"{event.from_status or '-'} -> {event.to_status}"
        staff = "[staff only] " if event.is_internal else ""
        click.echo(f"  {local_time(event.at)}  {event.actor:<16} {change}  {staff}{event.note}")


@orders_cli.command("list")
@click.option("--status", type=click.Choice([s.value for s in OrderStatus]), default=None)
@click.option("--attention", is_flag=True, help="only orders that need a person to look at them")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100)
def list_command(status: str | None, attention: bool, limit: int) -> None:
    orders = list_orders(OrderStatus(status) if status else None, needs_attention=attention, limit=limit)
    if not orders:
        click.echo("No orders.")
    for order in orders:
        flag = "  ! " + order.attention_reason.splitlines()[-1] if order.needs_attention else ""
        click.echo(order_summary(order) + flag)
