"""A webhook is one unit of work: a failure after its handler ran leaves nothing written."""

from __future__ import annotations

from typing import Any

from storefront.orders.models import Order, OrderEvent, OrderStatus
from storefront.payments import webhooks
from storefront.payments.models import StripeEvent
from tests.payments.support import count, open_card_order, post_event, session_object


def test_a_webhook_failing_after_its_handler_ran_records_nothing(stripe_app, db, monkeypatch) -> None:
    order = open_card_order(stock=5, quantity=2)
    db.session.commit()
    real = webhooks.HANDLERS["checkout.session.completed"]

    def fulfil_then_fail(*args: Any, **kwargs: Any) -> str:
        real(*args, **kwargs)  # the order is marked paid and flushed...
        raise RuntimeError("...and then something breaks before the commit")

    monkeypatch.setitem(webhooks.HANDLERS, "checkout.session.completed", fulfil_then_fail)
    client = stripe_app.test_client()
    response = post_event(client, "checkout.session.completed", session_object(order), event_id="evt_uow_1")

    assert response.status_code == 503  # Stripe will deliver it again
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == OrderStatus.AWAITING_PAYMENT
    assert db.session.get(Order, order.id).paid_at is None
    assert count(StripeEvent, StripeEvent.id == "evt_uow_1") == 0
    assert count(OrderEvent, OrderEvent.order_id == order.id, OrderEvent.to_status == "paid") == 0
