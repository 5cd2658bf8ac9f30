"""The order page says what happens next (issue 13, item 5): a call to confirm cash on delivery, one parcel
per producer, the amount to have ready at the door; in both languages."""

from __future__ import annotations

import re

import pytest

from storefront.db import utcnow
from storefront.money import format_vnd
from storefront.orders import lifecycle
from storefront.orders.models import Order, PaymentMethod
from tests.factories import make_order, make_producer, make_product


def _next_steps(client, order: Order, lang: str) -> str:
    page = client.get(f"/orders/{order.token}?lang={lang}").get_data(as_text=True)
    found = re.search(r'<section class="next-steps".*?</section>', page, re.S)
    return found.group(0) if found else ""


def _two_producers(method: PaymentMethod = PaymentMethod.COD) -> Order:
    first, second = make_producer(name="HTX Hải sản Thanh Lân"), make_producer(name="HTX Miến dong Bình Liêu")
    return make_order(
        {make_product(producer=first, price_vnd=120_000).id: 1, make_product(producer=second, price_vnd=80_000).id: 2},
        method,
        now=utcnow(),
    )


def test_cash_on_delivery_from_one_producer(client, db, app) -> None:
    product = make_product(price_vnd=150_000)
    order = make_order({product.id: 1}, now=utcnow())
    db.session.commit()
    shown = _next_steps(client, order, "en")
    hours = app.config["COD_CONFIRM_HOURS"]
    assert "What happens next" in shown
    assert f"We call you at {order.phone} to confirm the order" in shown
    assert f"within {hours} hours is cancelled" in shown
    assert f"one parcel, from {order.lines[0].producer_name}." in shown
    assert f"Have {format_vnd(order.total_vnd, 'en')} ready in cash: you pay the courier" in shown


def test_cash_on_delivery_from_two_producers_says_two_parcels_and_the_whole_amount(client, db) -> None:
    order = _two_producers()
    db.session.commit()
    shown = _next_steps(client, order, "en")
    assert "2 parcels, one from each producer (HTX Hải sản Thanh Lân, HTX Miến dong Bình Liêu)" in shown
    assert f"Have {format_vnd(order.total_vnd, 'en')} ready in cash in all" in shown
    assert order.total_vnd == 120_000 + 160_000 + 2 * 30_000  # each parcel under the threshold pays its fee


def test_in_vietnamese(client, db) -> None:
    order = _two_producers()
    db.session.commit()
    shown = _next_steps(client, order, "vi")
    assert "Tiếp theo" in shown and f"Chúng tôi sẽ gọi cho bạn theo số {order.phone}" in shown
    assert "Hàng được gửi thành 2 kiện, mỗi nhà sản xuất một kiện" in shown
    assert f"Chuẩn bị sẵn tổng cộng {format_vnd(order.total_vnd, 'vi')} tiền mặt" in shown
    assert "What happens next" not in shown and "parcel" not in shown


def test_a_transfer_waits_for_the_money_and_then_has_nothing_left_to_pay(client, db) -> None:
    order = _two_producers(PaymentMethod.BANK_TRANSFER)
    db.session.commit()
    waiting = _next_steps(client, order, "en")
    assert "Once your payment is confirmed, this page says so" in waiting
    assert "call you" not in waiting and "ready in cash" not in waiting
    lifecycle.mark_paid(order, actor="officer", now=utcnow())
    db.session.commit()
    paid = _next_steps(client, order, "en")
    assert "Your payment is in" in paid and "Nothing is left to pay at the door." in paid and "2 parcels" in paid
    assert "Bạn không phải trả thêm gì khi nhận hàng." in _next_steps(client, order, "vi")


@pytest.mark.parametrize("method", [PaymentMethod.COD, PaymentMethod.BANK_TRANSFER])
def test_gone_once_the_goods_are_on_their_way_or_the_order_is_over(client, db, method) -> None:
    product = make_product()
    shipped = make_order({product.id: 1}, method, now=utcnow())
    if method == PaymentMethod.COD:
        lifecycle.confirm_order(shipped, actor="producer", now=utcnow())
    else:
        lifecycle.mark_paid(shipped, actor="officer", now=utcnow())
    lifecycle.mark_shipped(shipped, product.producer_id, actor="producer", now=utcnow())
    cancelled = make_order({make_product().id: 1}, method, now=utcnow())
    lifecycle.cancel_order(cancelled, actor="officer", now=utcnow())
    db.session.commit()
    assert _next_steps(client, shipped, "en") == ""
    assert _next_steps(client, cancelled, "en") == ""


def test_a_confirmed_cash_order_still_says_what_to_have_ready(client, db) -> None:
    order = make_order({make_product(price_vnd=90_000).id: 1}, now=utcnow())
    lifecycle.confirm_order(order, actor="producer", now=utcnow())
    db.session.commit()
    shown = _next_steps(client, order, "en")
    assert "Your order is confirmed" in shown and "call you" not in shown
    assert f"Have {format_vnd(order.total_vnd, 'en')} ready in cash" in shown
