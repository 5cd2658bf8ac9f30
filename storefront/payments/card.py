"""What the buyer and the staff do about a card order: how its payment stands on the order page, paying by
bank transfer instead, closing its Checkout Session before it is cancelled, and refunds. Services: they add and flush, the caller commits; Stripe is reached only
through `stripe_gateway`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from storefront.errors import Conflict, DomainError, PaymentError
from storefront.extensions import cache, db
from storefront.orders.lifecycle import order_language
from storefront.orders.models import Order, OrderEvent, OrderStatus, PaymentMethod
from storefront.orders.queries import order_by_token
from storefront.orders.services import mark_refunded
from storefront.payments import stripe_gateway as gateway
from storefront.payments.services import CHANGED, Outcome, note_once, sync_order_from_stripe

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardPanel:
    """What the order page says about a card payment still awaited."""

    #: Stripe has the buyer's payment (or the buyer just came back from Stripe) but has not confirmed it.
    confirming: bool
    #: The buyer may open Stripe Checkout (again) or switch to a bank transfer.
    can_pay: bool


def first_check_in_a_while(order_id: int) -> bool:
    """True for the first return-page check of this order in STRIPE_RETURN_CHECK_SECONDS, across every
    process that shares the app's cache (Redis when REDIS_URL is set)."""
    seconds = int(current_app.config.get("STRIPE_RETURN_CHECK_SECONDS") or 5)
    try:
        return bool(cache.add(f"stripe-return-check:{order_id}", 1, timeout=seconds))
    except Exception as error:  # the cache unreachable: ask Stripe nothing rather than every time
        log.warning("return-page throttle unavailable: %s", error)
        return False


def card_panel(order: Order, *, now: datetime, returned: bool, sync: bool = True) -> tuple[Order, CardPanel | None]:
    """What the order page says about a pending card payment; return the (re-read) order and the panel.

    The page shows what the webhooks said. Only when the buyer has just come back from Stripe (`returned`)
    does it ask Stripe how the session stands, and apply it, at most once every
    STRIPE_RETURN_CHECK_SECONDS per order: a page reloaded a thousand times costs Stripe one call every
    few seconds. What happens to the order comes from Stripe's API, never from the URL. `sync=False` asks
    Stripe nothing. The caller commits, and on a DomainError or a database error (a webhook changed the
    order at the same moment) tries again in a new unit of work.
    """
    if order.payment_method != PaymentMethod.CARD or order.status != OrderStatus.AWAITING_PAYMENT:
        return order, None
    outcome = Outcome.NOTHING_TO_DO
    if sync and returned and order.stripe_session_id and gateway.is_configured() and first_check_in_a_while(order.id):
        outcome = sync_order_from_stripe(order, now)
    if outcome in CHANGED:
        reread = order_by_token(order.token)
        assert reread is not None  # orders are never deleted
        order = reread
    if order.status != OrderStatus.AWAITING_PAYMENT or order.payment_method != PaymentMethod.CARD:
        return order, None
    confirming = outcome in {Outcome.AWAITING_PAYMENT, Outcome.MISMATCH} or (
        returned and outcome in {Outcome.UNAVAILABLE, Outcome.NOTHING_TO_DO}
    )
    return order, CardPanel(confirming=confirming, can_pay=gateway.is_configured())


def refund_order(order: Order, *, actor: str, now: datetime, amount_vnd: int | None = None) -> dict[str, Any]:
    """Refund a card order through Stripe, then mark it refunded. Returns Stripe's refund.

    Only whole refunds change the order; a partial one (`amount_vnd` below the total) is made at Stripe and
    flagged for a person. Each is made at most once: the idempotency key names the order and the amount.
    """
    if order.payment_method != PaymentMethod.CARD:
        raise DomainError(
            _("Only card payments are refunded here; refund a transfer or cash by bank."), code="not_card"
        )
    if order.status == OrderStatus.REFUNDED:
        raise Conflict(_("This order has already been refunded."), code="already_refunded")
    if order.paid_at is None or not order.stripe_payment_intent_id:
        raise Conflict(_("This order was never paid by card, so there is nothing to refund."), code="not_paid")
    if amount_vnd is not None and (
        isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int) or not 0 < amount_vnd <= order.total_vnd
    ):
        raise DomainError(
            _("A refund must be between 1 and %(total)s đồng.", total=order.total_vnd),
            code="bad_amount",
            field="amount",
        )
    whole = amount_vnd is None or amount_vnd == order.total_vnd
    key = f"refund:{order.reference}" if whole else f"refund:{order.reference}:{amount_vnd}"
    try:
        refund = gateway.create_refund(
            payment_intent=order.stripe_payment_intent_id,
            amount_vnd=None if whole else amount_vnd,
            idempotency_key=key,
            metadata={"order_reference": order.reference},
        )
    except gateway.GatewayError as error:
        log.warning("refund of %s failed: %s", order.reference, error.message)
        raise PaymentError(
            _("Stripe could not make the refund now; nothing was changed. Please try again later."),
            code="refund_failed",
        ) from error
    if refund.get("status") in ("failed", "canceled"):
        raise PaymentError(_("Stripe refused the refund; nothing was changed."), code="refund_failed")
    if whole:
        mark_refunded(order, actor=actor, now=now)
    else:
        with order_language(order):
            reason = _(
                "%(amount)s đồng of the card payment was refunded (%(id)s).", amount=amount_vnd, id=refund.get("id")
            )
        note_once(order, reason, actor=actor, now=now)
    return refund


