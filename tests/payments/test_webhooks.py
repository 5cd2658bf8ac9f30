"""`POST /webhooks/stripe` with payloads signed like Stripe signs them."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from storefront.catalog.models import Product
from storefront.orders.models import OrderStatus, PaymentMethod
from storefront.orders.services import place_order
from storefront.payments.models import StripeEvent
from tests.factories import make_product
from tests.payments.support import (
    BUYER,
    NOW,
    SHIPPING,
    event_body,
    history,
    movements,
    open_card_order,
    outbox_kinds,
    post_event,
    session_object,
    sign,
)

COMPLETED = "checkout.session.completed"


def _stock(db, order) -> int:
    return db.session.get(Product, order.lines[0].product_id).stock


def _assert_paid_once(db, order) -> None:
    db.session.refresh(order)
    assert order.status == OrderStatus.PAID and order.paid_at is not None
    assert history(order).count(("awaiting_payment", "paid")) == 1
    assert movements(order) == [(-2, "sale")]  # paying moves no stock: it was taken when the order was placed
    assert outbox_kinds(order) == ["placed", "paid"]


def _assert_untouched(db, order) -> None:
    """Still awaiting payment, its two units held, no paid message, nothing but its placing in the history."""
    db.session.refresh(order)
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.paid_at is None
    assert _stock(db, order) == 3 and movements(order) == [(-2, "sale")]
    assert ("awaiting_payment", "paid") not in history(order)
    assert outbox_kinds(order) == ["placed"]


def test_a_completed_paid_session_pays_the_order(db, stripe_app, client) -> None:
    order = open_card_order(stock=5, quantity=2)
    response = post_event(client, COMPLETED, session_object(order))
    assert response.status_code == 200
    assert response.get_json() == {"received": True, "outcome": "paid"}
    _assert_paid_once(db, order)
    assert order.stripe_payment_intent_id == f"pi_test_{order.reference}"
    assert _stock(db, order) == 3
    assert db.session.query(StripeEvent).one().outcome == "paid"


def test_a_duplicate_delivery_changes_nothing(db, stripe_app, client) -> None:
    order = open_card_order()
    obj = session_object(order)
    assert post_event(client, COMPLETED, obj, event_id="evt_dup").get_json()["outcome"] == "paid"
    again = post_event(client, COMPLETED, obj, event_id="evt_dup")
    assert again.status_code == 200 and again.get_json()["outcome"] == "duplicate"
    # The same fact under another event id (Stripe resends, the return page) is also applied once.
    assert post_event(client, COMPLETED, obj).get_json()["outcome"] == "already_paid"
    _assert_paid_once(db, order)


@pytest.mark.parametrize(
    ("header", "why"),
    [
        (lambda body: sign(body, secret="whsec_wrong"), "wrong secret"),
        (lambda body: sign(body, timestamp=int(time.time()) - 301), "stale timestamp"),
        (lambda body: sign(body + " "), "signed another body"),
        (lambda body: "t=abc,v1=zzz", "garbage"),
        (lambda body: "", "empty"),
        (lambda body: None, "missing"),
    ],
)
def test_a_bad_signature_is_refused_and_changes_nothing(db, stripe_app, client, header, why) -> None:
    order = open_card_order()
    body = event_body(COMPLETED, session_object(order))
    headers = {"Content-Type": "application/json"}
    if header(body) is not None:
        headers["Stripe-Signature"] = header(body)
    response = client.post("/webhooks/stripe", data=body, headers=headers)
    assert response.status_code == 400, why
    assert response.get_json()["error"]["code"] == "bad_webhook"
    _assert_untouched(db, order)
    assert db.session.query(StripeEvent).count() == 0


@pytest.mark.parametrize(
    "body",
    ["not json", "[1, 2]", '{"id": "evt_1"}', '{"id": "evt_1", "type": "x", "data": {"object": 5}}', "\u00ff" * 5000],
)
def test_a_signed_body_that_is_not_an_event_is_a_400(db, stripe_app, client, body) -> None:
    response = client.post("/webhooks/stripe", data=body.encode(), headers={"Stripe-Signature": sign(body)})
    assert response.status_code == 400
    assert db.session.query(StripeEvent).count() == 0


def test_a_body_that_is_not_utf8_is_a_400(db, stripe_app, client) -> None:
    response = client.post("/webhooks/stripe", data=b"\xff\xfe", headers={"Stripe-Signature": "t=1,v1=00"})
    assert response.status_code == 400


def test_without_a_webhook_secret_nothing_is_trusted(db, app, client) -> None:
    order = open_card_order()
    body = event_body(COMPLETED, session_object(order))
    response = client.post("/webhooks/stripe", data=body, headers={"Stripe-Signature": sign(body)})
    assert response.status_code == 503
    _assert_untouched(db, order)


def test_the_webhook_needs_no_csrf_token(db, stripe_app, client) -> None:
    order = open_card_order()
    stripe_app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = post_event(client, COMPLETED, session_object(order))
    finally:
        stripe_app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 200


def test_completed_but_unpaid_waits_then_async_success_pays(db, stripe_app, client) -> None:
    order = open_card_order()
    first = post_event(client, COMPLETED, session_object(order, payment_status="unpaid"))
    assert first.get_json()["outcome"] == "awaiting_payment"
    _assert_untouched(db, order)
    second = post_event(client, "checkout.session.async_payment_succeeded", session_object(order))
    assert second.get_json()["outcome"] == "paid"
    _assert_paid_once(db, order)


def test_async_failure_cancels_the_order_and_releases_its_stock(db, stripe_app, client) -> None:
    order = open_card_order(stock=5, quantity=2)
    post_event(client, COMPLETED, session_object(order, payment_status="unpaid"))
    response = post_event(
        client, "checkout.session.async_payment_failed", session_object(order, payment_status="unpaid")
    )
    assert response.get_json()["outcome"] == "cancelled"
    db.session.refresh(order)
    assert order.status == OrderStatus.CANCELLED and order.paid_at is None
    assert _stock(db, order) == 5
    assert movements(order) == [(-2, "sale"), (2, "release")]
    assert "paid" not in outbox_kinds(order)


def test_expired_session_releases_the_stock_once(db, stripe_app, client) -> None:
    order = open_card_order(stock=5, quantity=2)
    obj = session_object(order, status="expired", payment_status="unpaid")
    assert post_event(client, "checkout.session.expired", obj).get_json()["outcome"] == "expired"
    assert post_event(client, "checkout.session.expired", obj).get_json()["outcome"] == "ignored"
    db.session.refresh(order)
    assert order.status == OrderStatus.EXPIRED
    assert _stock(db, order) == 5
    assert movements(order) == [(-2, "sale"), (2, "release")]
    assert history(order)[-2:][0] == ("awaiting_payment", "expired")


def test_expired_after_completed_leaves_the_order_paid(db, stripe_app, client) -> None:
    order = open_card_order(stock=5, quantity=2)
    post_event(client, COMPLETED, session_object(order))
    late = post_event(client, "checkout.session.expired", session_object(order, status="expired"))
    assert late.status_code == 200 and late.get_json()["outcome"] == "ignored"
    _assert_paid_once(db, order)
    assert _stock(db, order) == 3


def test_an_old_session_expiring_does_not_release_the_current_one(db, stripe_app, client) -> None:
    order = open_card_order(stock=5, quantity=2)
    order.stripe_session_id = "cs_test_current"
    db.session.flush()
    obj = session_object(order, id="cs_test_older", status="expired", payment_status="unpaid")
    assert post_event(client, "checkout.session.expired", obj).get_json()["outcome"] == "stale_session"
    _assert_untouched(db, order)


@pytest.mark.parametrize(
    ("overrides", "words"),
    # The reason is written for the programme office, in Vietnamese.
    [
        ({"amount_total": 1}, "không khớp"),
        ({"currency": "usd"}, "sai loại tiền"),
        ({"amount_total": "330000"}, "không khớp"),
    ],
)
def test_a_wrong_amount_or_currency_is_flagged_not_paid(db, stripe_app, client, overrides, words) -> None:
    order = open_card_order()
    response = post_event(client, COMPLETED, session_object(order, **overrides))
    assert response.status_code == 200 and response.get_json()["outcome"] == "mismatch"
    _assert_untouched(db, order)
    assert order.needs_attention and words in order.attention_reason
    # Sent again, it is not flagged twice.
    post_event(client, COMPLETED, session_object(order, **overrides))
    db.session.refresh(order)
    assert order.attention_reason.count(words) == 1


def test_an_unknown_order_is_recorded_and_answered_200(db, stripe_app, client) -> None:
    order = open_card_order()
    obj = {
        "id": "cs_test_nobody",
        "payment_status": "paid",
        "amount_total": 1,
        "currency": "vnd",
        "metadata": {"order_reference": "QNNOBODY00"},
    }
    response = post_event(client, COMPLETED, obj, event_id="evt_unknown_order")
    assert response.status_code == 200 and response.get_json()["outcome"] == "unknown_order"
    assert db.session.get(StripeEvent, "evt_unknown_order").outcome == "unknown_order"
    _assert_untouched(db, order)


def test_an_unknown_event_type_is_recorded_and_ignored(db, stripe_app, client) -> None:
    order = open_card_order()
    # Even one that looks like a session of this order: only the handled types change anything.
    response = post_event(client, "checkout.session.updated", session_object(order), event_id="evt_other")
    assert response.status_code == 200 and response.get_json()["outcome"] == "ignored"
    _assert_untouched(db, order)
    assert db.session.get(StripeEvent, "evt_other").type == "checkout.session.updated"


def test_hostile_metadata_finds_no_order(db, stripe_app, client) -> None:
    order = open_card_order()
    for reference in ["' OR 1=1 --", "<script>alert(1)</script>", "x" * 5000, 12345, None]:
        obj = {
            "id": "cs_x",
            "payment_status": "paid",
            "amount_total": 1,
            "currency": "vnd",
            "metadata": {"order_reference": reference},
            "client_reference_id": reference,
        }
        response = post_event(client, COMPLETED, obj)
        assert response.status_code == 200 and response.get_json()["outcome"] == "unknown_order"
    _assert_untouched(db, order)


def test_charge_refunded_marks_the_order_refunded_and_returns_unshipped_stock(db, stripe_app, client) -> None:
    order = open_card_order(stock=5, quantity=2)
    post_event(client, COMPLETED, session_object(order))
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": f"pi_test_{order.reference}",
        "refunded": True,
        "amount": order.total_vnd,
        "amount_refunded": order.total_vnd,
        "currency": "vnd",
        "metadata": {},
    }
    assert post_event(client, "charge.refunded", charge).get_json()["outcome"] == "refunded"
    assert post_event(client, "charge.refunded", charge).get_json()["outcome"] == "already_refunded"
    db.session.refresh(order)
    assert order.status == OrderStatus.REFUNDED
    assert history(order).count(("paid", "refunded")) == 1
    assert movements(order) == [(-2, "sale"), (2, "release")]


def test_a_partial_refund_in_stripe_is_flagged(db, stripe_app, client) -> None:
    order = open_card_order()
    post_event(client, COMPLETED, session_object(order))
    charge = {
        "id": "ch_1",
        "payment_intent": f"pi_test_{order.reference}",
        "refunded": False,
        "amount_refunded": 10_000,
        "currency": "vnd",
    }
    assert post_event(client, "charge.refunded", charge).get_json()["outcome"] == "partly_refunded"
    db.session.refresh(order)
    assert order.status == OrderStatus.PAID and order.needs_attention


def test_paid_after_expiry_with_stock_gone_is_paid_and_flagged(db, stripe_app, client, runner) -> None:
    order = open_card_order(stock=2, quantity=2)
    product = db.session.get(Product, order.lines[0].product_id)
    post_event(client, "checkout.session.expired", session_object(order, status="expired", payment_status="unpaid"))
    db.session.refresh(product)
    assert product.stock == 2
    # Someone else buys the two units that came back.
    place_order(
        {product.id: 2},
        BUYER,
        payment_method=PaymentMethod.COD,
        now=NOW,
        shipping=SHIPPING,
        payment_window=timedelta(minutes=30),
    )
    db.session.flush()

    response = post_event(client, COMPLETED, session_object(order))
    assert response.get_json()["outcome"] == "paid_late"
    db.session.refresh(order)
    assert order.status == OrderStatus.PAID and order.needs_attention
    assert order.paid_at is not None
    assert order.attention_reason.strip()  # says why, in the words of the order rules
    db.session.refresh(product)
    assert product.stock == 0  # nobody's units were taken twice
    assert outbox_kinds(order) == ["placed", "paid"]


def test_paid_after_expiry_with_stock_still_there_takes_it_again(db, stripe_app, client) -> None:
    order = open_card_order(stock=5, quantity=2)
    post_event(client, "checkout.session.expired", session_object(order, status="expired", payment_status="unpaid"))
    assert post_event(client, COMPLETED, session_object(order)).get_json()["outcome"] == "paid_late"
    db.session.refresh(order)
    assert order.status == OrderStatus.PAID and not order.needs_attention
    assert _stock(db, order) == 3
    assert movements(order) == [(-2, "sale"), (2, "release"), (-2, "sale")]


def test_trouble_on_our_side_records_nothing_so_stripe_retries(db, stripe_app, client, monkeypatch) -> None:
    from storefront.payments import webhooks

    order = open_card_order()
    db.session.commit()  # the view rolls back its own work; the order was made before it

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setitem(webhooks.HANDLERS, COMPLETED, broken)
    first = post_event(client, COMPLETED, session_object(order), event_id="evt_retry_me")
    assert first.status_code == 503 and first.get_json()["error"]["code"] == "unavailable"
    assert db.session.get(StripeEvent, "evt_retry_me") is None
    _assert_untouched(db, order)

    monkeypatch.undo()
    again = post_event(client, COMPLETED, session_object(order), event_id="evt_retry_me")
    assert again.status_code == 200 and again.get_json()["outcome"] == "paid"
    _assert_paid_once(db, order)


def test_a_rule_refusing_the_event_is_recorded_once(db, stripe_app, client, monkeypatch) -> None:
    from storefront.errors import Conflict
    from storefront.payments import webhooks

    order = open_card_order()
    db.session.commit()  # the view rolls back its own work; the order was made before it

    def refuse(*args: object, **kwargs: object) -> str:
        raise Conflict("no", code="not_now")

    monkeypatch.setitem(webhooks.HANDLERS, COMPLETED, refuse)
    response = post_event(client, COMPLETED, session_object(order), event_id="evt_refused")
    assert response.status_code == 200 and response.get_json()["outcome"] == "refused:not_now"
    assert db.session.get(StripeEvent, "evt_refused").outcome == "refused:not_now"
    assert post_event(client, COMPLETED, session_object(order), event_id="evt_refused").get_json()["outcome"] == (
        "duplicate"
    )
    _assert_untouched(db, order)


def test_async_failure_after_payment_changes_nothing(db, stripe_app, client) -> None:
    order = open_card_order()
    post_event(client, COMPLETED, session_object(order))
    failed = post_event(client, "checkout.session.async_payment_failed", session_object(order, payment_status="unpaid"))
    assert failed.get_json()["outcome"] == "ignored"
    _assert_paid_once(db, order)


def test_a_refund_is_found_by_the_charge_metadata_too(db, stripe_app, client) -> None:
    order = open_card_order()
    post_event(client, COMPLETED, session_object(order, payment_intent=None))
    charge = {
        "id": "ch_2",
        "payment_intent": "pi_unknown",
        "refunded": True,
        "metadata": {"order_reference": order.reference},
    }
    assert post_event(client, "charge.refunded", charge).get_json()["outcome"] == "refunded"
    db.session.refresh(order)
    assert order.status == OrderStatus.REFUNDED


def test_a_refund_of_an_unknown_charge_is_recorded(db, stripe_app, client) -> None:
    charge = {"id": "ch_3", "payment_intent": "pi_nobody", "refunded": True, "metadata": {}}
    assert post_event(client, "charge.refunded", charge).get_json()["outcome"] == "unknown_order"


def test_history_notes_from_stripe_are_in_the_orders_language(db, stripe_app, client) -> None:
    """The buyer reads the history on the order page: Stripe's webhook (no language of its own) writes in theirs."""
    from dataclasses import replace

    english = make_product(stock=5)
    order = place_order(
        {english.id: 1},
        replace(BUYER, language="en"),
        payment_method=PaymentMethod.CARD,
        now=NOW,
        shipping=SHIPPING,
        payment_window=timedelta(minutes=30),
    )
    order.stripe_session_id = "cs_test_english"
    failing = open_card_order(stock=5, quantity=1)
    failing.language = "en"
    db.session.commit()
    post_event(client, COMPLETED, session_object(order))
    post_event(client, "checkout.session.async_payment_failed", session_object(failing, payment_status="unpaid"))
    paid_page = client.get(f"/orders/{order.token}?lang=en").get_data(as_text=True)
    assert "Card payment confirmed by Stripe (cs_test_english)." in paid_page
    failed_page = client.get(f"/orders/{failing.token}?lang=en").get_data(as_text=True)
    assert "The card payment failed." in failed_page
