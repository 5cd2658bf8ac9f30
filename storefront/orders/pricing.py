"""What an order costs, from prices read on the server. Pure: the caller gathers the data first.

Shipping: each producer sends its own parcel, so the flat fee is charged once per producer in the
order, and the free-shipping threshold applies to each producer's parcel (the goods from that
producer), not to the whole order: the producer pays the carrier, so its own parcel is what earns
free delivery.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from storefront import money


@dataclass(frozen=True)
class PricedLine:
    producer_id: int
    unit_price_vnd: int
    quantity: int

    @property
    def line_total_vnd(self) -> int:
        return money.line_total(self.unit_price_vnd, self.quantity)


@dataclass(frozen=True)
class ShippingRules:
    fee_vnd: int
    free_threshold_vnd: int


@dataclass(frozen=True)
class Quote:
    subtotal_vnd: int
    shipping_vnd: int
    total_vnd: int
    #: producer id -> (goods from that producer, shipping charged for its parcel)
    parcels: dict[int, tuple[int, int]] = field(default_factory=dict)


def shipping_for_parcel(goods_vnd: int, rules: ShippingRules) -> int:
    """The fee for one producer's parcel: free once its goods reach the threshold."""
    if goods_vnd <= 0:
        return 0
    return 0 if goods_vnd >= rules.free_threshold_vnd else money.vnd(rules.fee_vnd)


def more_for_free_shipping(goods_vnd: int, rules: ShippingRules) -> int:
    """How much more from the same producer makes its parcel ship free; 0 once it does (or ships nothing)."""
    if shipping_for_parcel(goods_vnd, rules) == 0:
        return 0
    return money.subtract(rules.free_threshold_vnd, goods_vnd)


def quote(lines: Iterable[PricedLine], rules: ShippingRules) -> Quote:
    goods: dict[int, int] = {}
    for line in lines:
        goods[line.producer_id] = money.total([goods.get(line.producer_id, 0), line.line_total_vnd])
    parcels = {pid: (amount, shipping_for_parcel(amount, rules)) for pid, amount in goods.items()}
    subtotal = money.total(a for a, _ in parcels.values())
    shipping = money.total(s for _, s in parcels.values())
    return Quote(
        subtotal_vnd=subtotal, shipping_vnd=shipping, total_vnd=money.total([subtotal, shipping]), parcels=parcels
    )


def rules_from_config(config: Mapping[str, Any]) -> ShippingRules:
    return ShippingRules(fee_vnd=config["SHIPPING_FEE_VND"], free_threshold_vnd=config["FREE_SHIPPING_THRESHOLD_VND"])
