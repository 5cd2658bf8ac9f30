"""Sending a card order to Stripe Checkout.

The session is built only from the order in the database (never from the form), in VND, a zero-decimal
currency: `unit_amount` is the đồng amount itself. Retrying is safe at every step:

- a second click on "Pay by card" finds the session stored on the order and, while it is still open,
  returns its URL instead of creating another;
- a create whose answer was lost (a timeout, Stripe down halfway) is repeated with the same Idempotency-Key
  and the same parameters, so Stripe returns the session it already made instead of a second one. Stripe
  compares the parameters under a key, and the expiry is the only parameter that depends on time, so the
  expiry is a step function of the order (see `session_expiry`) and is part of the key: the same order in
  the same time slot always sends byte-for-byte the same request;
- a session that can no longer be paid (it expired) is replaced under a key naming the session it replaces;
- an order whose time to pay has run out gets no new session: its hold must not be stretched.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from storefront.errors import Conflict, DomainError, PaymentError
from storefront.extensions import db
from storefront.orders.models import Order, OrderStatus, PaymentMethod
from storefront.payments import stripe_gateway as gateway

#: Stripe accepts an `expires_at` from 30 minutes to 24 hours after the session is created.
STRIPE_MIN_EXPIRY = timedelta(minutes=30)
STRIPE_MAX_EXPIRY = timedelta(hours=24)
#: Room for the request's own travel time and for clocks that disagree by a little.
SLACK = timedelta(minutes=3)
#: When the order's own deadline is too close, the expiry moves forward in steps of this size, so that a
#: retry a few minutes later still sends the same parameters (and the same key).
STEP = timedelta(minutes=15)


def session_expiry(order: Order, now: datetime) -> datetime:
    """When the Checkout Session closes: the order's deadline, pushed into the window Stripe accepts.

    Deterministic for an order within a 15-minute slot of `now`, whole seconds, and never later than
    24 hours (minus the slack) after `now`.
    """
    anchor = max(order.pay_by or order.placed_at, order.placed_at + STRIPE_MIN_EXPIRY + SLACK)
    anchor = anchor.replace(microsecond=0)
    earliest = now + STRIPE_MIN_EXPIRY + SLACK / 3
    if anchor < earliest:
        anchor += STEP * math.ceil((earliest - anchor) / STEP)
    latest = (now + STRIPE_MAX_EXPIRY - SLACK).replace(minute=0, second=0, microsecond=0)
    return min(anchor, latest)


def idempotency_key(order: Order, expires_at: datetime, replacing: str | None = None) -> str:
    """One key per logical "open a session": the order, its expiry, and the dead session it replaces."""
    key = f"checkout-session:{order.reference}:{int(expires_at.timestamp())}"
    return f"{key}:after:{replacing}" if replacing else key


def _line_name(line: Any, language: str) -> str:
    name = line.product_name_en if language == "en" else line.product_name_vi
    unit = line.unit_en if language == "en" else line.unit_vi
    label = f"{name} ({unit})" if unit else name
    return f"{label} · {line.producer_name}"[:250]


def checkout_session_params(order: Order, expires_at: datetime) -> dict[str, Any]:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    language = "en" if (order.language or "vi").startswith("en") else "vi"
    line_items: list[dict[str, Any]] = [
        {
            "quantity": line.quantity,
            "price_data": {
                "currency": "vnd",
                "unit_amount": line.unit_price_vnd,  # zero-decimal: whole đồng, never x100
                "product_data": {"name": _line_name(line, language)},
            },
        }
        for line in order.lines
    ]
    if order.shipping_vnd > 0:
        with force_locale(language):
            shipping_name = _("Shipping")
        line_items.append(
            {
                "quantity": 1,
                "price_data": {
                    "currency": "vnd",
                    "unit_amount": order.shipping_vnd,
                    "product_data": {"name": shipping_name},
                },
            }
        )
    metadata = {"order_reference": order.reference}
    return {
        "mode": "payment",
        "payment_method_types": ["card"],
        "line_items": line_items,
        "client_reference_id": order.reference,
        "metadata": metadata,
        # The charge carries the reference too, so charge.refunded (and the Stripe dashboard) can find the order.
        "payment_intent_data": {"metadata": metadata, "description": f"OCOP order {order.reference}"},
        **({"customer_email": order.email} if order.email else {}),
        "locale": language,
        "expires_at": int(expires_at.timestamp()),
        # The return page reads the session from Stripe on the server: nothing in these URLs is trusted.
        "success_url": f"{base}/orders/{order.token}?payment=return",
        "cancel_url": f"{base}/orders/{order.token}?payment=cancelled",
    }


def _unreachable() -> PaymentError:
    return PaymentError(
        _(
            "We could not reach the card payment service. Your order is kept and its goods are held for you: "
            "try card again in a moment, or choose another way to pay."
        ),
        code="payment_unavailable",
    )


def _refused() -> PaymentError:
    return PaymentError(
        _(
            "The card payment service could not start this payment. Your order is kept and nothing was "
            "charged: try card again, or choose another way to pay."
        ),
        code="payment_refused",
    )


def start_card_payment(order: Order, *, now: datetime) -> str:
    """Open (or reopen) Stripe Checkout for a card order; return the URL to send the buyer to.

    Stores the session id on the order and lets the order hold its stock until the session expires.
    Raises PaymentError when Stripe is down or refuses: the order stays as it was, awaiting payment.
    """
    if order.payment_method != PaymentMethod.CARD:
        raise DomainError(_("This order is not paid by card."), code="not_card")
    if order.status != OrderStatus.AWAITING_PAYMENT or order.stock_released_at is not None:
        raise Conflict(_("This order can no longer be paid by card."), code="not_payable")
    if order.pay_by is not None and order.pay_by <= now:
        # Its hold is over (the expiry will release the goods): a new session must not stretch it.
        raise Conflict(_("The time to pay this order has run out."), code="payment_window_over")
    if not gateway.is_configured():
        raise PaymentError(_("Card payment is not available. Please choose another way to pay."), code="card_off")

    replacing = None
    if order.stripe_session_id:
        # A session that can no longer be paid (expired, or unknown to Stripe) is replaced by a new one,
        # under a key of its own: the old key would only give the dead session back.
        replacing = order.stripe_session_id
        try:
            existing = gateway.retrieve_checkout_session(order.stripe_session_id)
        except gateway.StripeUnavailable as error:
            raise _unreachable() from error
        except gateway.StripeRefused:
            existing = {}
        if existing.get("status") == "open" and existing.get("url"):
            return str(existing["url"])
        if existing.get("status") == "complete":
            raise Conflict(
                _("Your card payment was received and is being confirmed. Please wait a moment."),
                code="payment_in_progress",
            )

    expires_at = session_expiry(order, now)
    try:
        session = gateway.create_checkout_session(
            checkout_session_params(order, expires_at), idempotency_key=idempotency_key(order, expires_at, replacing)
        )
    except gateway.StripeUnavailable as error:
        raise _unreachable() from error
    except gateway.StripeRefused as error:
        raise _refused() from error

    order.stripe_session_id = str(session["id"])
    # Stock must stay held while Stripe can still take the money: the hold follows the session.
    if order.pay_by is None or expires_at > order.pay_by:
        order.pay_by = expires_at
    db.session.flush()
    return str(session["url"])
