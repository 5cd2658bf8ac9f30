"""Refunds through Stripe's Refund API, and the `orders refund` and `orders attention` commands."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storefront.catalog.models import Product
from storefront.errors import Conflict, DomainError, PaymentError
from storefront.orders.models import OrderStatus, PaymentMethod
from storefront.orders.services import mark_paid, place_order
from storefront.payments.card import refund_order
from tests.factories import make_product
from tests.payments.support import (
    BUYER,
    NOW,
    SHIPPING,
    history,
    make_card_order,
    movements,
    open_card_order,
    post_event,
    session_object,
)


@pytest.fixture()
def paid_order(db, stripe_app, client):
    order = open_card_order(stock=5, quantity=2)
    assert post_event(client, "checkout.session.completed", session_object(order)).get_json()["outcome"] == "paid"
    db.session.refresh(order)
    return order


def test_a_refund_goes_through_stripe_once_and_marks_the_order_refunded(db, paid_order, fake_stripe, client) -> None:
    refund = refund_order(paid_order, actor="user:1", now=NOW)
    [sent] = fake_stripe.posts("/v1/refunds")
    assert sent.form["payment_intent"] == paid_order.stripe_payment_intent_id
    assert "amount" not in sent.form  # the whole payment
    assert sent.form["metadata[order_reference]"] == paid_order.reference
    assert sent.idempotency_key == f"refund:{paid_order.reference}"
    assert refund["status"] == "succeeded"
    assert paid_order.status == OrderStatus.REFUNDED
    assert history(paid_order).count(("paid", "refunded")) == 1
    assert movements(paid_order) == [(-2, "sale"), (2, "release")]  # nothing had shipped: the units go back
    assert db.session.get(Product, paid_order.lines[0].product_id).stock == 5

    with pytest.raises(Conflict) as again:
        refund_order(paid_order, actor="user:1", now=NOW)
    assert again.value.code == "already_refunded"
    assert len(fake_stripe.posts("/v1/refunds")) == 1
    # Stripe's charge.refunded that follows changes nothing.
    charge = {"id": "ch_1", "payment_intent": paid_order.stripe_payment_intent_id, "refunded": True}
    assert post_event(client, "charge.refunded", charge).get_json()["outcome"] == "already_refunded"
    assert history(paid_order).count(("paid", "refunded")) == 1


def test_a_lost_answer_is_retried_with_the_same_key_and_refunds_once(db, paid_order, fake_stripe) -> None:
    fake_stripe.fail_next(1, "lost")
    refund_order(paid_order, actor="command", now=NOW)
    posts = fake_stripe.posts("/v1/refunds")
    assert len(posts) == 2 and {p.idempotency_key for p in posts} == {f"refund:{paid_order.reference}"}
    assert len(fake_stripe.refunds) == 1
    assert paid_order.status == OrderStatus.REFUNDED


def test_stripe_down_refunds_nothing_and_says_so(db, paid_order, fake_stripe) -> None:
    fake_stripe.fail_next(2, "500")
    with pytest.raises(PaymentError) as failed:
        refund_order(paid_order, actor="command", now=NOW)
    assert failed.value.code == "refund_failed" and "chưa có gì thay đổi" in failed.value.message
    assert paid_order.status == OrderStatus.PAID


def test_a_partial_refund_keeps_the_order_and_flags_it(db, paid_order, fake_stripe) -> None:
    refund_order(paid_order, actor="command", now=NOW, amount_vnd=100_000)
    [sent] = fake_stripe.posts("/v1/refunds")
    assert sent.form["amount"] == "100000"  # whole đồng, never x100
    assert sent.idempotency_key == f"refund:{paid_order.reference}:100000"
    assert paid_order.status == OrderStatus.PAID and paid_order.needs_attention


@pytest.mark.parametrize("amount", [0, -5, 10**12, True])
def test_a_refund_amount_must_be_part_of_the_total(db, paid_order, fake_stripe, amount) -> None:
    with pytest.raises(DomainError):
        refund_order(paid_order, actor="command", now=NOW, amount_vnd=amount)
    assert fake_stripe.posts("/v1/refunds") == []


def test_an_unpaid_card_order_or_a_cash_order_cannot_be_refunded(db, stripe_app, fake_stripe) -> None:
    unpaid = make_card_order()
    with pytest.raises(Conflict) as never_paid:
        refund_order(unpaid, actor="command", now=NOW)
    assert never_paid.value.code == "not_paid"
    item = make_product(stock=3)
    cash = place_order(
        {item.id: 1},
        BUYER,
        payment_method=PaymentMethod.COD,
        now=NOW,
        shipping=SHIPPING,
        payment_window=timedelta(minutes=30),
    )
    with pytest.raises(DomainError) as cash_refused:
        refund_order(cash, actor="command", now=NOW)
    assert cash_refused.value.code == "not_card"
    transfer = place_order(
        {item.id: 1},
        BUYER,
        payment_method=PaymentMethod.BANK_TRANSFER,
        now=NOW,
        shipping=SHIPPING,
        payment_window=timedelta(minutes=30),
    )
    mark_paid(transfer, actor="command", now=NOW)
    with pytest.raises(DomainError) as transfer_refused:
        refund_order(transfer, actor="command", now=NOW)
    assert transfer_refused.value.code == "not_card"
    assert fake_stripe.requests == []


def test_the_refund_command(db, paid_order, fake_stripe, runner) -> None:
    result = runner.invoke(args=["orders", "refund", paid_order.reference.lower()])
    assert result.exit_code == 0, result.output
    assert f"for order {paid_order.reference}" in result.output and "refunded" in result.output
    db.session.refresh(paid_order)
    assert paid_order.status == OrderStatus.REFUNDED

    again = runner.invoke(args=["orders", "refund", paid_order.reference])
    assert again.exit_code == 1 and "Đơn hàng này đã được hoàn tiền." in again.output  # the office reads Vietnamese
    assert len(fake_stripe.posts("/v1/refunds")) == 1


@pytest.mark.parametrize("reference", ["NOPE", "' OR 1=1 --", "x" * 5000, ""])
def test_the_refund_command_refuses_unknown_orders(db, stripe_app, runner, reference) -> None:
    result = runner.invoke(args=["orders", "refund", reference])
    assert result.exit_code != 0 and "No order" in result.output


def test_the_refund_command_refuses_a_cash_order_clearly(db, stripe_app, fake_stripe, runner) -> None:
    item = make_product(stock=3)
    cash = place_order(
        {item.id: 1},
        BUYER,
        payment_method=PaymentMethod.COD,
        now=NOW,
        shipping=SHIPPING,
        payment_window=timedelta(minutes=30),
    )
    db.session.commit()
    result = runner.invoke(args=["orders", "refund", cash.reference])
    assert result.exit_code == 1 and "chỉ hoàn tiền thanh toán thẻ" in result.output
    assert fake_stripe.requests == []


def test_a_late_payment_whose_stock_was_sold_is_listed_until_handled(db, stripe_app, client, runner) -> None:
    assert "No order needs attention" in runner.invoke(args=["orders", "attention"]).output
    order = open_card_order(stock=2, quantity=2)
    product_id = order.lines[0].product_id
    assert product_id is not None
    post_event(client, "checkout.session.expired", session_object(order, status="expired", payment_status="unpaid"))
    place_order(
        {product_id: 2},
        BUYER,
        payment_method=PaymentMethod.COD,
        now=NOW,
        shipping=SHIPPING,
        payment_window=timedelta(minutes=30),
    )
    db.session.commit()
    assert post_event(client, "checkout.session.completed", session_object(order)).get_json()["outcome"] == "paid_late"

    result = runner.invoke(args=["orders", "attention"])
    assert result.exit_code == 0
    assert order.reference in result.output and "paid" in result.output
    db.session.refresh(order)
    assert order.status == OrderStatus.PAID and order.needs_attention
    assert order.attention_reason.splitlines()[-1] in result.output
