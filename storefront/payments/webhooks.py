"""`POST /webhooks/stripe`: verify, record once, dispatch through a table, answer fast.

Stripe delivers at least once, in any order, and retries for three days on anything but a 2xx, so:
- a bad or stale signature, or a body that is not a Stripe event, is a 400 (it was not Stripe);
- every event id is inserted once inside a savepoint (its primary key): the IntegrityError of a second
  delivery means "already seen", answered 200 with nothing changed;
- an event we do not handle, or about an order we do not know, is recorded and answered 200;
- a rule of the shop refusing the change is recorded (outcome `refused:<code>`) and answered 200, since
  sending it again would not help; trouble on our side (the database, a bug, an order changed under us)
  records nothing and answers 503, so Stripe delivers it again later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from storefront.db import utcnow
from storefront.errors import DomainError, json_error
from storefront.extensions import db
from storefront.orders.lifecycle import OrderChanged
from storefront.payments import services
from storefront.payments import stripe_gateway as gateway
from storefront.payments.models import StripeEvent
from storefront.uow import unit_of_work

log = logging.getLogger(__name__)

bp = Blueprint("stripe_webhooks", __name__)

Handler = Callable[..., services.Outcome]

#: Event type -> what it does to the order. Anything else is recorded as "ignored".
HANDLERS: dict[str, Handler] = {
    "checkout.session.completed": services.fulfil_checkout_session,
    "checkout.session.async_payment_succeeded": services.fulfil_checkout_session,
    "checkout.session.async_payment_failed": services.fail_checkout_session,
    "checkout.session.expired": services.expire_order_of_session,
    "charge.refunded": services.apply_charge_refunded,
}


def record_event(event: Mapping[str, Any], now: datetime) -> StripeEvent | None:
    """Insert the event's id once; None when it was already there (a duplicate delivery)."""
    record = StripeEvent(id=event["id"], type=event["type"], outcome="received", received_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(record)
            db.session.flush()
    except IntegrityError:
        return None
    return record


def process_event(event: Mapping[str, Any], now: datetime) -> str:
    """Record and apply one verified event; the caller commits. Returns the outcome."""
    record = record_event(event, now)
    if record is None:
        return services.Outcome.DUPLICATE
    handler = HANDLERS.get(event["type"])
    outcome: str = services.Outcome.IGNORED
    if bool(event.get("livemode")) != gateway.is_live():
        # A live event never pays a test-mode shop's order, nor a test event a live one.
        log.warning("Stripe event %s (%s) ignored: livemode %s", event["id"], event["type"], event.get("livemode"))
        handler, outcome = None, services.Outcome.WRONG_MODE
    if handler is not None:
        outcome = handler(event["data"]["object"], actor=services.WEBHOOK_ACTOR, now=now)
    record.outcome = outcome[:40]
    db.session.flush()
    return outcome


def _record_refusal(event: Mapping[str, Any], code: str, now: datetime) -> None:
    record = record_event(event, now)
    if record is not None:
        record.outcome = f"refused:{code}"[:40]


@bp.post("/webhooks/stripe")
def stripe_webhook() -> ResponseReturnValue:
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        return json_error("not_configured", "Stripe webhooks are not configured here.", 503)
    try:
        event = gateway.verify_webhook(request.get_data(cache=False), request.headers.get("Stripe-Signature"), secret)
    except gateway.BadWebhook as error:
        # Someone other than Stripe, or a wrong secret after a rotation: either way a person should know.
        log.warning("Stripe webhook refused (%s) from %s", error, request.remote_addr)
        return json_error("bad_webhook", str(error), 400)

    now = utcnow()
    try:
        with unit_of_work():
            outcome = process_event(event, now)
    except OrderChanged:
        # Someone changed the order between our read and our write: nothing was recorded, so Stripe's
        # retry applies the event to the order as it is then.
        return json_error("conflict", "The order changed meanwhile; try again.", 503)
    except DomainError as error:
        log.warning("Stripe event %s (%s) refused: %s", event["id"], event["type"], error.message)
        try:
            # A unit of work after the refused one was undone: the refusal is kept, so Stripe stops resending.
            with unit_of_work():
                _record_refusal(event, error.code, now)
        except SQLAlchemyError:
            return json_error("unavailable", "Try again later.", 503)
        return jsonify({"received": True, "outcome": f"refused:{error.code}"})
    except Exception:  # a bug or the database: record nothing, let Stripe retry; never a 500
        log.exception("Stripe event %s (%s) could not be processed", event["id"], event["type"])
        return json_error("unavailable", "Try again later.", 503)
    log.info("Stripe event %s (%s): %s", event["id"], event["type"], outcome)
    return jsonify({"received": True, "outcome": outcome})
