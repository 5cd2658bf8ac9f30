"""Amounts of đồng are written as Babel writes them, in every language, however they are formatted."""

from __future__ import annotations

import pytest
from babel.numbers import format_currency

from storefront.money import format_vnd

AMOUNTS = [0, 5, 999, 1_000, 30_000, 150_000, 1_234_567, 99_999_999, 10**13 + 7, -150_000]


@pytest.mark.parametrize(("language", "babel_locale"), [("vi", "vi_VN"), ("en", "en"), ("fr", "fr"), ("hi", "hi")])
def test_amounts_read_as_babel_writes_them(language: str, babel_locale: str) -> None:
    """Hindi groups by two past the thousands and negative amounts have a sign: both go to Babel itself."""
    for amount in AMOUNTS:
        assert format_vnd(amount, language) == format_currency(amount, "VND", locale=babel_locale)


def test_the_shop_s_two_languages() -> None:
    assert format_vnd(150_000) == "150.000\u00a0₫" and format_vnd(150_000, "en") == "₫150,000"


def test_only_whole_dong_are_formatted() -> None:
    with pytest.raises(TypeError):
        format_vnd(1.5)  # type: ignore[arg-type]  # the wrong type is the test
