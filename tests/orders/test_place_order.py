"""Placing an order: snapshots, server totals, stock taken and recorded, refusals that leave nothing behind."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storefront.errors import DomainError, OutOfStock
from storefront.notify.models import OutboxMessage
from storefront.orders.models import Order, OrderStatus, PaymentMethod, StockMovement
from storefront.orders.services import CartChanged, PriceChanged
from tests.factories import NOW, WINDOW, make_group, make_order, make_producer, make_product


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_order_snapshots_its_lines_and_takes_the_stock(db) -> None:
    squid = make_product(name_vi="Mực khô Cô Tô", price_vnd=450_000, stock=5, stars=4)
    noodles = make_product(name_vi="Miến dong Bình Liêu", price_vnd=60_000, stock=8)
    order = make_order({squid.id: 2, noodles.id: 3})
    db.session.commit()

    assert order.status == OrderStatus.PLACED and order.pay_by is None
    assert [line.product_name_vi for line in order.lines] == ["Mực khô Cô Tô", "Miến dong Bình Liêu"]
    assert [line.line_total_vnd for line in order.lines] == [900_000, 180_000]
    # Two producers: the squid parcel is over the threshold (free), the noodles parcel pays the fee.
    assert (order.subtotal_vnd, order.shipping_vnd, order.total_vnd) == (1_080_000, 30_000, 1_110_000)
    db.session.refresh(squid)
    db.session.refresh(noodles)
    assert (squid.stock, noodles.stock) == (3, 5)
    moves = db.session.scalars(select(StockMovement).where(StockMovement.order_id == order.id)).all()
    assert sorted((m.product_id, m.delta, m.reason) for m in moves) == sorted(
        [(squid.id, -2, "sale"), (noodles.id, -3, "sale")]
    )
    assert [e.to_status for e in order.events] == ["placed"]
    assert len(order.token) >= 40 and order.reference.startswith("QN") and len(order.reference) == 10

    # A later price edit does not touch the order: the line is a snapshot.
    squid.price_vnd = 999_000
    squid.name_vi = "Đổi tên"
    db.session.commit()
    db.session.refresh(order)
    assert order.lines[0].unit_price_vnd == 450_000 and order.lines[0].product_name_vi == "Mực khô Cô Tô"


def test_a_transfer_holds_its_stock_for_the_payment_window(db) -> None:
    product = make_product(stock=3)
    order = make_order({product.id: 1}, PaymentMethod.BANK_TRANSFER)
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert order.pay_by == NOW + WINDOW


def test_the_same_submission_key_gives_back_the_first_order(db) -> None:
    product = make_product(stock=2)
    first = make_order({product.id: 2}, submission_key="k" * 32)
    second = make_order({product.id: 2}, submission_key="k" * 32)
    db.session.commit()
    assert second.id == first.id
    assert _count(db, Order) == 1
    db.session.refresh(product)
    assert product.stock == 0


@pytest.mark.parametrize("second_cart", ["more", "other", "both"])
def test_the_same_submission_key_for_another_cart_places_nothing(db, second_cart) -> None:
    product, other = make_product(stock=5), make_product(stock=5)
    first = make_order({product.id: 2}, submission_key="k" * 32)
    db.session.commit()
    cart = {"more": {product.id: 3}, "other": {other.id: 1}, "both": {product.id: 2, other.id: 1}}[second_cart]
    with pytest.raises(CartChanged):
        make_order(cart, submission_key="k" * 32)
    db.session.rollback()
    assert _count(db, Order) == 1 and first.lines[0].quantity == 2
    db.session.refresh(product)
    db.session.refresh(other)
    assert (product.stock, other.stock) == (3, 5)  # nothing more taken


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"stock": 0}, "sold out"),
        ({"stock": 1}, "only 1"),
    ],
)
def test_short_stock_is_refused_clearly(db, overrides, message) -> None:
    product = make_product(**overrides)
    with pytest.raises(OutOfStock, match=message):
        make_order({product.id: 2})


def test_an_unpublished_or_unknown_product_is_refused(db) -> None:
    draft = make_product(status="draft")
    with pytest.raises(OutOfStock, match="no longer sold"):
        make_order({draft.id: 1})
    with pytest.raises(OutOfStock, match="no longer sold"):
        make_order({987654: 1})


def test_a_refusal_leaves_no_order_and_no_stock_taken(app, db) -> None:
    plenty = make_product(stock=10)
    scarce = make_product(stock=1)
    db.session.commit()
    with pytest.raises(OutOfStock):
        make_order({plenty.id: 3, scarce.id: 2})
    db.session.rollback()  # what every caller does on a DomainError
    db.session.refresh(plenty)
    assert plenty.stock == 10
    assert _count(db, Order) == 0 and _count(db, StockMovement) == 0 and _count(db, OutboxMessage) == 0


def test_a_price_changed_since_the_quote_is_refused_with_the_new_prices(db) -> None:
    product = make_product(price_vnd=100_000, stock=5)
    db.session.commit()
    with pytest.raises(PriceChanged) as refused:
        make_order({product.id: 1}, confirmed_prices={product.id: 90_000})
    assert refused.value.prices == {product.id: 100_000}
    db.session.rollback()
    order = make_order({product.id: 1}, confirmed_prices=refused.value.prices)
    assert order.lines[0].unit_price_vnd == 100_000 and order.subtotal_vnd == 100_000


def test_a_service_is_not_shipped(db) -> None:
    tour = make_product(group=make_group(is_shippable=False))
    with pytest.raises(DomainError, match="not shipped"):
        make_order({tour.id: 1})


def test_an_empty_cart_places_nothing(db) -> None:
    with pytest.raises(DomainError, match="empty"):
        make_order({})


def test_shipping_is_per_producer(db) -> None:
    producer = make_producer()
    a = make_product(producer=producer, price_vnd=100_000)
    b = make_product(producer=producer, price_vnd=100_000)
    c = make_product(price_vnd=100_000)
    order = make_order({a.id: 1, b.id: 1, c.id: 1})
    assert (order.subtotal_vnd, order.shipping_vnd) == (300_000, 60_000)


def test_placing_queues_one_message_in_the_buyers_language(db) -> None:
    product = make_product()
    from tests.factories import make_buyer

    order = make_order({product.id: 1}, buyer=make_buyer(language="en"))
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.order_id == order.id)).one()
    assert message.kind == "placed" and message.to_address == "lan@example.com"
    assert order.reference in message.subject and "Your order" in message.subject
    assert f"https://shop.example/orders/{order.token}" in message.body
