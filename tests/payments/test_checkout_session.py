"""Opening Stripe Checkout for a card order: what the real `stripe` library sends, and retries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storefront.catalog.models import Product
from storefront.errors import Conflict, DomainError, PaymentError
from storefront.orders.models import OrderStatus, PaymentMethod
from storefront.payments.stripe_checkout import session_expiry, start_card_payment
from tests.payments.support import NOW, count, make_card_order, movements


def test_the_session_is_in_whole_dong_with_one_line_per_item_plus_shipping(db, stripe_app, fake_stripe) -> None:
    order = make_card_order(price_vnd=150_000, quantity=2)
    assert order.shipping_vnd == 30_000  # 300,000 ₫ of goods, under the free-shipping threshold

    url = start_card_payment(order, now=NOW)

    [sent] = fake_stripe.posts("/v1/checkout/sessions")
    form = sent.form
    assert form["mode"] == "payment"
    assert form["line_items[0][price_data][currency]"] == "vnd"
    assert form["line_items[0][price_data][unit_amount]"] == "150000"  # not 15000000: VND is zero-decimal
    assert form["line_items[0][quantity]"] == "2"
    assert order.lines[0].product_name_vi in form["line_items[0][price_data][product_data][name]"]
    assert form["line_items[1][price_data][unit_amount]"] == "30000"
    assert form["line_items[1][quantity]"] == "1"
    assert form["line_items[1][price_data][product_data][name]"] == "Phí vận chuyển"
    assert "line_items[2][quantity]" not in form
    assert form["metadata[order_reference]"] == order.reference
    assert form["payment_intent_data[metadata][order_reference]"] == order.reference
    assert form["client_reference_id"] == order.reference
    assert form["success_url"] == f"https://shop.example/orders/{order.token}?payment=return"
    assert form["cancel_url"] == f"https://shop.example/orders/{order.token}?payment=cancelled"
    assert form["customer_email"] == "an@example.com"
    # 30 minutes of window is less than Stripe's minimum: the session gets 33, and the hold follows it.
    expires_at = int(form["expires_at"])
    assert expires_at == int((NOW + timedelta(minutes=33)).timestamp())
    assert order.pay_by is not None and int(order.pay_by.timestamp()) == expires_at
    assert sent.idempotency_key == f"checkout-session:{order.reference}:{expires_at}"
    assert sent.headers["authorization"] == "Bearer sk_test_x"
    # What Stripe computed from our lines is the order's total.
    session = fake_stripe.sessions[order.stripe_session_id]
    assert session["amount_total"] == order.total_vnd == 330_000
    assert url == session["url"]


def test_free_shipping_sends_no_shipping_line(db, stripe_app, fake_stripe) -> None:
    order = make_card_order(price_vnd=250_000, quantity=2)
    assert order.shipping_vnd == 0
    start_card_payment(order, now=NOW)
    [sent] = fake_stripe.posts("/v1/checkout/sessions")
    assert "line_items[1][quantity]" not in sent.form


@pytest.mark.parametrize(
    ("minutes_later", "expected_minutes"),
    [(0, 33), (2, 33), (4, 48), (20, 63)],  # steps of 15 minutes keep retries in one slot on one key
)
def test_the_expiry_is_within_stripes_window_and_stable_for_retries(db, minutes_later, expected_minutes) -> None:
    order = make_card_order()
    now = NOW + timedelta(minutes=minutes_later)
    expires_at = session_expiry(order, now)
    assert expires_at - now >= timedelta(minutes=30)
    assert expires_at == NOW + timedelta(minutes=expected_minutes)


def test_a_long_window_is_kept_and_capped_under_24_hours(db) -> None:
    order = make_card_order()
    order.pay_by = NOW + timedelta(hours=2)
    assert session_expiry(order, NOW) == NOW + timedelta(hours=2)
    order.pay_by = NOW + timedelta(days=3)
    assert NOW + timedelta(hours=23) <= session_expiry(order, NOW) < NOW + timedelta(hours=24)


def test_a_second_click_reuses_the_open_session(db, stripe_app, fake_stripe) -> None:
    order = make_card_order()
    first = start_card_payment(order, now=NOW)
    second = start_card_payment(order, now=NOW + timedelta(minutes=5))
    assert first == second
    assert len(fake_stripe.sessions) == 1
    assert len(fake_stripe.posts("/v1/checkout/sessions")) == 1


def test_a_lost_answer_is_retried_with_the_same_key_and_makes_one_session(db, stripe_app, fake_stripe) -> None:
    order = make_card_order()
    fake_stripe.fail_next(1, "lost")  # Stripe made the session, but its answer never arrived
    url = start_card_payment(order, now=NOW)
    posts = fake_stripe.posts("/v1/checkout/sessions")
    assert len(posts) == 2 and posts[0].idempotency_key == posts[1].idempotency_key
    assert len(fake_stripe.sessions) == 1
    assert url == fake_stripe.sessions[order.stripe_session_id]["url"]


@pytest.mark.parametrize("mode", ["lost", "500", "drop"])
def test_stripe_down_keeps_the_order_and_a_retry_makes_one_session(db, stripe_app, fake_stripe, mode) -> None:
    order = make_card_order(stock=5, quantity=2)
    product_id = order.lines[0].product_id
    fake_stripe.fail_next(2, mode)  # the first try and the library's own retry both fail

    with pytest.raises(PaymentError) as caught:
        start_card_payment(order, now=NOW)
    assert "try card again" in caught.value.message.lower() or "thử" in caught.value.message.lower()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert order.stripe_session_id is None
    assert db.session.get(Product, product_id).stock == 3  # still held
    assert movements(order) == [(-2, "sale")]

    url = start_card_payment(order, now=NOW + timedelta(minutes=1))  # the buyer tries again
    keys = {r.idempotency_key for r in fake_stripe.posts("/v1/checkout/sessions")}
    assert len(keys) == 1
    assert len(fake_stripe.sessions) == 1  # "lost" made it on the first try; the retry got it back
    assert url == fake_stripe.sessions[order.stripe_session_id]["url"]


def test_a_refusal_from_stripe_is_a_clear_message(db, stripe_app, fake_stripe) -> None:
    order = make_card_order()
    fake_stripe.fail_next(1, "402")
    with pytest.raises(PaymentError) as caught:
        start_card_payment(order, now=NOW)
    assert caught.value.code == "payment_refused"
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.stripe_session_id is None


def test_stripe_unreachable_is_a_clear_message(db, stripe_app, fake_stripe) -> None:
    stripe_app.config["STRIPE_API_BASE"] = "http://127.0.0.1:9"  # nothing listens there
    order = make_card_order()
    with pytest.raises(PaymentError) as caught:
        start_card_payment(order, now=NOW)
    assert caught.value.code == "payment_unavailable"
    assert order.stripe_session_id is None


def test_only_an_unpaid_card_order_can_be_sent_to_stripe(db, stripe_app, fake_stripe) -> None:
    order = make_card_order()
    order.payment_method = PaymentMethod.BANK_TRANSFER
    with pytest.raises(DomainError):
        start_card_payment(order, now=NOW)
    order.payment_method = PaymentMethod.CARD
    order.status = OrderStatus.EXPIRED
    with pytest.raises(Conflict):
        start_card_payment(order, now=NOW)
    assert fake_stripe.requests == []


def test_without_a_key_card_payment_is_refused(db, app, fake_stripe) -> None:
    order = make_card_order()
    with pytest.raises(PaymentError):
        start_card_payment(order, now=NOW)
    assert count(Product) >= 1 and fake_stripe.requests == []


def test_an_order_past_its_window_gets_no_new_session(db, stripe_app, fake_stripe) -> None:
    order = make_card_order()
    with pytest.raises(Conflict) as caught:
        start_card_payment(order, now=NOW + timedelta(minutes=31))
    assert caught.value.code == "payment_window_over"
    assert fake_stripe.requests == []


def test_after_the_session_expired_a_retry_in_the_window_makes_a_new_one(db, stripe_app, fake_stripe) -> None:
    order = make_card_order()
    order.pay_by = NOW + timedelta(hours=2)  # a long window
    start_card_payment(order, now=NOW)
    first = order.stripe_session_id
    fake_stripe.set_session(first, status="expired")
    url = start_card_payment(order, now=NOW + timedelta(minutes=40))
    assert order.stripe_session_id != first and url == fake_stripe.sessions[order.stripe_session_id]["url"]
    keys = [r.idempotency_key for r in fake_stripe.posts("/v1/checkout/sessions")]
    assert len(set(keys)) == 2  # a new logical operation, a new key


def test_the_library_retries_twice_by_default_with_one_key(db, stripe_app, fake_stripe) -> None:
    stripe_app.config.pop("STRIPE_MAX_NETWORK_RETRIES")
    order = make_card_order()
    fake_stripe.fail_next(2, "drop")
    start_card_payment(order, now=NOW)
    posts = fake_stripe.posts("/v1/checkout/sessions")
    assert len(posts) == 3 and len({p.idempotency_key for p in posts}) == 1
    assert len(fake_stripe.sessions) == 1
