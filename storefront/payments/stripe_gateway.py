"""Our one door to Stripe: the only module that calls `stripe.*`.

Everything it returns is a plain `dict` (Stripe's JSON), so the rest of the shop never depends on the
library's object model, and every failure comes out as one of our two exceptions: `StripeUnavailable`
(worth trying again later: network, timeouts, Stripe's 5xx and rate limits) or `StripeRefused` (Stripe said
no: a bad request, a declined card, a wrong key). Nothing here touches the database.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import stripe
from flask import current_app

log = logging.getLogger(__name__)

#: Stripe refuses signed webhooks older than this many seconds (stripe-python's default, said out loud).
WEBHOOK_TOLERANCE_SECONDS = 300
#: The library retries connection errors, 409s and 5xx with the same Idempotency-Key, backing off.
DEFAULT_MAX_NETWORK_RETRIES = 2
#: A buyer waits on the checkout page while we talk to Stripe: give up well before a proxy would.
TIMEOUT_SECONDS = 20


class GatewayError(Exception):
    """Stripe could not do what we asked. `message` is for the log, never shown as is to a buyer."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class StripeUnavailable(GatewayError):
    """Stripe could not be reached or failed on its side; the same request may work later."""


class StripeRefused(GatewayError):
    """Stripe answered and refused; repeating the same request will not help."""


class BadWebhook(Exception):
    """A webhook that is not Stripe's: no or a wrong signature, a stale timestamp, or not a JSON event."""


def is_configured() -> bool:
    return bool(current_app.config.get("STRIPE_SECRET_KEY"))


def _client() -> stripe.StripeClient:
    """One client per app and per (key, base), so a test that points the app elsewhere gets a new one."""
    config = current_app.config
    api_key = config.get("STRIPE_SECRET_KEY")
    if not api_key:
        raise StripeRefused("STRIPE_SECRET_KEY is not set", code="not_configured")
    base = config.get("STRIPE_API_BASE") or None
    retries = config.get("STRIPE_MAX_NETWORK_RETRIES")
    retries = DEFAULT_MAX_NETWORK_RETRIES if retries is None else int(retries)
    cache_key = (api_key, base, retries)
    cached = current_app.extensions.get("storefront_stripe")
    if cached and cached[0] == cache_key:
        return cached[1]
    client = stripe.StripeClient(
        api_key,
        base_addresses={"api": base} if base else None,
        max_network_retries=retries,
        http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
    )
    current_app.extensions["storefront_stripe"] = (cache_key, client)
    return client


def _as_dict(obj: Any) -> dict[str, Any]:
    return obj.to_dict(recursive=True) if hasattr(obj, "to_dict") else dict(obj)


def _translate(error: stripe.StripeError) -> GatewayError:
    code = getattr(error, "code", None)
    message = f"{type(error).__name__}: {error.user_message or str(error)}"
    if isinstance(error, (stripe.APIConnectionError, stripe.RateLimitError)):
        return StripeUnavailable(message, code=code)
    status = getattr(error, "http_status", None)
    if isinstance(error, stripe.APIError) or (status is not None and status >= 500):
        return StripeUnavailable(message, code=code)
    return StripeRefused(message, code=code)


def create_checkout_session(params: dict[str, Any], *, idempotency_key: str) -> dict[str, Any]:
    try:
        session = _client().v1.checkout.sessions.create(
            params=params,  # type: ignore[arg-type]  # Stripe types a TypedDict; ours is built dynamically
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        log.warning("Stripe refused or failed to create a Checkout Session (%s): %s", idempotency_key, error)
        raise _translate(error) from error
    return _as_dict(session)


def retrieve_checkout_session(session_id: str) -> dict[str, Any]:
    try:
        session = _client().v1.checkout.sessions.retrieve(session_id)
    except stripe.StripeError as error:
        log.warning("Could not read Checkout Session %s from Stripe: %s", session_id, error)
        raise _translate(error) from error
    return _as_dict(session)


def expire_checkout_session(session_id: str) -> dict[str, Any]:
    """Close an open session, so the buyer can no longer pay it (they chose another way to pay)."""
    try:
        session = _client().v1.checkout.sessions.expire(session_id)
    except stripe.StripeError as error:
        log.warning("Could not expire Checkout Session %s: %s", session_id, error)
        raise _translate(error) from error
    return _as_dict(session)


def create_refund(
    *, payment_intent: str, amount_vnd: int | None, idempotency_key: str, metadata: dict[str, str]
) -> dict[str, Any]:
    params: dict[str, Any] = {"payment_intent": payment_intent, "metadata": metadata}
    if amount_vnd is not None:
        params["amount"] = amount_vnd  # VND is zero-decimal: the đồng amount itself
    try:
        refund = _client().v1.refunds.create(
            params=params,  # type: ignore[arg-type]  # Stripe types a TypedDict; ours is built dynamically
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        log.warning("Stripe refused or failed a refund (%s): %s", idempotency_key, error)
        raise _translate(error) from error
    return _as_dict(refund)


def verify_webhook(payload: bytes, signature_header: str | None, secret: str) -> dict[str, Any]:
    """Check `Stripe-Signature` with the library, then return the event as plain JSON.

    Raises BadWebhook for anything that is not a fresh, signed Stripe event.
    """
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadWebhook("the body is not UTF-8") from error
    try:
        stripe.WebhookSignature.verify_header(text, signature_header, secret, WEBHOOK_TOLERANCE_SECONDS)
    except stripe.SignatureVerificationError as error:
        raise BadWebhook(str(error).split(".")[0]) from error
    try:
        event = json.loads(text)
    except ValueError as error:
        raise BadWebhook("the body is not JSON") from error
    if (
        not isinstance(event, dict)
        or not isinstance(event.get("id"), str)
        or not isinstance(event.get("type"), str)
        or not isinstance(event.get("data"), dict)
        or not isinstance(event["data"].get("object"), dict)
    ):
        raise BadWebhook("the body is not a Stripe event")
    if not event["id"] or len(event["id"]) > 255 or len(event["type"]) > 120:
        raise BadWebhook("the event id or type is malformed")
    return event
