"""Fixtures for card payments: a fake Stripe server, and the app pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete

from storefront.catalog.models import Certificate, Product, ProductGroup
from storefront.extensions import db
from storefront.notify.models import OutboxMessage
from storefront.orders.models import Order, OrderEvent, OrderLine, StockMovement
from storefront.payments.models import StripeEvent
from storefront.places.models import Locality
from storefront.producers.models import Producer
from tests.payments.fake_stripe import FakeStripe
from tests.payments.support import WEBHOOK_SECRET, open_card_order, session_object


@pytest.fixture(scope="session")
def fake_stripe_server() -> Iterator[FakeStripe]:
    fake = FakeStripe()
    server = fake.start()
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture()
def fake_stripe(fake_stripe_server: FakeStripe) -> Iterator[FakeStripe]:
    fake_stripe_server.reset()
    yield fake_stripe_server
    fake_stripe_server.reset()


STRIPE_SETTINGS = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "STRIPE_MAX_NETWORK_RETRIES")


@pytest.fixture()
def stripe_app(app: Flask, fake_stripe: FakeStripe) -> Iterator[Flask]:
    """The shared app with card payment switched on and pointed at the fake; restored afterwards."""
    saved = {name: app.config[name] for name in STRIPE_SETTINGS if name in app.config}
    app.config.update(
        STRIPE_SECRET_KEY="sk_test_x",
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=fake_stripe.base_url,
        STRIPE_MAX_NETWORK_RETRIES=1,  # one retry is enough to prove it, and keeps failures quick
    )
    app.extensions.pop("storefront_stripe_breaker", None)  # each test starts with Stripe trusted
    yield app
    app.extensions.pop("storefront_stripe_breaker", None)
    for name in STRIPE_SETTINGS:
        app.config.pop(name, None)
    app.config.update(saved)
    app.extensions.pop("storefront_stripe", None)


@pytest.fixture()
def committed_order(stripe_app: Flask) -> Iterator[dict[str, Any]]:
    """A card order with its session opened, really committed (for tests with threads, each on its own
    connection); everything it made is deleted afterwards."""
    app = stripe_app
    with app.app_context():
        order = open_card_order(stock=5, quantity=2)
        product = db.session.get(Product, order.lines[0].product_id)
        assert product is not None
        made: dict[str, Any] = {
            "order": order.id,
            "product": product.id,
            "producer": product.producer_id,
            "group": product.group_id,
            "locality": product.producer.locality_id,
            "token": order.token,
            "session": session_object(order),
            "events": [],
        }
        db.session.commit()
        db.session.remove()
    yield made
    with app.app_context():
        order_id = made["order"]
        db.session.execute(delete(StripeEvent).where(StripeEvent.id.in_(made["events"])))
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.order_id == order_id))
        db.session.execute(delete(StockMovement).where(StockMovement.product_id == made["product"]))
        db.session.execute(delete(OrderEvent).where(OrderEvent.order_id == order_id))
        db.session.execute(delete(OrderLine).where(OrderLine.order_id == order_id))
        db.session.execute(delete(Order).where(Order.id == order_id))
        db.session.execute(delete(Certificate).where(Certificate.product_id == made["product"]))
        db.session.execute(delete(Product).where(Product.id == made["product"]))
        db.session.execute(delete(Producer).where(Producer.id == made["producer"]))
        db.session.execute(delete(ProductGroup).where(ProductGroup.id == made["group"]))
        db.session.execute(delete(Locality).where(Locality.id == made["locality"]))
        db.session.commit()
        db.session.remove()
