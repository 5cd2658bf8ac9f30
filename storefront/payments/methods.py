"""The one door to the ways of paying, for checkout and the order page.

- `offered(config)`: the methods a buyer may choose now (card only when Stripe is set up);
- `begin(order, now=...)`: right after an order is placed, where to send the buyer to pay (Stripe Checkout
  for a card), or None when the order page itself says how to pay;
- `panel(order, ...)`: what the order page shows about paying (registered with `storefront.orders.paying`,
  so the order page needs no import from here);
- `cancel(order, ...)`: the one way staff cancel an order (the programme office, `orders cancel`): a card
  order's Checkout Session is expired at Stripe first, so a cancelled order cannot be paid.

Each method keeps its own modules: bank transfer in `transfer` and `vietqr`, card in `card`,
`stripe_checkout`, `services` and `stripe_gateway`. Cash on delivery needs nothing until the parcel arrives.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import Flask, current_app

from storefront.orders import lifecycle
from storefront.orders.models import Order, OrderStatus, PaymentMethod
from storefront.orders.paying import PaymentPanel, register_payment_panels
from storefront.orders.status import apply_transition
from storefront.payments import stripe_gateway as gateway
from storefront.payments.card import card_panel, close_before_cancelling
from storefront.payments.stripe_checkout import start_card_payment
from storefront.payments.transfer import transfer_instructions


def init_app(app: Flask) -> None:
    register_payment_panels(app, panel)


def offered(config: Mapping[str, Any]) -> list[PaymentMethod]:
    methods = [PaymentMethod.COD, PaymentMethod.BANK_TRANSFER]
    if config.get("STRIPE_SECRET_KEY"):
        methods.append(PaymentMethod.CARD)
    return methods


def begin(order: Order, *, now: datetime) -> str | None:
    """Where to send the buyer to pay a new order, or None. Writes what it opened (the caller commits
    before redirecting). Raises PaymentError when the card service is down or refuses."""
    if order.payment_method == PaymentMethod.CARD and order.paid_at is None and gateway.is_configured():
        return start_card_payment(order, now=now)
    return None


def panel(order: Order, *, now: datetime, returned: bool, sync: bool) -> tuple[Order, PaymentPanel | None]:
    if order.payment_method == PaymentMethod.BANK_TRANSFER and order.status == OrderStatus.AWAITING_PAYMENT:
        transfer = transfer_instructions(order, current_app.config)
        return order, PaymentPanel("payments/transfer.html", {"transfer": transfer})
    order, card = card_panel(order, now=now, returned=returned, sync=sync)
    if card is None:
        return order, None
    return order, PaymentPanel("payments/card_status.html", {"card": card})


def cancel(order: Order, *, actor: str, now: datetime, reason: str = "") -> None:
    """Cancel an order, its held stock back on the shelf; a paid one is flagged for its refund.

    A card order still awaiting payment has its Checkout Session expired at Stripe first: when Stripe
    cannot be reached, or the buyer has just paid, the cancel is refused and the order stays as it was
    (a DomainError says why). Asked only for an order whose status allows cancelling.
    """
    apply_transition(order.status, OrderStatus.CANCELLED)  # refused before Stripe is asked anything
    close_before_cancelling(order)
    lifecycle.cancel_order(order, actor=actor, now=now, reason=reason)
