"""Cancelling a card order closes its Stripe Checkout Session first (issue 12, item 3), on every path:
`payments.methods.cancel`, the programme office's button and `orders cancel`. When Stripe cannot say the
session is closed, nothing is cancelled and the person is told why."""

from __future__ import annotations

from typing import Any

import pytest
from flask_babel import force_locale

from storefront.catalog.models import Product
from storefront.errors import Conflict, PaymentError
from storefront.extensions import db as _db
from storefront.orders.models import Order, OrderStatus, PaymentMethod
from storefront.payments import methods
from storefront.payments.stripe_checkout import start_card_payment
from tests.factories import make_order, make_product
from tests.payments.support import NOW, make_card_order, post_event, session_object


def _expires(fake: Any, order: Order) -> list[Any]:
    return fake.posts(f"/v1/checkout/sessions/{order.stripe_session_id}/expire")


def _stock(order: Order) -> int:
    product = _db.session.get(Product, order.lines[0].product_id)
    assert product is not None
    _db.session.refresh(product)
    return product.stock


@pytest.fixture()
def card_order(db, stripe_app, fake_stripe) -> Order:
    """Two of five units held by a card order whose Checkout Session is open at (the fake) Stripe."""
    order = make_card_order(stock=5, quantity=2)
    start_card_payment(order, now=NOW)
    assert fake_stripe.sessions[order.stripe_session_id]["status"] == "open"
    fake_stripe.requests.clear()
    return order


def test_cancelling_expires_the_session_at_stripe_then_cancels(db, card_order, fake_stripe) -> None:
    methods.cancel(card_order, actor="user:1", now=NOW, reason="buyer phoned")
    assert len(_expires(fake_stripe, card_order)) == 1
    assert fake_stripe.sessions[card_order.stripe_session_id]["status"] == "expired"
    assert card_order.status == OrderStatus.CANCELLED
    assert _stock(card_order) == 5


@pytest.mark.parametrize("mode", ["500", "drop"])
def test_stripe_down_refuses_the_cancel_and_keeps_the_order(db, card_order, fake_stripe, mode) -> None:
    fake_stripe.fail_next(2, mode)  # the call and the library's one retry
    with force_locale("en"), pytest.raises(PaymentError, match="was not cancelled"):
        methods.cancel(card_order, actor="user:1", now=NOW)
    assert len(_expires(fake_stripe, card_order)) == 2
    _db.session.refresh(card_order)
    assert card_order.status == OrderStatus.AWAITING_PAYMENT
    assert fake_stripe.sessions[card_order.stripe_session_id]["status"] == "open"
    assert _stock(card_order) == 3


def test_stripe_hanging_refuses_within_the_timeout(db, card_order, fake_stripe, stripe_app, monkeypatch) -> None:
    monkeypatch.setitem(stripe_app.config, "STRIPE_TIMEOUT_SECONDS", 0.5)
    monkeypatch.setitem(stripe_app.config, "STRIPE_MAX_NETWORK_RETRIES", 0)
    fake_stripe.hang()
    try:
        with pytest.raises(PaymentError) as refused:
            methods.cancel(card_order, actor="user:1", now=NOW)
    finally:
        fake_stripe.reset()  # lets the hanging request go
    assert refused.value.code == "payment_unavailable"
    _db.session.refresh(card_order)
    assert card_order.status == OrderStatus.AWAITING_PAYMENT


def test_with_the_breaker_open_stripe_is_not_even_asked(db, card_order, fake_stripe) -> None:
    fake_stripe.fail_next(6, "500")
    for _ in range(3):  # three calls in a row that could not reach Stripe open the breaker
        with pytest.raises(PaymentError):
            methods.cancel(card_order, actor="user:1", now=NOW)
    asked = len(fake_stripe.requests)
    with pytest.raises(PaymentError):
        methods.cancel(card_order, actor="user:1", now=NOW)
    assert len(fake_stripe.requests) == asked
    assert card_order.status == OrderStatus.AWAITING_PAYMENT


