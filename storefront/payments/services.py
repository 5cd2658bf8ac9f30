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
from datetime import datetime
from enum import StrEnum
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from storefront.extensions import db
from storefront.orders.lifecycle import order_language
from storefront.orders.models import Order, OrderStatus, PaymentMethod
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


class Outcome(StrEnum):
    """What a fact from Stripe did to an order; recorded with the webhook event, read by the order page."""

    UNKNOWN_ORDER = "unknown_order"
    NOT_CARD = "not_card"  # Stripe spoke of an order not paid by card: flagged
    AWAITING_PAYMENT = "awaiting_payment"  # completed, but the money is still on its way (a bank debit)
    ALREADY_PAID = "already_paid"
    MISMATCH = "mismatch"  # amount or currency not the order's: flagged, never paid
    PAID = "paid"
    PAID_LATE = "paid_late"  # the order had expired or been cancelled meanwhile
    IGNORED = "ignored"
    CANCELLED = "cancelled"
    STALE_SESSION = "stale_session"  # about a session that is not (or no longer) the order's
    EXPIRED = "expired"
    ALREADY_REFUNDED = "already_refunded"
    NOT_PAID = "not_paid"
    PARTLY_REFUNDED = "partly_refunded"
    REFUNDED = "refunded"
    NOTHING_TO_DO = "nothing_to_do"
    UNAVAILABLE = "unavailable"  # Stripe could not be asked
    OPEN = "open"  # the session can still be paid
    DUPLICATE = "duplicate"  # an event delivered before
    WRONG_MODE = "wrong_mode"  # a live event for a test-mode shop, or the reverse


#: Outcomes after which the order must be read again.
CHANGED = frozenset({Outcome.PAID, Outcome.PAID_LATE, Outcome.EXPIRED, Outcome.CANCELLED, Outcome.MISMATCH})


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


def note_once(order: Order, reason: str, *, actor: str, now: datetime) -> None:
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


def fulfil_checkout_session(session_obj: Mapping[str, Any], *, actor: str, now: datetime) -> Outcome:
    """Apply a Checkout Session as Stripe reports it; returns what happened (recorded with the event).

    Idempotent and safe under concurrency: the order row is locked, and `mark_paid` does nothing to an
    order already paid, so ten deliveries (or a delivery racing the return page) pay the order once.
    """
    order = order_for_session(session_obj)
    if order is None:
        return Outcome.UNKNOWN_ORDER
    if order.payment_method != PaymentMethod.CARD:
        with order_language(order):
            reason = _("Stripe reported a card payment for an order not paid by card.")
        note_once(order, reason, actor=actor, now=now)
        return Outcome.NOT_CARD
    if session_obj.get("payment_status") != "paid":
        return Outcome.AWAITING_PAYMENT  # e.g. a bank debit still processing: async_payment_* will follow
    if order.paid_at is not None:
        return Outcome.ALREADY_PAID
    with order_language(order):  # a note in the history, which the buyer reads in the order's language
        problem = _mismatch(order, session_obj)
    if problem is not None:
        log.warning("Stripe session %s for order %s: %s", session_obj.get("id"), order.reference, problem)
        note_once(order, problem, actor=actor, now=now)
        return Outcome.MISMATCH
    payment_intent = session_obj.get("payment_intent")
    if isinstance(payment_intent, str) and payment_intent:
        order.stripe_payment_intent_id = payment_intent[:255]
    if not order.stripe_session_id and isinstance(session_obj.get("id"), str):
        order.stripe_session_id = session_obj["id"][:255]
    late = order.status != OrderStatus.AWAITING_PAYMENT
    with order_language(order):
        note = _("Card payment confirmed by Stripe (%(id)s).", id=session_obj.get("id"))
    if not mark_paid(order, actor=actor, now=now, note=note):
        return Outcome.ALREADY_PAID
    return Outcome.PAID_LATE if late else Outcome.PAID


