"""The buyer's side of a card payment: checkout sends them to Stripe, the order page asks Stripe on the server."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from storefront.catalog.models import Product
from storefront.orders.models import Order, OrderStatus, PaymentMethod
from storefront.places import lookups
from tests.factories import make_product
from tests.payments.support import (
    history,
    movements,
    outbox_kinds,
    post_event,
    session_object,
)


@pytest.fixture()
def product(db, client) -> Product:
    item = make_product(name_en="Co To dried squid", price_vnd=150_000, stock=5)
    db.session.commit()
    client.post("/cart/add", data={"product": item.slug, "quantity": "2"})
    return item


def _checkout(client: FlaskClient, method: str = "card", key: str | None = None) -> Any:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    fields = dict(re.findall(r'name="(submission_key|quoted)" type="hidden" value="([^"]*)"', page))
    if key:
        fields["submission_key"] = key
    data = {
        "full_name": "John Smith",
        "phone": "0912345678",
        "email": "john@example.com",
        "address": "1 Bach Dang",
        "province": "22",
        "ward": str(lookups.communes_of(22)[0].code),  # a commune of Quảng Ninh
        "payment_method": method,
        **fields,
    }
    return client.post("/checkout?lang=en", data=data)


def _order(db) -> Order:
    order = db.session.scalars(select(Order)).one()
    db.session.refresh(order)
    return order


def test_card_is_offered_only_with_a_stripe_key(client, product, stripe_app) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    assert ">Card<" in page or "Card</label>" in page


def test_placing_a_card_order_sends_the_buyer_to_stripe(client, db, product, stripe_app, fake_stripe) -> None:
    response = _checkout(client)
    assert response.status_code == 303
    order = _order(db)
    assert order.payment_method == PaymentMethod.CARD and order.status == OrderStatus.AWAITING_PAYMENT
    session = fake_stripe.sessions[order.stripe_session_id]
    assert response.headers["Location"] == session["url"]
    assert session["amount_total"] == order.total_vnd == 330_000
    assert db.session.get(Product, product.id).stock == 3


def test_a_resubmitted_card_checkout_reuses_the_order_and_the_session(
    client, db, product, stripe_app, fake_stripe
) -> None:
    first = _checkout(client, key="same-key-123")
    client.post("/cart/add", data={"product": product.slug, "quantity": "2"})
    second = _checkout(client, key="same-key-123")
    assert first.headers["Location"] == second.headers["Location"]
    assert len(fake_stripe.sessions) == 1 and _order(db)


def test_stripe_down_keeps_the_order_and_the_buyer_can_try_again(client, db, product, stripe_app, fake_stripe) -> None:
    fake_stripe.fail_next(2, "500")
    response = _checkout(client)
    order = _order(db)
    assert response.status_code == 303 and response.headers["Location"] == f"/orders/{order.token}"
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "could not reach the card payment service" in page
    assert "Try card again" in page and "Pay by bank transfer instead" in page
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.stripe_session_id is None
    assert db.session.get(Product, product.id).stock == 3 and movements(order) == [(-2, "sale")]

    retry = client.post(f"/orders/{order.token}/card")
    order = _order(db)
    assert retry.status_code == 303
    assert retry.headers["Location"] == fake_stripe.sessions[order.stripe_session_id]["url"]
    assert len(fake_stripe.sessions) == 1
    assert len({r.idempotency_key for r in fake_stripe.posts("/v1/checkout/sessions")}) == 1
    # A second click opens the same session again rather than another one.
    assert client.post(f"/orders/{order.token}/card").headers["Location"] == retry.headers["Location"]
    assert len(fake_stripe.sessions) == 1


def test_returning_shows_being_confirmed_until_stripe_says_paid(client, db, product, stripe_app, fake_stripe) -> None:
    _checkout(client)
    order = _order(db)
    # The buyer paid by a method Stripe is still confirming.
    fake_stripe.set_session(order.stripe_session_id, status="complete", payment_status="unpaid")
    page = client.get(f"/orders/{order.token}?payment=return&lang=en").get_data(as_text=True)
    assert "being confirmed" in page
    assert _order(db).status == OrderStatus.AWAITING_PAYMENT
    reads = [r for r in fake_stripe.requests if r.method == "GET"]
    assert [r.path for r in reads] == [f"/v1/checkout/sessions/{order.stripe_session_id}"]

    fake_stripe.set_session(order.stripe_session_id, payment_status="paid", payment_intent="pi_test_1")
    page = client.get(f"/orders/{order.token}?payment=return&lang=en").get_data(as_text=True)
    order = _order(db)
    assert order.status == OrderStatus.PAID and order.stripe_payment_intent_id == "pi_test_1"
    assert 'data-status="paid"' in page and "being confirmed" not in page
    assert history(order).count(("awaiting_payment", "paid")) == 1 and outbox_kinds(order) == ["placed", "paid"]
    # The webhook that arrives afterwards changes nothing.
    assert (
        post_event(client, "checkout.session.completed", session_object(order)).get_json()["outcome"] == "already_paid"
    )
    assert outbox_kinds(_order(db)) == ["placed", "paid"]


def test_the_webhook_before_the_return_is_shown_as_paid(client, db, product, stripe_app, fake_stripe) -> None:
    _checkout(client)
    order = _order(db)
    post_event(client, "checkout.session.completed", session_object(order))
    before = len(fake_stripe.requests)
    page = client.get(f"/orders/{order.token}?payment=return&lang=en").get_data(as_text=True)
    assert 'data-status="paid"' in page
    assert len(fake_stripe.requests) == before  # a paid order needs no question to Stripe


@pytest.mark.parametrize(
    "query", ["?payment=paid", "?payment=return&session_id=cs_forged", "?payment_status=paid&paid=1&lang=en"]
)
def test_a_forged_return_url_changes_nothing(client, db, product, stripe_app, fake_stripe, query) -> None:
    _checkout(client)
    order = _order(db)
    fake_stripe.sessions["cs_forged"] = {
        **fake_stripe.sessions[order.stripe_session_id],
        "id": "cs_forged",
        "status": "complete",
        "payment_status": "paid",
    }
    response = client.get(f"/orders/{order.token}{query}")
    assert response.status_code == 200
    order = _order(db)
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.paid_at is None
    assert outbox_kinds(order) == ["placed"]
    assert all("cs_forged" not in r.path for r in fake_stripe.requests)


def test_stripe_down_on_return_says_being_confirmed(client, db, product, stripe_app, fake_stripe) -> None:
    _checkout(client)
    order = _order(db)
    fake_stripe.fail_next(2, "drop")
    response = client.get(f"/orders/{order.token}?payment=return&lang=en")
    assert response.status_code == 200 and "being confirmed" in response.get_data(as_text=True)
    assert _order(db).status == OrderStatus.AWAITING_PAYMENT


def test_cancelled_at_stripe_offers_card_again_or_a_transfer(client, db, product, stripe_app, fake_stripe) -> None:
    _checkout(client)
    order = _order(db)
    page = client.get(f"/orders/{order.token}?payment=cancelled&lang=en").get_data(as_text=True)
    assert "being confirmed" not in page
    assert "Try card again" in page and "Pay by bank transfer instead" in page


def test_an_expired_session_seen_on_return_releases_the_stock(client, db, product, stripe_app, fake_stripe) -> None:
    _checkout(client)
    order = _order(db)
    fake_stripe.set_session(order.stripe_session_id, status="expired")
    page = client.get(f"/orders/{order.token}?payment=return&lang=en").get_data(as_text=True)
    assert 'data-status="expired"' in page
    assert db.session.get(Product, product.id).stock == 5


def test_switching_to_a_bank_transfer_closes_the_card_session(client, db, product, stripe_app, fake_stripe) -> None:
    _checkout(client)
    order = _order(db)
    session_id = order.stripe_session_id
    response = client.post(f"/orders/{order.token}/pay-by-transfer")
    assert response.status_code == 303
    assert fake_stripe.posts(f"/v1/checkout/sessions/{session_id}/expire")
    order = _order(db)
    assert order.payment_method == PaymentMethod.BANK_TRANSFER and order.status == OrderStatus.AWAITING_PAYMENT
    page = client.get(f"/orders/{order.token}?lang=en").get_data(as_text=True)
    assert "Pay by bank transfer" in page and "VietQR" in page and "Try card again" not in page
    # Stripe then reports the closed session as expired: the order keeps its goods for the transfer.
    expired = session_object(order, status="expired", payment_status="unpaid")
    assert post_event(client, "checkout.session.expired", expired).get_json()["outcome"] == "ignored"
    assert db.session.get(Product, product.id).stock == 3


def test_switching_is_refused_once_the_card_was_paid(client, db, product, stripe_app, fake_stripe) -> None:
    _checkout(client)
    order = _order(db)
    fake_stripe.set_session(order.stripe_session_id, status="complete", payment_status="unpaid")
    client.post(f"/orders/{order.token}/pay-by-transfer")
    assert _order(db).payment_method == PaymentMethod.CARD


def test_switching_after_the_time_to_pay_ran_out_does_not_stretch_the_hold(
    client, db, product, stripe_app, fake_stripe
) -> None:
    from datetime import timedelta

    from storefront.db import utcnow

    _checkout(client)
    order = _order(db)
    order.pay_by = utcnow() - timedelta(minutes=1)  # the page was left open past the deadline
    db.session.commit()
    response = client.post(f"/orders/{order.token}/pay-by-transfer?lang=en")
    assert response.status_code == 303
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "The time to pay this order has run out." in page and 'data-status="expired"' in page
    order = _order(db)
    assert order.payment_method == PaymentMethod.CARD and order.status == OrderStatus.EXPIRED
    assert db.session.get(Product, product.id).stock == 5  # the goods went back on sale


def test_actions_on_an_unknown_order_are_404(client, db, stripe_app) -> None:
    assert client.post("/orders/nope/card").status_code == 404
    assert client.post("/orders/" + "x" * 5000 + "/pay-by-transfer").status_code == 404


def test_a_cash_order_cannot_be_sent_to_stripe(client, db, product, stripe_app, fake_stripe) -> None:
    _checkout(client, method="cod")
    order = _order(db)
    response = client.post(f"/orders/{order.token}/card")
    assert response.status_code == 303 and response.headers["Location"] == f"/orders/{order.token}"
    assert fake_stripe.requests == []


def test_a_resubmitted_checkout_after_paying_goes_to_the_order_page(
    client, db, product, stripe_app, fake_stripe
) -> None:
    _checkout(client, key="paid-then-resubmitted")
    order = _order(db)
    fake_stripe.set_session(order.stripe_session_id, status="complete", payment_status="unpaid")
    client.post("/cart/add", data={"product": product.slug, "quantity": "2"})
    again = _checkout(client, key="paid-then-resubmitted")
    assert again.status_code == 303 and again.headers["Location"] == f"/orders/{order.token}"
    page = client.get(again.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "being confirmed" in page
    assert len(fake_stripe.sessions) == 1


def test_card_sent_by_hand_without_a_stripe_key_places_nothing(client, db, product, fake_stripe) -> None:
    response = _checkout(client, method="card")
    assert response.status_code == 422
    assert db.session.scalars(select(Order)).first() is None
    assert fake_stripe.requests == []


def test_the_card_panel_speaks_vietnamese_by_default(client, db, product, stripe_app, fake_stripe) -> None:
    _checkout(client)
    order = _order(db)
    fake_stripe.set_session(order.stripe_session_id, status="complete", payment_status="unpaid")
    page = client.get(f"/orders/{order.token}?payment=return&lang=vi").get_data(as_text=True)
    assert "Thanh toán của bạn đang được xác nhận." in page
    fake_stripe.set_session(order.stripe_session_id, status="open")
    page = client.get(f"/orders/{order.token}?lang=vi").get_data(as_text=True)
    assert "Thử lại thanh toán thẻ" in page and "Chuyển sang chuyển khoản ngân hàng" in page