def test_a_session_the_buyer_just_paid_is_not_cancelled(db, card_order, fake_stripe) -> None:
    fake_stripe.set_session(card_order.stripe_session_id, status="complete", payment_status="paid")
    with force_locale("en"), pytest.raises(Conflict, match="just paid"):
        methods.cancel(card_order, actor="user:1", now=NOW)
    _db.session.refresh(card_order)
    assert card_order.status == OrderStatus.AWAITING_PAYMENT and _stock(card_order) == 3


def test_a_session_that_already_expired_is_no_obstacle(db, card_order, fake_stripe) -> None:
    fake_stripe.set_session(card_order.stripe_session_id, status="expired")
    methods.cancel(card_order, actor="user:1", now=NOW)
    assert card_order.status == OrderStatus.CANCELLED


def test_an_order_that_cannot_be_cancelled_asks_stripe_nothing(db, card_order, fake_stripe) -> None:
    card_order.status = OrderStatus.SHIPPED
    _db.session.flush()
    with pytest.raises(Conflict):
        methods.cancel(card_order, actor="user:1", now=NOW)
    assert fake_stripe.requests == []


def test_a_cash_order_is_cancelled_without_stripe(db, stripe_app, fake_stripe) -> None:
    order = make_order({make_product(stock=3).id: 1})
    assert order.payment_method == PaymentMethod.COD
    methods.cancel(order, actor="user:1", now=NOW)
    assert order.status == OrderStatus.CANCELLED and fake_stripe.requests == []


def test_a_payment_arriving_for_a_cancelled_order_is_flagged_for_a_refund(db, card_order, client) -> None:
    methods.cancel(card_order, actor="user:1", now=NOW)
    post_event(client, "checkout.session.completed", session_object(card_order))
    _db.session.refresh(card_order)
    assert card_order.status == OrderStatus.CANCELLED and card_order.needs_attention
    assert "refund" in card_order.attention_reason.lower() or "hoàn" in card_order.attention_reason.lower()


def test_the_office_button_closes_the_session(db, card_order, fake_stripe, client, login_as) -> None:
    login_as("officer")
    response = client.post(f"/program/orders/{card_order.reference}/cancel?lang=en", data={"reason": "asked"})
    assert response.status_code == 302
    assert len(_expires(fake_stripe, card_order)) == 1
    _db.session.expire_all()
    assert card_order.status == OrderStatus.CANCELLED
    page = client.get(response.location).get_data(as_text=True)
    assert "The order is cancelled" in page


def test_the_office_button_says_why_when_stripe_is_down(db, card_order, fake_stripe, client, login_as) -> None:
    login_as("officer")
    _db.session.commit()  # the refused cancel rolls its unit of work back: the officer must outlive it
    fake_stripe.fail_next(2, "500")
    client.get("/program/orders?lang=en")
    response = client.post(f"/program/orders/{card_order.reference}/cancel", data={"reason": "asked"})
    page = client.get(response.location).get_data(as_text=True)
    assert "could not reach the card payment service" in page and "was not cancelled" in page
    _db.session.expire_all()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT


def test_the_cancel_command_closes_the_session(db, card_order, fake_stripe, runner) -> None:
    _db.session.commit()
    result = runner.invoke(args=["orders", "cancel", card_order.reference, "--reason", "buyer asked"])
    assert result.exit_code == 0, result.output
    assert len(_expires(fake_stripe, card_order)) == 1
    _db.session.expire_all()
    assert card_order.status == OrderStatus.CANCELLED


def test_the_cancel_command_refuses_when_stripe_is_down(db, card_order, fake_stripe, runner) -> None:
    _db.session.commit()
    fake_stripe.fail_next(2, "500")
    result = runner.invoke(args=["orders", "cancel", card_order.reference])
    assert result.exit_code != 0 and "Error" in result.output
    _db.session.expire_all()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT
