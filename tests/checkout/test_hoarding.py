"""Nobody hoards the stock: orders per address and per phone, units per product, COD confirmed or released.

Each limit is on by default and off with RATELIMIT_ENABLED=false (the tests' `client` runs without;
`rate_limited_client` is the shop as deployed).
"""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from storefront.cart import cart as carts
from storefront.cart import store
from storefront.catalog.models import Product
from storefront.notify.models import OutboxMessage
from storefront.orders.lifecycle import confirm_order, expire_unpaid_orders
from storefront.orders.models import Order, OrderStatus, StockMovement
from tests.factories import NOW, make_buyer, make_order, make_product

WINDOW = timedelta(hours=24)
HOARDER_NAME = "Chuyển khoản 500.000đ vào STK 0123456789 để mở khoá đơn"


def _form(page: str) -> dict[str, str]:
    fields = dict(re.findall(r'name="(submission_key|quoted)" type="hidden" value="([^"]*)"', page))
    assert len(fields) == 2
    return fields


def _buy(client: FlaskClient, slug: str, quantity: int = 1, cart_cookie: str = "", **overrides: str) -> Any:
    """Put `quantity` in the cart, open checkout and place the order (with `cart_cookie` in place of the
    cart by then, when given: a cart checkout's own page would not have offered)."""
    client.post("/cart/add", data={"product": slug, "quantity": str(quantity)})
    page = html.unescape(client.get("/checkout?lang=en").get_data(as_text=True))
    if cart_cookie:
        client.set_cookie(store.COOKIE_NAME, cart_cookie)
    data = {
        **_form(page),
        "full_name": "Nguyễn Thị Lan",
        "phone": "0912345678",
        "email": "lan@example.com",
        "address": "12 Trần Hưng Đạo",
        "province": "22",
        "ward": "6688",
        "payment_method": "cod",
        **overrides,
    }
    return client.post("/checkout?lang=en", data=data)


def _orders(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Order))


@pytest.fixture()
def product(db) -> Product:
    item = make_product(name_en="Co To dried squid", stock=130, price_vnd=100_000)
    db.session.commit()
    return item


def test_one_phone_places_a_few_orders_then_is_refused_with_nothing_taken(rate_limited_client, db, product) -> None:
    placed = [_buy(rate_limited_client, product.slug, 2).status_code for _ in range(3)]
    assert placed == [303, 303, 303]
    db.session.refresh(product)
    before_stock, before_orders = product.stock, _orders(db)
    refused = _buy(rate_limited_client, product.slug, 2, phone="+84 912 345 678")  # the same number, written apart
    assert refused.status_code == 429
    assert "You have placed several orders in a short time" in html.unescape(refused.get_data(as_text=True))
    db.session.refresh(product)
    assert product.stock == before_stock == 130 - 6 and _orders(db) == before_orders


def test_one_address_places_ten_orders_an_hour_whatever_the_phones(rate_limited_client, db, product) -> None:
    statuses = [_buy(rate_limited_client, product.slug, phone=f"09123400{n:02d}").status_code for n in range(11)]
    assert statuses == [303] * 10 + [429]
    db.session.refresh(product)
    assert product.stock == 120


def test_a_form_sent_back_with_a_mistake_does_not_count(rate_limited_client, db, product) -> None:
    for _ in range(5):
        assert _buy(rate_limited_client, product.slug, phone="12").status_code == 422
    assert _buy(rate_limited_client, product.slug).status_code == 303


def test_at_most_a_few_units_of_a_product_in_one_order(rate_limited_client, db, product) -> None:
    # The cart refuses an eleventh unit at once (tests/cart/test_units_cap.py) ...
    refused = rate_limited_client.post("/cart/add?lang=en", data={"product": product.slug, "quantity": "11"})
    assert "cart=" not in refused.headers.get("Set-Cookie", "")
    # ... and checkout still refuses a cart that holds more (made before the setting was lowered, say).
    with rate_limited_client.application.app_context():
        cookie = store._serializer().dumps(carts.to_data({product.id: 11}))
    rate_limited_client.set_cookie(store.COOKIE_NAME, cookie)
    page = html.unescape(rate_limited_client.get("/cart?lang=en").get_data(as_text=True))
    assert "At most 10 per order: please lower the quantity." in page
    assert rate_limited_client.get("/checkout").status_code == 303  # back to the cart to fix it
    rate_limited_client.set_cookie(store.COOKIE_NAME, "")
    response = _buy(rate_limited_client, product.slug, 1, cart_cookie=cookie)
    assert response.status_code == 400
    assert "You can buy at most 10 of “Co To dried squid” in one order." in html.unescape(
        response.get_data(as_text=True)
    )
    db.session.refresh(product)
    assert product.stock == 130 and _orders(db) == 0


def test_without_limits_nothing_is_capped(client, db, product) -> None:
    assert [_buy(client, product.slug, 50).status_code for _ in range(2)] == [303, 303]
    db.session.refresh(product)
    assert product.stock == 30
    assert all(o.confirm_by is None for o in db.session.scalars(select(Order)))


def test_a_cod_order_carries_its_confirmation_deadline(rate_limited_client, db, product) -> None:
    assert _buy(rate_limited_client, product.slug).status_code == 303
    order = db.session.scalars(select(Order)).one()
    assert order.status == OrderStatus.PLACED and order.confirm_by is not None
    assert order.confirm_by - order.placed_at == WINDOW


def test_an_unconfirmed_cod_order_past_its_window_is_released_once(db) -> None:
    item = make_product(stock=10)
    order = make_order({item.id: 4}, confirm_window=WINDOW)
    kept = make_order({item.id: 1}, confirm_window=WINDOW)
    confirm_order(kept, actor="producer", now=NOW + timedelta(hours=1))
    assert item.stock == 5
    assert expire_unpaid_orders(NOW + WINDOW - timedelta(minutes=1)) == 0
    assert expire_unpaid_orders(NOW + WINDOW + timedelta(minutes=1)) == 1
    assert expire_unpaid_orders(NOW + WINDOW + timedelta(hours=1)) == 0
    db.session.refresh(item)
    assert order.status == OrderStatus.EXPIRED and kept.status == OrderStatus.CONFIRMED and item.stock == 9
    releases = db.session.scalars(
        select(StockMovement.delta).where(StockMovement.order_id == order.id, StockMovement.delta > 0)
    ).all()
    assert releases == [4]
    assert "không được xác nhận kịp thời" in " ".join(e.note for e in order.events)  # the order's language


def test_the_order_page_releases_an_overdue_cod_order_when_seen(client, db) -> None:
    item = make_product(stock=3)
    order = make_order({item.id: 3}, now=NOW - 2 * WINDOW, confirm_window=WINDOW)
    page = client.get(f"/orders/{order.token}?lang=en")
    assert page.status_code == 200 and "Expired" in page.get_data(as_text=True)
    db.session.refresh(item)
    assert item.stock == 3


def test_the_order_message_never_carries_what_the_buyer_typed(db, app) -> None:
    order = make_order({make_product().id: 1}, buyer=make_buyer(full_name=HOARDER_NAME, language="vi"))
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.order_id == order.id)).one()
    assert "0123456789" not in message.body and "Chuyển khoản" not in message.body
    assert order.reference in message.body and "/orders/" in message.body


def test_a_few_order_messages_an_hour_reach_one_address(db, app, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    item = make_product(stock=50)
    orders = [make_order({item.id: 1}, buyer=make_buyer(email="victim@example.com")) for _ in range(7)]
    to_victim = db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.to_address == "victim@example.com")
    )
    assert to_victim == 5 and len(orders) == 7  # the orders stand; only the messages stop
    later = make_order({item.id: 1}, buyer=make_buyer(email="victim@example.com"), now=NOW + timedelta(hours=2))
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.order_id == later.id))
