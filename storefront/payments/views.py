"""What the buyer does about a card payment on the order page: come back from Stripe, try card again, or
pay by bank transfer instead. The order page itself belongs to `storefront.orders.views`; it calls
`card_panel` to ask Stripe (on the server) how the payment stands before it renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect
from flask_babel import gettext as _

from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.extensions import limiter
from storefront.orders.models import Order, OrderStatus, PaymentMethod
from storefront.orders.queries import order_by_token
from storefront.payments import stripe_gateway as gateway
from storefront.payments.checkout import start_card_payment
from storefront.payments.services import pay_by_transfer_instead, sync_order_from_stripe
from storefront.uow import unit_of_work

bp = Blueprint("payments", __name__)

#: Outcomes of a sync after which the page must be read again.
_CHANGED = frozenset({"paid", "paid_late", "expired", "cancelled", "mismatch"})


@dataclass(frozen=True)
class CardPanel:
    """What the order page says about a card payment still awaited."""

    #: Stripe has the buyer's payment (or the buyer just came back from Stripe) but has not confirmed it.
    confirming: bool
    #: The buyer may open Stripe Checkout (again) or switch to a bank transfer.
    can_pay: bool


def card_panel(order: Order, *, returned: bool, sync: bool = True) -> tuple[Order, CardPanel | None]:
    """Ask Stripe how a pending card order stands and apply it (the caller commits, and tries again in a new
    unit of work on a DomainError or a database error); return the (re-read) order and the panel.

    `returned` (the buyer came back from Stripe's page) only chooses the words "being confirmed": what
    happens to the order comes from Stripe's API, never from the URL. `sync=False` asks Stripe nothing.
    """
    if order.payment_method != PaymentMethod.CARD or order.status != OrderStatus.AWAITING_PAYMENT:
        return order, None
    outcome = sync_order_from_stripe(order, utcnow()) if sync else "nothing_to_do"
    if outcome in _CHANGED:
        reread = order_by_token(order.token)
        if reread is None:
            abort(404)
        order = reread
    if order.status != OrderStatus.AWAITING_PAYMENT or order.payment_method != PaymentMethod.CARD:
        return order, None
    confirming = outcome in {"awaiting_payment", "mismatch"} or (
        returned and outcome in {"unavailable", "nothing_to_do"}
    )
    return order, CardPanel(confirming=confirming, can_pay=gateway.is_configured())


def _order_or_404(token: str) -> Order:
    order = order_by_token(token)
    if order is None:
        abort(404)
    return order


@bp.post("/orders/<token>/card")
@limiter.limit("10 per minute")
def pay_by_card(token: str) -> Any:
    """Try card again: the open session if there is one, else a new one; never a second charge."""
    order = _order_or_404(token)
    try:
        with unit_of_work():
            url = start_card_payment(order, now=utcnow())
    except DomainError as refused:
        flash(refused.message, "error")
        return redirect(f"/orders/{token}", code=303)
    return redirect(url, code=303)


@bp.post("/orders/<token>/pay-by-transfer")
@limiter.limit("10 per minute")
def switch_to_transfer(token: str) -> Any:
    order = _order_or_404(token)
    try:
        with unit_of_work():
            pay_by_transfer_instead(
                order,
                actor="guest",
                now=utcnow(),
                payment_window=timedelta(minutes=current_app.config["PAYMENT_WINDOW_MINUTES"]),
            )
    except DomainError as refused:
        flash(refused.message, "error")
    else:
        flash(_("Please pay by bank transfer with the details below."), "success")
    return redirect(f"/orders/{token}", code=303)
