"""Webhook odds and ends: live events for a test shop, a failed payment of another session, warnings in the
log for what a person should look at; and `orders show` prints the buyer's note."""

from __future__ import annotations

import json
import logging

from storefront.orders.models import Order, OrderStatus
from tests.factories import make_order, make_product
from tests.payments.support import event_body, open_card_order, post_event, session_object, sign


def test_a_live_event_never_pays_a_test_mode_order(client, db, stripe_app, caplog) -> None:
    order = open_card_order()
    db.session.commit()
    event = json.loads(event_body("checkout.session.completed", session_object(order)))
    event["livemode"] = True
    body = json.dumps(event)
    with caplog.at_level(logging.WARNING):
        response = client.post("/webhooks/stripe", data=body, headers={"Stripe-Signature": sign(body)})
    assert response.status_code == 200 and response.get_json()["outcome"] == "wrong_mode"
    db.session.expire_all()
    assert db.session.get(Order, order.id).paid_at is None
    assert any("livemode" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_a_failed_payment_of_another_session_leaves_the_order_alone(client, db, stripe_app) -> None:
    order = open_card_order()
    db.session.commit()
    other = session_object(order, id="cs_test_an_older_one", status="complete", payment_status="unpaid")
    response = post_event(client, "checkout.session.async_payment_failed", other)
    assert response.get_json()["outcome"] == "stale_session"
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == OrderStatus.AWAITING_PAYMENT


def test_a_bad_signature_is_a_warning_in_the_log(client, db, stripe_app, caplog) -> None:
    body = event_body("checkout.session.completed", {"id": "cs_x"})
    with caplog.at_level(logging.WARNING):
        response = client.post("/webhooks/stripe", data=body, headers={"Stripe-Signature": sign(body, secret="wrong")})
    assert response.status_code == 400
    assert any("refused" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_an_amount_mismatch_is_a_warning_in_the_log(client, db, stripe_app, caplog) -> None:
    order = open_card_order()
    db.session.commit()
    with caplog.at_level(logging.WARNING):
        response = post_event(client, "checkout.session.completed", session_object(order, amount_total=1))
    assert response.get_json()["outcome"] == "mismatch"
    assert any(order.reference in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_orders_show_prints_the_buyers_note(runner, db) -> None:
    order = make_order({make_product(stock=3).id: 1})
    order.note = "Gọi trước khi giao, cổng xanh"
    db.session.commit()
    result = runner.invoke(args=["orders", "show", order.reference])
    assert result.exit_code == 0 and "Gọi trước khi giao, cổng xanh" in result.output
