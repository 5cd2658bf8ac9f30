"""`flask --app wsgi orders cancel|refund|attention`, added to the orders group.

`cancel` lives here, not beside the other order commands, because it goes through
`payments.methods.cancel`: a card order's Checkout Session is expired at Stripe before the order is
cancelled (the orders package never imports payments). `refund` and `attention` are how a person refunds a
card order and sees the orders that need them (a late payment whose stock went to someone else, an amount
that did not match...).
"""

from __future__ import annotations

import click

from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.money import format_vnd
from storefront.orders.cli import order_summary
from storefront.orders.queries import list_orders, order_by_reference
from storefront.payments import methods
from storefront.payments.card import refund_order
from storefront.uow import unit_of_work

ACTOR = "command"


@click.command("cancel")
@click.argument("reference")
@click.option("--reason", default="", help="shown in the order's history")
def cancel_command(reference: str, reason: str) -> None:
    """Cancel order REFERENCE: its stock goes back on sale; a card order's payment page is closed first."""
    order = order_by_reference(reference)
    if order is None:
        raise click.ClickException(f"No order with reference {reference[:40]!r}.")
    try:
        with unit_of_work():
            methods.cancel(order, actor=ACTOR, now=utcnow(), reason=reason)
    except DomainError as refused:
        raise click.ClickException(refused.message) from None
    click.echo(f"Order {order.reference} is cancelled; its stock is back on sale.")


@click.command("refund")
@click.argument("reference")
@click.option(
    "--amount", "amount_vnd", type=click.IntRange(1, None), default=None, help="whole đồng; the whole order if left out"
)
def refund_command(reference: str, amount_vnd: int | None) -> None:
    """Refund the card payment of order REFERENCE through Stripe (at most once)."""
    order = order_by_reference(reference)
    if order is None:
        raise click.ClickException(f"No order with reference {reference[:40]!r}.")
    try:
        with unit_of_work():
            refund = refund_order(order, actor=ACTOR, now=utcnow(), amount_vnd=amount_vnd)
    except DomainError as refused:
        raise click.ClickException(refused.message) from None
    amount = refund.get("amount") or amount_vnd or order.total_vnd
    click.echo(
        f"Refund {refund.get('id')} of {format_vnd(int(amount))} for order {order.reference}: "
        f"{refund.get('status')}; the order is now {order.status.value}."
    )


@click.command("attention")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100)
def attention_command(limit: int) -> None:
    """List the orders that need a person: what happened and what to do."""
    orders = list_orders(needs_attention=True, limit=limit)
    if not orders:
        click.echo("No order needs attention.")
        return
    for order in orders:
        click.echo(order_summary(order))
        for reason in order.attention_reason.splitlines():
            click.echo(f"    - {reason}")


def add_to(group: click.Group) -> None:
    group.add_command(cancel_command)
    group.add_command(refund_command)
    group.add_command(attention_command)
