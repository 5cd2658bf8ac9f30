"""Shared helpers for order tests: a buyer, the shop's rules, placing an order in one call."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from storefront.orders.models import Order, PaymentMethod
from storefront.orders.pricing import ShippingRules
from storefront.orders.services import BuyerDetails, place_order

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
RULES = ShippingRules(fee_vnd=30_000, free_threshold_vnd=500_000)
WINDOW = timedelta(minutes=30)


def buyer(**overrides: Any) -> BuyerDetails:
    values: dict[str, Any] = {
        "full_name": "Nguyễn Thị Lan",
        "phone": "0912345678",
        "email": "lan@example.com",
        "address": "12 Trần Hưng Đạo",
        "ward_code": 6688,
        "ward_name": "Phường Hạ Long",
        "province_code": 22,
        "province_name": "Quảng Ninh",
        "language": "vi",
    }
    values.update(overrides)
    return BuyerDetails(**values)


def place(items: Mapping[int, int], method: PaymentMethod = PaymentMethod.COD, **kwargs: Any) -> Order:
    kwargs.setdefault("now", NOW)
    kwargs.setdefault("shipping", RULES)
    kwargs.setdefault("payment_window", WINDOW)
    return place_order(items, kwargs.pop("buyer", None) or buyer(), payment_method=method, **kwargs)
