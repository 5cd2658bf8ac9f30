"""Finding an order again by its reference and the phone number given at checkout.

One answer for a wrong reference and a wrong phone: the caller learns only "found" or "not found",
never which half was wrong, and both take the same path (one query, one constant-time comparison).
"""

from __future__ import annotations

import hmac
import re

from storefront.checkout.forms import normalize_phone
from storefront.orders.models import Order
from storefront.orders.queries import order_by_reference

_NOT_DIGITS = re.compile(r"[^\d+]")


def phone_key(raw: str) -> str:
    """The number as checkout stores it when it can tell (`0912345678`), else its digits (and a leading +)."""
    raw = (raw or "")[:40]
    return normalize_phone(raw) or _NOT_DIGITS.sub("", raw)


def find_order(reference: str, phone: str) -> Order | None:
    """The order with this reference whose phone matches, or None (whichever part is wrong)."""
    order = order_by_reference((reference or "").strip().lstrip("#")[:32])
    typed = phone_key(phone)
    stored = phone_key(order.phone) if order is not None else "no order has this number"
    matches = bool(typed) and hmac.compare_digest(typed.encode(), stored.encode())
    return order if order is not None and matches else None
