"""What Stripe's word does to an order. One idempotent function per fact, shared by the webhook and the
return page; the order's own rules (status table, stock, messages) stay in `storefront.orders`.

Decisions, so they are written down once:
- An order is paid only when Stripe says `payment_status == "paid"` for a session whose amount and currency
  match the order. A mismatch is flagged for a person and never marked paid.
- `async_payment_failed`: the buyer's payment did not go through after the session completed, and that
  session cannot be paid again. The order is cancelled and its stock released (the buyer may order again);
  an order already paid, or in any status other than awaiting payment, is left alone and the event recorded.
- `checkout.session.expired` expires the order (its stock goes back) only while it still awaits payment and
  only for the order's current session: an order never moves backwards, and a stale session (one replaced
  by a later one) expiring releases nothing.
- Refunds: `refund_order` asks Stripe's Refund API (with an idempotency key), then marks the order refunded
  at once, because Stripe's answer is its word that the refund is made; the `charge.refunded` event that
  follows finds the order refunded and changes nothing. A refund made in Stripe's dashboard arrives only as
  `charge.refunded` and marks the order the same way; a partial one is flagged for a person.
- Money that arrives for an order that expired or was cancelled is never lost: `mark_paid` takes the stock
  again when it can, and otherwise marks the order paid and needing attention (a restock or a refund).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from storefront.errors import Conflict, DomainError, PaymentError
from storefront.extensions import db
from storefront.orders.lifecycle import order_language
from storefront.orders.models import Order, OrderEvent, OrderStatus, PaymentMethod
from storefront.orders.services import (
    cancel_order,
    expire_order,
    flag_for_attention,
    mark_paid,
    mark_refunded,
)
from storefront.payments import stripe_gateway as gateway

log = logging.getLogger(__name__)

WEBHOOK_ACTOR = "webhook:stripe"
RETURN_ACTOR = "system"


def _locked_order(where: Any) -> Order | None:
    """The order, re-read under a row lock (PostgreSQL), so two deliveries of one fact apply one at a time."""
    return db.session.scalars(
        select(Order).where(where).with_for_update().execution_options(populate_existing=True)
    ).first()


def _reference_of(obj: Mapping[str, Any]) -> str | None:
    metadata = obj.get("metadata")
    reference = metadata.get("order_reference") if isinstance(metadata, Mapping) else None
    reference = reference or obj.get("client_reference_id")
    if isinstance(reference, str) and 0 < len(reference) <= 16:
        return reference.strip().upper()
    return None


def order_for_session(session_obj: Mapping[str, Any]) -> Order | None:
    reference = _reference_of(session_obj)
    if reference is not None:
        return _locked_order(Order.reference == reference)
    session_id = session_obj.get("id")
    if isinstance(session_id, str) and session_id:
        return _locked_order(Order.stripe_session_id == session_id)
    return None


def _note_once(order: Order, reason: str, *, actor: str, now: datetime) -> None:
    """Flag once per reason: a redelivered event or the return page must not repeat the same alarm."""
    if order.needs_attention and reason in (order.attention_reason or ""):
        return
    flag_for_attention(order, reason, actor=actor, now=now)


def _mismatch(order: Order, session_obj: Mapping[str, Any]) -> str | None:
    currency = str(session_obj.get("currency") or "").lower()
    amount = session_obj.get("amount_total")
    if currency != "vnd":
        return _(
            "Card payment in the wrong currency (%(currency)s) for order %(reference)s: check it in Stripe.",
            currency=currency or "?",
            reference=order.reference,
        )
    if not isinstance(amount, int) or isinstance(amount, bool) or amount != order.total_vnd:
        return _(
            "Card payment of %(amount)s đồng does not match the order total of %(total)s đồng: check it in Stripe.",
            amount=amount,
            total=order.total_vnd,
        )
    return None


def fulfil_checkout_session(session_obj: Mapping[str, Any], *, actor: str, now: datetime) -> str:
    """Apply a Checkout Session as Stripe reports it; returns what happened (recorded with the event).

    Idempotent and safe under concurrency: the order row is locked, and `mark_paid` does nothing to an
    order already paid, so ten deliveries (or a delivery racing the return page) pay the order once.
    """
    order = order_for_session(session_obj)
    if order is None:
        return "unknown_order"
    if order.payment_method != PaymentMethod.CARD:
        with order_language(order):
            reason = _("Stripe reported a card payment for an order not paid by card.")
        _note_once(order, reason, actor=actor, now=now)
        return "not_card"
    if session_obj.get("payment_status") != "paid":
        return "awaiting_payment"  # e.g. a bank debit still processing: async_payment_* will follow
    if order.paid_at is not None:
        return "already_paid"
    with order_language(order):  # a note in the history, which the buyer reads in the order's language
        problem = _mismatch(order, session_obj)
    if problem is not None:
        _note_once(order, problem, actor=actor, now=now)
        return "mismatch"
    payment_intent = session_obj.get("payment_intent")
    if isinstance(payment_intent, str) and payment_intent:
        order.stripe_payment_intent_id = payment_intent[:255]
    if not order.stripe_session_id and isinstance(session_obj.get("id"), str):
        order.stripe_session_id = session_obj["id"][:255]
    late = order.status != OrderStatus.AWAITING_PAYMENT
    with order_language(order):
        note = _("Card payment confirmed by Stripe (%(id)s).", id=session_obj.get("id"))
    if not mark_paid(order, actor=actor, now=now, note=note):
        return "already_paid"
    return "paid_late" if late else "paid"


def fail_checkout_session(session_obj: Mapping[str, Any], *, actor: str, now: datetime) -> str:
    order = order_for_session(session_obj)
    if order is None:
        return "unknown_order"
    if order.paid_at is not None or order.status != OrderStatus.AWAITING_PAYMENT:
        return "ignored"
    with order_language(order):
        reason = _("The card payment failed.")
    cancel_order(order, actor=actor, now=now, reason=reason)
    return "cancelled"


def expire_checkout_session(session_obj: Mapping[str, Any], *, actor: str, now: datetime) -> str:
    order = order_for_session(session_obj)
    if order is None:
        return "unknown_order"
    if order.paid_at is not None or order.status != OrderStatus.AWAITING_PAYMENT:
        return "ignored"  # never move an order backwards
    if order.payment_method != PaymentMethod.CARD:
        return "ignored"  # the buyer switched to another way to pay; the order keeps its hold
    if order.stripe_session_id != session_obj.get("id"):
        return "stale_session"  # a session replaced by a later one (or never handed to the buyer)
    return "expired" if expire_order(order, actor=actor, now=now) else "ignored"


def apply_charge_refunded(charge: Mapping[str, Any], *, actor: str, now: datetime) -> str:
    payment_intent = charge.get("payment_intent")
    order = None
    if isinstance(payment_intent, str) and payment_intent:
        order = _locked_order(Order.stripe_payment_intent_id == payment_intent)
    if order is None and (reference := _reference_of(charge)) is not None:
        order = _locked_order(Order.reference == reference)
    if order is None:
        return "unknown_order"
    if order.status == OrderStatus.REFUNDED:
        return "already_refunded"
    if order.paid_at is None:
        with order_language(order):
            reason = _("Stripe reported a refund for an order that was never marked paid.")
        _note_once(order, reason, actor=actor, now=now)
        return "not_paid"
    if not charge.get("refunded"):
        with order_language(order):
            reason = _(
                "Part of the card payment (%(amount)s đồng) was refunded in Stripe.",
                amount=charge.get("amount_refunded"),
            )
        _note_once(order, reason, actor=actor, now=now)
        return "partly_refunded"
    mark_refunded(order, actor=actor, now=now)
    return "refunded"


def sync_order_from_stripe(order: Order, now: datetime) -> str:
    """The return page: ask Stripe (on the server) how the order's session stands, and apply it.

    Nothing from the browser is used; only the session id stored on the order when the session was made.
    """
    if order.payment_method != PaymentMethod.CARD or not order.stripe_session_id or order.paid_at is not None:
        return "nothing_to_do"
    if order.status != OrderStatus.AWAITING_PAYMENT or not gateway.is_configured():
        return "nothing_to_do"
    try:
        session_obj = gateway.retrieve_checkout_session(order.stripe_session_id)
    except gateway.GatewayError:
        return "unavailable"  # the page says "being confirmed"; the webhook will still come
    if session_obj.get("id") != order.stripe_session_id:
        return "unavailable"
    if session_obj.get("status") == "expired":
        return expire_checkout_session(session_obj, actor=RETURN_ACTOR, now=now)
    if session_obj.get("status") == "open":
        return "open"  # the buyer has not paid (yet): the page offers Stripe's page again
    return fulfil_checkout_session(session_obj, actor=RETURN_ACTOR, now=now)


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
        _note_once(order, reason, actor=actor, now=now)
    return refund


def _close_session(session_id: str) -> bool:
    """Expire an open session at Stripe; True when it can no longer be paid, False when it was completed."""
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
        return gateway.retrieve_checkout_session(session_id).get("status") == "expired"
    except gateway.GatewayError as error:
        raise PaymentError(_("Please try again in a moment."), code="payment_unavailable") from error


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
    if order.stripe_session_id and gateway.is_configured() and not _close_session(order.stripe_session_id):
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
