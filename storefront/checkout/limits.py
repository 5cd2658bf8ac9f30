"""Limits on placing orders, so nobody hoards the stock with orders they never mean to take.

Per address and per phone number on placing orders (only placed orders count: a form sent back with a
mistake does not), a cap per product in one order, and a window in which someone must confirm a
cash-on-delivery order (lifecycle.expire_unconfirmed). Every one is off with RATELIMIT_ENABLED=false.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Response, current_app, make_response, render_template, request
from flask_babel import gettext as _
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address

from storefront.cart.cart import units_cap
from storefront.checkout.forms import normalize_phone
from storefront.extensions import limiter


def _placed(response: Response) -> bool:
    """A placed order redirects to its page (or to Stripe); an empty cart goes back to /cart."""
    return response.status_code == 303 and not (response.location or "").endswith("/cart")


def _phone_key() -> str:
    raw = request.form.get("phone") or ""
    return (
        f"order-phone:{normalize_phone(raw) or raw.strip()[:20]}" if raw.strip() else f"order-ip:{get_remote_address()}"
    )


def _refused(limit: RequestLimit) -> Response:
    message = _(
        "You have placed several orders in a short time. Please wait a while before placing another one, "
        "or call us and we will help."
    )
    return make_response(render_template("errors/error.html", status=429, message=message), 429)


per_address = limiter.limit(
    lambda: current_app.config["ORDER_LIMIT_PER_ADDRESS"], methods=["POST"], deduct_when=_placed, on_breach=_refused
)
per_phone = limiter.limit(
    lambda: current_app.config["ORDER_LIMIT_PER_PHONE"],
    key_func=_phone_key,
    methods=["POST"],
    deduct_when=_placed,
    on_breach=_refused,
)


def hoarding_rules() -> dict[str, Any]:
    """`place_order`'s arguments against hoarding, from the settings (none when limits are off)."""
    config = current_app.config
    if not config.get("RATELIMIT_ENABLED", True):
        return {}
    return {
        "max_per_product": units_cap(config),  # the cart's own cap: it never offers more than checkout takes
        "confirm_window": timedelta(hours=config["COD_CONFIRM_HOURS"]),
    }
