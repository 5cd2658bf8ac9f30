"""The cart as a value: product id -> quantity. Never prices: those are read from the database each time.

Pure functions, so the same rules serve the guest's cookie today and an account's cart later
(`merge_carts` is what a login will call).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _

from storefront.errors import DomainError

Cart = dict[int, int]

#: Per line: a household order, not a wholesale one; also keeps every total far below MAX_ORDER_VND.
MAX_QUANTITY = 99
#: Distinct products; keeps the signed cookie well under the browsers' 4 kB.
MAX_LINES = 40


class BadQuantity(DomainError):
    code = "bad_quantity"


def units_cap(config: Mapping[str, Any]) -> int:
    """The most units of one product a cart line may hold: what one order may hold (MAX_UNITS_PER_PRODUCT,
    against hoarding), never above the cart's own MAX_QUANTITY; that alone when limits are off
    (RATELIMIT_ENABLED=false)."""
    if not config.get("RATELIMIT_ENABLED", True):
        return MAX_QUANTITY
    return min(config.get("MAX_UNITS_PER_PRODUCT") or MAX_QUANTITY, MAX_QUANTITY)


def parse_quantity(raw: object, *, allow_zero: bool = False, maximum: int = MAX_QUANTITY) -> int:
    """A whole number of units from a form field, at most `maximum`. Fractions, words, negatives and huge
    numbers are refused."""
    text = str(raw if raw is not None else "").strip()
    if len(text) > 12:  # never hand a 5,000-character string to Decimal
        if text.isdigit():
            raise BadQuantity(_("Quantity must be at most %(max)s.", max=maximum), field="quantity")
        raise BadQuantity(_("Quantity must be a whole number."), field="quantity")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise BadQuantity(_("Quantity must be a whole number."), field="quantity") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise BadQuantity(_("Quantity must be a whole number."), field="quantity")
    # Bounds are checked on the Decimal: int("1E999999999") would build a billion-digit number first.
    if number < 0 or (number == 0 and not allow_zero):
        raise BadQuantity(_("Quantity must be at least 1."), field="quantity")
    if number > maximum:
        raise BadQuantity(_("Quantity must be at most %(max)s.", max=maximum), field="quantity")
    return int(number)


def clean(raw: object) -> Cart:
    """A cart from untrusted data (a decoded cookie): anything malformed is dropped, never an error."""
    cart: Cart = {}
    if not isinstance(raw, list):
        return cart
    for item in raw[:MAX_LINES]:
        if (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in item)
            and item[0] > 0
            and 0 < item[1] <= MAX_QUANTITY
        ):
            cart[item[0]] = item[1]
    return cart


def to_data(cart: Mapping[int, int]) -> list[list[int]]:
    return [[pid, qty] for pid, qty in sorted(cart.items())]


def add(cart: Mapping[int, int], product_id: int, quantity: int) -> Cart:
    result = dict(cart)
    result[product_id] = min(result.get(product_id, 0) + quantity, MAX_QUANTITY)
    return result


def set_quantity(cart: Mapping[int, int], product_id: int, quantity: int) -> Cart:
    result = dict(cart)
    if quantity <= 0:
        result.pop(product_id, None)
    else:
        result[product_id] = min(quantity, MAX_QUANTITY)
    return result


def remove(cart: Mapping[int, int], product_id: int) -> Cart:
    return {pid: qty for pid, qty in cart.items() if pid != product_id}


def merge_carts(a: Mapping[int, int], b: Mapping[int, int]) -> Cart:
    """Both carts' products; a product in both keeps the larger quantity (a login must not double a basket
    the shopper filled twice, on two devices, with the same intent)."""
    merged: Cart = dict(a)
    for pid, qty in b.items():
        merged[pid] = min(max(merged.get(pid, 0), qty), MAX_QUANTITY)
    return dict(sorted(merged.items())[:MAX_LINES])


def count_units(cart: Mapping[int, int]) -> int:
    return sum(cart.values())
