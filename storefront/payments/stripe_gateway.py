"""Our one door to Stripe: the only module that calls `stripe.*`.

Everything it returns is a plain `dict` (Stripe's JSON), so the rest of the shop never depends on the
library's object model, and every failure comes out as one of our two exceptions: `StripeUnavailable`
(worth trying again later: network, timeouts, Stripe's 5xx and rate limits) or `StripeRefused` (Stripe said
no: a bad request, a declined card, a wrong key). Nothing here touches the database.

Stripe slow or down must not hold the shop's threads: every call has a short timeout
(`STRIPE_TIMEOUT_SECONDS`), and a circuit breaker stops calling for `STRIPE_BREAKER_SECONDS` after
`STRIPE_BREAKER_FAILURES` calls in a row could not reach it; meanwhile calls fail at once as
StripeUnavailable, then one call tries again. The breaker is per process: each worker learns on its own,
after a few timeouts at most.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import current_app

if TYPE_CHECKING:
    import stripe

# The library is imported where it is first called (`import stripe` in the functions below), not here:
# with its HTTP stack it is 6 MB and 120 ms of every web worker's start, and most workers never call it.

log = logging.getLogger(__name__)

#: Stripe refuses signed webhooks older than this many seconds (stripe-python's default, said out loud).
WEBHOOK_TOLERANCE_SECONDS = 300
#: The library retries connection errors, 409s and 5xx with the same Idempotency-Key, backing off.
DEFAULT_MAX_NETWORK_RETRIES = 2
#: Defaults of the settings: a buyer waits on the page while we talk to Stripe, so give up early.
DEFAULT_TIMEOUT_SECONDS = 4
DEFAULT_BREAKER_FAILURES = 3
DEFAULT_BREAKER_SECONDS = 30


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


def is_live() -> bool:
    """Whether the key is a live one (`sk_live_...`, `rk_live_...`): events must say the same `livemode`."""
    return "_live_" in (current_app.config.get("STRIPE_SECRET_KEY") or "")


def _client() -> stripe.StripeClient:
    """One client per app and per (key, base), so a test that points the app elsewhere gets a new one."""
    import stripe

    config = current_app.config
    api_key = config.get("STRIPE_SECRET_KEY")
    if not api_key:
        raise StripeRefused("STRIPE_SECRET_KEY is not set", code="not_configured")
    base = config.get("STRIPE_API_BASE") or None
    retries = config.get("STRIPE_MAX_NETWORK_RETRIES")
    retries = DEFAULT_MAX_NETWORK_RETRIES if retries is None else int(retries)
    timeout = float(config.get("STRIPE_TIMEOUT_SECONDS") or DEFAULT_TIMEOUT_SECONDS)
    cache_key = (api_key, base, retries, timeout)
    cached = current_app.extensions.get("storefront_stripe")
    if cached and cached[0] == cache_key:
        return cached[1]
    client = stripe.StripeClient(
        api_key,
        base_addresses={"api": base} if base else None,
        max_network_retries=retries,
        http_client=stripe.RequestsClient(timeout=timeout),
    )
    current_app.extensions["storefront_stripe"] = (cache_key, client)
    return client


def _as_dict(obj: Any) -> dict[str, Any]:
    return obj.to_dict(recursive=True) if hasattr(obj, "to_dict") else dict(obj)


def _translate(error: stripe.StripeError) -> GatewayError:
    import stripe

    code = getattr(error, "code", None)
    message = f"{type(error).__name__}: {error.user_message or str(error)}"
    if isinstance(error, (stripe.APIConnectionError, stripe.RateLimitError)):
        return StripeUnavailable(message, code=code)
    status = getattr(error, "http_status", None)
    if isinstance(error, stripe.APIError) or (status is not None and status >= 500):
        return StripeUnavailable(message, code=code)
    return StripeRefused(message, code=code)


class CircuitBreaker:
    """Open after `failures` calls in a row that could not reach Stripe; closed again by one that does."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures = 0
        self._open_until = 0.0

    def allow(self, *, failures: int, seconds: float, now: float) -> bool:
        with self._lock:
            if now < self._open_until:
                return False
            if self._failures >= failures:
                # Half open: this call tries; the others fail at once until it has its answer.
                self._open_until = now + seconds
            return True

    def record(self, *, reached: bool, failures: int, seconds: float, now: float) -> None:
        with self._lock:
            if reached:
                self._failures, self._open_until = 0, 0.0
                return
            self._failures += 1
            if self._failures >= failures:
                self._open_until = now + seconds


def breaker() -> CircuitBreaker:
    found = current_app.extensions.get("storefront_stripe_breaker")
    if found is None:
        found = current_app.extensions.setdefault("storefront_stripe_breaker", CircuitBreaker())
    return found


def _call(what: str, request: Callable[[], Any]) -> dict[str, Any]:
    config = current_app.config
    failures = int(config.get("STRIPE_BREAKER_FAILURES") or DEFAULT_BREAKER_FAILURES)
    seconds = float(config.get("STRIPE_BREAKER_SECONDS") or DEFAULT_BREAKER_SECONDS)
    if not breaker().allow(failures=failures, seconds=seconds, now=time.monotonic()):
        raise StripeUnavailable(f"{what}: not tried, Stripe failed just before", code="circuit_open")
    import stripe

    try:
        answer = request()
    except stripe.StripeError as error:
        translated = _translate(error)
        reached = not isinstance(translated, StripeUnavailable)
        breaker().record(reached=reached, failures=failures, seconds=seconds, now=time.monotonic())
        log.warning("Stripe: %s failed: %s", what, error)
        raise translated from error
    breaker().record(reached=True, failures=failures, seconds=seconds, now=time.monotonic())
    return _as_dict(answer)


def create_checkout_session(params: dict[str, Any], *, idempotency_key: str) -> dict[str, Any]:
    return _call(
        f"create a Checkout Session ({idempotency_key})",
        lambda: _client().v1.checkout.sessions.create(
            params=params,  # type: ignore[arg-type]  # Stripe types a TypedDict; ours is built dynamically
            options={"idempotency_key": idempotency_key},
        ),
    )


def retrieve_checkout_session(session_id: str) -> dict[str, Any]:
    return _call(f"read Checkout Session {session_id}", lambda: _client().v1.checkout.sessions.retrieve(session_id))


def expire_checkout_session(session_id: str) -> dict[str, Any]:
    """Close an open session, so the buyer can no longer pay it (they chose another way to pay)."""
    return _call(f"expire Checkout Session {session_id}", lambda: _client().v1.checkout.sessions.expire(session_id))


def create_refund(
    *, payment_intent: str, amount_vnd: int | None, idempotency_key: str, metadata: dict[str, str]
) -> dict[str, Any]:
    params: dict[str, Any] = {"payment_intent": payment_intent, "metadata": metadata}
    if amount_vnd is not None:
        params["amount"] = amount_vnd  # VND is zero-decimal: the đồng amount itself
    return _call(
        f"refund ({idempotency_key})",
        lambda: _client().v1.refunds.create(
            params=params,  # type: ignore[arg-type]  # Stripe types a TypedDict; ours is built dynamically
            options={"idempotency_key": idempotency_key},
        ),
    )


def verify_webhook(payload: bytes, signature_header: str | None, secret: str) -> dict[str, Any]:
    """Check `Stripe-Signature` with the library, then return the event as plain JSON.

    Raises BadWebhook for anything that is not a fresh, signed Stripe event.
    """
    import stripe

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
