"""Helpers for the card payment tests: card orders, Stripe-shaped objects, signed webhooks, what changed."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from storefront.extensions import db as _db
from storefront.notify.models import OutboxMessage
from storefront.orders.models import Order, OrderEvent, PaymentMethod, StockMovement
from storefront.orders.pricing import ShippingRules
from storefront.orders.services import BuyerDetails, place_order
from tests.factories import make_product

WEBHOOK_SECRET = "whsec_test"
NOW = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
SHIPPING = ShippingRules(fee_vnd=30_000, free_threshold_vnd=500_000)


BUYER = BuyerDetails(
    full_name="Nguyễn Văn An",
    phone="0912345678",
    email="an@example.com",
    address="12 Đường Bạch Đằng",
    ward_code=1,
    ward_name="Phường Hạ Long",
    province_code=22,
    province_name="Quảng Ninh",
    language="vi",
)


def make_card_order(
    *, now: datetime = NOW, price_vnd: int = 150_000, quantity: int = 2, stock: int = 5, **product: Any
) -> Order:
    """A card order for `quantity` units of a new product: stock taken, awaiting payment."""
    item = make_product(price_vnd=price_vnd, stock=stock, **product)
    order = place_order(
        {item.id: quantity},
        BUYER,
        payment_method=PaymentMethod.CARD,
        now=now,
        shipping=SHIPPING,
        payment_window=timedelta(minutes=30),
    )
    _db.session.flush()
    return order


def sign(payload: str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """Stripe's scheme: t=<unix time>,v1=HMAC-SHA256(secret, "<t>.<payload>")."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


_event_ids = iter(range(1, 1_000_000))


def event_body(kind: str, obj: dict[str, Any], *, event_id: str | None = None) -> str:
    return json.dumps(
        {
            "id": event_id or f"evt_test_{next(_event_ids):06d}",
            "object": "event",
            "type": kind,
            "api_version": "2025-01-01",
            "created": int(time.time()),
            "data": {"object": obj},
        }
    )


def session_object(order: Order, **overrides: Any) -> dict[str, Any]:
    """A Checkout Session as Stripe would send it for `order`, completed and paid unless overridden."""
    values: dict[str, Any] = {
        "id": order.stripe_session_id or f"cs_test_for_{order.reference}",
        "object": "checkout.session",
        "status": "complete",
        "payment_status": "paid",
        "amount_total": order.total_vnd,
        "currency": "vnd",
        "client_reference_id": order.reference,
        "metadata": {"order_reference": order.reference},
        "payment_intent": f"pi_test_{order.reference}",
    }
    values.update(overrides)
    return values


def post_event(client: Any, kind: str, obj: dict[str, Any], *, event_id: str | None = None, **sign_args: Any) -> Any:
    body = event_body(kind, obj, event_id=event_id)
    return client.post(
        "/webhooks/stripe",
        data=body,
        headers={"Stripe-Signature": sign(body, **sign_args), "Content-Type": "application/json"},
    )


def history(order: Order) -> list[tuple[str | None, str]]:
    return [
        (e.from_status, e.to_status)
        for e in _db.session.scalars(select(OrderEvent).where(OrderEvent.order_id == order.id).order_by(OrderEvent.id))
    ]


def movements(order: Order) -> list[tuple[int, str]]:
    return [
        (m.delta, m.reason)
        for m in _db.session.scalars(
            select(StockMovement).where(StockMovement.order_id == order.id).order_by(StockMovement.id)
        )
    ]


def outbox_kinds(order: Order) -> list[str]:
    return list(
        _db.session.scalars(
            select(OutboxMessage.kind).where(OutboxMessage.order_id == order.id).order_by(OutboxMessage.id)
        )
    )


def count(model: Any, *where: Any) -> int:
    return int(_db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def open_card_order(**kwargs: Any) -> Order:
    """A card order whose Checkout Session was opened (its id stored), as after `start_card_payment`."""
    order = make_card_order(**kwargs)
    order.stripe_session_id = f"cs_test_for_{order.reference}"
    _db.session.flush()
    return order
