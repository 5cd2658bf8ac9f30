"""Money is whole Vietnamese đồng in integers. The only module that adds, multiplies or formats it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

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
    amount, babel_locale = vnd(amount), "vi_VN" if locale.startswith("vi") else locale
    shape = _vnd_shape(babel_locale) if amount >= 0 else None
    if shape is None:
        return format_currency(amount, "VND", locale=babel_locale)
    before, separator, after = shape
    return before + f"{amount:,}".replace(",", separator) + after


#: Amounts `_vnd_shape` checks its shape against Babel's own answers before using it.
_PROBES = (0, 7, 999, 1_000, 12_345, 150_000, 1_234_567, 99_999_999, 10**12 + 1)
_SHAPE = re.compile(r"(\D*)1(?P<separator>\D+)234(?P=separator)567(\D*)")


@lru_cache(maxsize=16)
def _vnd_shape(locale: str) -> tuple[str, str, str] | None:
    """What Babel writes before an amount of đồng, between its groups of three digits and after it, in
    `locale`; None when its format is not that simple (another grouping, decimals) or Babel's answer
    for any probe differs, then Babel formats every amount. Babel's formatting cost more than the rest
    of a product card, and a catalogue of 100,000 products shows too many distinct prices to remember."""
    found = _SHAPE.fullmatch(format_currency(1_234_567, "VND", locale=locale))
    if found is None:
        return None
    before, separator, after = found.group(1, "separator", 3)
    for probe in _PROBES:
        if before + f"{probe:,}".replace(",", separator) + after != format_currency(probe, "VND", locale=locale):
            return None
    return before, separator, after


def subtract(amount: int, deduction: int) -> int:
    """`amount` less `deduction` (what is owed after refunds); may be negative for a month of refunds."""
    return vnd(amount) - vnd(deduction)
