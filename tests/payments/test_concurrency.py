"""The same Stripe event delivered ten times at once, really committing: paid once, one message.

Run on SQLite and on PostgreSQL (TEST_DATABASE_URL). These tests cannot use the rolled-back `db` fixture
(each delivery needs its own connection and must commit), so `committed_order` commits its rows and
deletes everything it made afterwards.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from storefront.catalog.models import Product
from storefront.extensions import db
from storefront.notify.models import OutboxMessage
from storefront.orders.models import (
    Order,
    OrderEvent,
    OrderStatus,
    StockMovement,
)
from storefront.payments.models import StripeEvent
from tests.payments.support import event_body, sign

DELIVERIES = 10


def _deliver_at_once(app: Flask, bodies: list[str]) -> list[tuple[int, str]]:
    results: list[tuple[int, str]] = [(0, "")] * len(bodies)
    start = threading.Barrier(len(bodies))

    def deliver(i: int) -> None:
        client = app.test_client()
        start.wait()
        try:
            response = client.post("/webhooks/stripe", data=bodies[i], headers={"Stripe-Signature": sign(bodies[i])})
            results[i] = (response.status_code, (response.get_json() or {}).get("outcome", ""))
        except Exception as exc:  # noqa: BLE001  reported by the assertion below
            results[i] = (-1, f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=deliver, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _assert_paid_once(app: Flask, made: dict[str, Any]) -> None:
    with app.app_context():
        order = db.session.get(Order, made["order"])
        assert order is not None and order.status == OrderStatus.PAID
        to_paid = db.session.scalar(
            select(func.count()).where(OrderEvent.order_id == order.id, OrderEvent.to_status == "paid")
        )
        assert to_paid == 1
        moves = db.session.execute(
            select(StockMovement.delta, StockMovement.reason).where(StockMovement.order_id == order.id)
        ).all()
        assert [tuple(m) for m in moves] == [(-2, "sale")]  # paying moves no stock
        assert db.session.get(Product, made["product"]).stock == 3
        kinds = db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.order_id == order.id)).all()
        assert sorted(kinds) == ["paid", "placed"]
        db.session.remove()


def test_one_event_delivered_ten_times_at_once_pays_once(stripe_app, committed_order) -> None:
    body = event_body("checkout.session.completed", committed_order["session"], event_id="evt_concurrent_same")
    committed_order["events"].append("evt_concurrent_same")
    results = _deliver_at_once(stripe_app, [body] * DELIVERIES)
    assert all(status == 200 for status, _ in results), results
    outcomes = sorted(outcome for _, outcome in results)
    assert outcomes == ["duplicate"] * (DELIVERIES - 1) + ["paid"], outcomes
    _assert_paid_once(stripe_app, committed_order)
    with stripe_app.app_context():
        assert db.session.get(StripeEvent, "evt_concurrent_same").outcome == "paid"
        db.session.remove()


def test_ten_events_of_the_same_payment_at_once_pay_once(stripe_app, committed_order) -> None:
    """Different event ids for one fact (completed and async_payment_succeeded, resent): the order row decides."""
    kinds = ["checkout.session.completed", "checkout.session.async_payment_succeeded"]
    ids = [f"evt_concurrent_{i}" for i in range(DELIVERIES)]
    committed_order["events"].extend(ids)
    bodies = [event_body(kinds[i % 2], committed_order["session"], event_id=ids[i]) for i in range(DELIVERIES)]
    results = _deliver_at_once(stripe_app, bodies)
    assert all(status == 200 for status, _ in results), results
    outcomes = sorted(outcome for _, outcome in results)
    assert outcomes == ["already_paid"] * (DELIVERIES - 1) + ["paid"], outcomes
    _assert_paid_once(stripe_app, committed_order)


def test_the_webhook_and_returning_buyers_at_once_pay_once(stripe_app, committed_order, fake_stripe) -> None:
    """Stripe redirects the buyer and sends the webhook at the same moment: both paths, five times each."""
    session = committed_order["session"]
    fake_stripe.sessions[session["id"]] = {**session, "url": "https://checkout.stripe.test/x"}
    with stripe_app.app_context():
        token = db.session.get(Order, committed_order["order"]).token
        db.session.remove()
    ids = [f"evt_race_{i}" for i in range(DELIVERIES // 2)]
    committed_order["events"].extend(ids)
    bodies = [event_body("checkout.session.completed", session, event_id=i) for i in ids]
    results: list[str] = []
    start = threading.Barrier(DELIVERIES)

    def webhook(body: str) -> None:
        client = stripe_app.test_client()
        start.wait()
        response = client.post("/webhooks/stripe", data=body, headers={"Stripe-Signature": sign(body)})
        results.append(f"webhook {response.status_code} {(response.get_json() or {}).get('outcome')}")

    def buyer() -> None:
        client = stripe_app.test_client()
        start.wait()
        response = client.get(f"/orders/{token}?payment=return&lang=en")
        html = response.get_data(as_text=True)
        if 'data-status="paid"' in html:
            shown = "paid"
        elif 'data-payment="confirming"' in html:
            # Only one return check per order every few seconds asks Stripe: a buyer who comes back before the
            # webhook commits, and is not that one, is told the payment is being confirmed.
            shown = "confirming"
        elif 'data-payment="awaiting"' in html:
            shown = "asked to pay again"
        else:
            # Seen in full-suite CI runs under load: the status still awaiting payment and no card panel at
            # all (not yet explained; the closing note of issue 12 says where it stands). No offer to pay.
            shown = "status only"
        results.append(f"page {response.status_code} {shown}")

    threads = [threading.Thread(target=webhook, args=(b,)) for b in bodies]
    threads += [threading.Thread(target=buyer) for _ in range(DELIVERIES - len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == DELIVERIES, results
    assert all(" 200 " in r for r in results), results
    pages = [r for r in results if r.startswith("page")]
    # A buyer who has paid is never asked to pay again.
    assert not any(r.endswith("asked to pay again") for r in pages), results
    webhook_outcomes = sorted(r.split()[-1] for r in results if r.startswith("webhook"))
    assert webhook_outcomes.count("paid") <= 1 and set(webhook_outcomes) <= {"paid", "already_paid"}, results
    _assert_paid_once(stripe_app, committed_order)