def fail_checkout_session(session_obj: Mapping[str, Any], *, actor: str, now: datetime) -> Outcome:
    order = order_for_session(session_obj)
    if order is None:
        return Outcome.UNKNOWN_ORDER
    if order.paid_at is not None or order.status != OrderStatus.AWAITING_PAYMENT:
        return Outcome.IGNORED
    if order.stripe_session_id != session_obj.get("id"):
        return Outcome.STALE_SESSION  # a session replaced by a later one: the order's own may still be paid
    with order_language(order):
        reason = _("The card payment failed.")
    cancel_order(order, actor=actor, now=now, reason=reason)
    return Outcome.CANCELLED


def expire_order_of_session(session_obj: Mapping[str, Any], *, actor: str, now: datetime) -> Outcome:
    order = order_for_session(session_obj)
    if order is None:
        return Outcome.UNKNOWN_ORDER
    if order.paid_at is not None or order.status != OrderStatus.AWAITING_PAYMENT:
        return Outcome.IGNORED  # never move an order backwards
    if order.payment_method != PaymentMethod.CARD:
        return Outcome.IGNORED  # the buyer switched to another way to pay; the order keeps its hold
    if order.stripe_session_id != session_obj.get("id"):
        return Outcome.STALE_SESSION  # a session replaced by a later one (or never handed to the buyer)
    return Outcome.EXPIRED if expire_order(order, actor=actor, now=now) else Outcome.IGNORED


def apply_charge_refunded(charge: Mapping[str, Any], *, actor: str, now: datetime) -> Outcome:
    payment_intent = charge.get("payment_intent")
    order = None
    if isinstance(payment_intent, str) and payment_intent:
        order = _locked_order(Order.stripe_payment_intent_id == payment_intent)
    if order is None and (reference := _reference_of(charge)) is not None:
        order = _locked_order(Order.reference == reference)
    if order is None:
        return Outcome.UNKNOWN_ORDER
    if order.status == OrderStatus.REFUNDED:
        return Outcome.ALREADY_REFUNDED
    if order.paid_at is None:
        with order_language(order):
            reason = _("Stripe reported a refund for an order that was never marked paid.")
        note_once(order, reason, actor=actor, now=now)
        return Outcome.NOT_PAID
    if not charge.get("refunded"):
        with order_language(order):
            reason = _(
                "Part of the card payment (%(amount)s đồng) was refunded in Stripe.",
                amount=charge.get("amount_refunded"),
            )
        note_once(order, reason, actor=actor, now=now)
        return Outcome.PARTLY_REFUNDED
    mark_refunded(order, actor=actor, now=now)
    return Outcome.REFUNDED


def sync_order_from_stripe(order: Order, now: datetime) -> Outcome:
    """The return page: ask Stripe (on the server) how the order's session stands, and apply it.

    Nothing from the browser is used; only the session id stored on the order when the session was made.
    """
    if order.payment_method != PaymentMethod.CARD or not order.stripe_session_id or order.paid_at is not None:
        return Outcome.NOTHING_TO_DO
    if order.status != OrderStatus.AWAITING_PAYMENT or not gateway.is_configured():
        return Outcome.NOTHING_TO_DO
    try:
        session_obj = gateway.retrieve_checkout_session(order.stripe_session_id)
    except gateway.GatewayError:
        return Outcome.UNAVAILABLE  # the page says "being confirmed"; the webhook will still come
    if session_obj.get("id") != order.stripe_session_id:
        return Outcome.UNAVAILABLE
    if session_obj.get("status") == "expired":
        return expire_order_of_session(session_obj, actor=RETURN_ACTOR, now=now)
    if session_obj.get("status") == "open":
        return Outcome.OPEN  # the buyer has not paid (yet): the page offers Stripe's page again
    return fulfil_checkout_session(session_obj, actor=RETURN_ACTOR, now=now)
