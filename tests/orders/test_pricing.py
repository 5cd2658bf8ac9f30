"""Pure pricing: a flat fee per producer's parcel, free when that parcel reaches the threshold."""

from __future__ import annotations

import pytest

from storefront.orders.pricing import PricedLine, ShippingRules, quote, shipping_for_parcel

RULES = ShippingRules(fee_vnd=30_000, free_threshold_vnd=500_000)


@pytest.mark.parametrize(
    "goods, fee",
    [(0, 0), (1, 30_000), (499_999, 30_000), (500_000, 0), (2_000_000, 0)],
)
def test_parcel_fee(goods: int, fee: int) -> None:
    assert shipping_for_parcel(goods, RULES) == fee


def test_quote_per_producer() -> None:
    lines = [
        PricedLine(producer_id=1, unit_price_vnd=200_000, quantity=2),  # 400,000 from producer 1
        PricedLine(producer_id=1, unit_price_vnd=100_000, quantity=1),  # producer 1 reaches 500,000: free
        PricedLine(producer_id=2, unit_price_vnd=60_000, quantity=3),  # 180,000 from producer 2: a fee
    ]
    result = quote(lines, RULES)
    assert result.subtotal_vnd == 680_000
    assert result.shipping_vnd == 30_000
    assert result.total_vnd == 710_000
    assert result.parcels == {1: (500_000, 0), 2: (180_000, 30_000)}


def test_empty_quote() -> None:
    assert quote([], RULES).total_vnd == 0


def test_money_must_be_whole_dong() -> None:
    with pytest.raises(TypeError):
        quote([PricedLine(producer_id=1, unit_price_vnd=1.5, quantity=1)], RULES)  # type: ignore[arg-type]  # the wrong type is the test
