"""Money is whole Vietnamese đồng in integers. The only module that adds, multiplies or formats it."""

from __future__ import annotations

from collections.abc import Iterable

from babel.numbers import format_currency

#: The largest amount a single order may reach: Stripe takes at most eight digits, and no
#: honest OCOP basket comes close.
MAX_ORDER_VND = 99_999_999


def vnd(amount: int) -> int:
    """Check that `amount` is whole đồng and return it unchanged."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"money must be an int of đồng, not {type(amount).__name__}")
    return amount


def line_total(unit_price_vnd: int, quantity: int) -> int:
    return vnd(unit_price_vnd) * vnd(quantity)


def total(amounts: Iterable[int]) -> int:
    return sum((vnd(a) for a in amounts), 0)


def format_vnd(amount: int, locale: str = "vi") -> str:
    """`150.000 ₫` in Vietnamese (with a non-breaking space), `₫150,000` in English."""
    return format_currency(vnd(amount), "VND", locale="vi_VN" if locale.startswith("vi") else locale)


def subtract(amount: int, deduction: int) -> int:
    """`amount` less `deduction` (what is owed after refunds); may be negative for a month of refunds."""
    return vnd(amount) - vnd(deduction)