def close_session(session_id: str) -> bool:
    """Expire a session at Stripe, so it can no longer be paid. True when nobody can pay through it now
    (expired just now or before, or unknown to Stripe); False when it was completed (the buyer paid).

    Raises PaymentError when Stripe cannot be asked (down, slow, or the breaker open): nothing is known.
    """
    try:
        gateway.expire_checkout_session(session_id)
        return True
    except gateway.StripeUnavailable as error:
        raise PaymentError(
            _("We could not reach the card payment service to close the card payment. Please try again."),
            code="payment_unavailable",
        ) from error
    except gateway.StripeRefused:
        pass  # not open any more: expired (fine) or completed (the buyer paid)
    try:
        status = gateway.retrieve_checkout_session(session_id).get("status")
    except gateway.StripeRefused:
        return True  # Stripe knows no such session: nothing can be paid through it
    except gateway.GatewayError as error:
        raise PaymentError(_("Please try again in a moment."), code="payment_unavailable") from error
    if status == "open":  # Stripe refused to expire it and it is still open: not closed, say so
        raise PaymentError(_("Please try again in a moment."), code="payment_unavailable")
    return status != "complete"


def close_before_cancelling(order: Order) -> None:
    """A card order about to be cancelled: its open Checkout Session is expired at Stripe first, so the
    buyer cannot pay an order that no longer exists for the shop.

    Refuses (and nothing changes) when Stripe cannot be reached, or when the buyer has just paid (the
    payment is being confirmed: cancel after it arrives, and refund). Without a key (card payment switched
    off since) the session cannot be closed; it expires by itself, and money that still arrives for the
    cancelled order is flagged for a refund (`lifecycle.mark_paid`).
    """
    if (
        order.payment_method != PaymentMethod.CARD
        or order.status != OrderStatus.AWAITING_PAYMENT
        or order.paid_at is not None
        or not order.stripe_session_id
        or not gateway.is_configured()
    ):
        return
    try:
        closed = close_session(order.stripe_session_id)
    except PaymentError as error:
        raise PaymentError(
            _(
                "We could not reach the card payment service to close this order's card payment, so the order "
                "was not cancelled. Please try again in a moment."
            ),
            code="payment_unavailable",
        ) from error
    if not closed:
        raise Conflict(
            _(
                "The buyer has just paid this order by card and the payment is being confirmed. Cancel it once "
                "it shows as paid; a refund will then be due."
            ),
            code="payment_in_progress",
        )


def pay_by_transfer_instead(order: Order, *, actor: str, now: datetime, payment_window: timedelta) -> None:
    """The buyer gives up on card for this order and will pay by bank transfer; the goods stay held.

    The open Checkout Session is closed at Stripe first, so the order cannot also be paid by card; if
    Stripe says it was paid meanwhile, the switch is refused (the payment is being confirmed).
    """
    if (
        order.payment_method != PaymentMethod.CARD
        or order.status != OrderStatus.AWAITING_PAYMENT
        or order.paid_at is not None
        or order.stock_released_at is not None
    ):
        raise Conflict(_("This order's payment method can no longer be changed."), code="cannot_switch")
    if order.pay_by is not None and order.pay_by <= now:
        # Its hold is over (the lazy check or `orders expire` releases it): a switch must not stretch it.
        raise Conflict(_("The time to pay this order has run out."), code="payment_window_over")
    # Without a key (card payment switched off since) the session cannot be closed; it expires by itself.
    if order.stripe_session_id and gateway.is_configured() and not close_session(order.stripe_session_id):
        raise Conflict(
            _("Your card payment was received and is being confirmed. Please wait a moment."),
            code="payment_in_progress",
        )
    with order_language(order):
        note = _("Payment method changed from card to bank transfer.")
    order.payment_method = PaymentMethod.BANK_TRANSFER
    order.pay_by = max(order.pay_by or now, now + payment_window)
    order.events.append(
        OrderEvent(
            at=now,
            actor=actor,
            from_status=order.status.value,
            to_status=order.status.value,
            note=note,
        )
    )
    db.session.flush()
