"""Stripe is asked only when it must be, and when it is slow or down the shop does not wait for it.

Counts the fake Stripe's requests under repeated views of a card order's page; with the fake hanging
(accepting and never answering), the pages that do not need Stripe answer at once and the breaker stops
the ones that do from waiting again.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

import pytest
import redis
from flask import Flask
from sqlalchemy import update

from storefront.app import create_app
from storefront.db import utcnow
from storefront.extensions import db
from storefront.orders.models import Order
from storefront.payments.card import first_check_in_a_while
from storefront.payments.stripe_checkout import start_card_payment
from storefront.payments.stripe_gateway import CircuitBreaker
from tests.payments.fake_stripe import FakeStripe
from tests.payments.support import make_card_order


@pytest.fixture()
def card_order(db: Any, stripe_app: Flask, fake_stripe: FakeStripe) -> Any:
    order = make_card_order(now=utcnow())
    start_card_payment(order, now=utcnow())
    db.session.commit()
    fake_stripe.requests.clear()
    return order


def _reads(fake: FakeStripe, order: Any) -> int:
    return len(fake.reads(f"/v1/checkout/sessions/{order.stripe_session_id}"))


def test_views_of_a_card_order_page_show_what_the_webhooks_said_and_ask_stripe_nothing(
    client, card_order, fake_stripe
) -> None:
    for _ in range(20):
        page = client.get(f"/orders/{card_order.token}?lang=en").get_data(as_text=True)
        assert "This order is waiting for your card payment." in page
    assert fake_stripe.requests == []


def test_the_return_page_asks_stripe_at_most_once_in_a_few_seconds_per_order(
    client, db, card_order, fake_stripe, memory_cache
) -> None:
    for _ in range(20):
        page = client.get(f"/orders/{card_order.token}?payment=return&lang=en")
        assert page.status_code == 200
    assert _reads(fake_stripe, card_order) == 1

    other = make_card_order(now=utcnow())
    start_card_payment(other, now=utcnow())
    db.session.commit()
    for _ in range(5):
        client.get(f"/orders/{other.token}?payment=return&lang=en")
    assert _reads(fake_stripe, other) == 1  # each order has its own allowance
    assert _reads(fake_stripe, card_order) == 1


def test_the_return_page_still_sees_the_payment_it_was_sent_back_for(client, card_order, fake_stripe) -> None:
    fake_stripe.set_session(card_order.stripe_session_id, status="complete", payment_status="paid")
    page = client.get(f"/orders/{card_order.token}?payment=return&lang=en").get_data(as_text=True)
    assert 'data-status="paid"' in page


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(not _redis_answers() and not os.environ.get("CI"), reason="no Redis on 127.0.0.1:6379")
def test_the_allowance_is_shared_by_every_process_through_redis(tmp_path) -> None:
    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    settings = {
        "TESTING": True,
        "RATELIMIT_ENABLED": False,  # the limiter object is shared with the suite's app: leave it off
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
    }
    first, second = create_app(settings), create_app(settings)
    try:
        with first.app_context():
            assert first_check_in_a_while(42)
        with second.app_context():
            assert not first_check_in_a_while(42)  # the other process already asked
            assert first_check_in_a_while(43)
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)


def test_stripe_calls_have_short_timeouts_by_default(app: Flask) -> None:
    assert app.config["STRIPE_TIMEOUT_SECONDS"] <= 5
    assert app.config["STRIPE_BREAKER_FAILURES"] <= 5
    assert 5 <= app.config["STRIPE_RETURN_CHECK_SECONDS"] <= 30


def test_with_stripe_hanging_the_shop_answers_and_stops_waiting_for_it(
    stripe_app: Flask, fake_stripe: FakeStripe, committed_order: dict[str, Any], monkeypatch
) -> None:
    monkeypatch.setitem(stripe_app.config, "STRIPE_TIMEOUT_SECONDS", 2)
    monkeypatch.setitem(stripe_app.config, "STRIPE_MAX_NETWORK_RETRIES", 0)
    monkeypatch.setitem(stripe_app.config, "STRIPE_BREAKER_FAILURES", 1)
    with stripe_app.app_context():  # still within its time to pay
        db.session.execute(
            update(Order).where(Order.id == committed_order["order"]).values(pay_by=utcnow() + timedelta(hours=1))
        )
        db.session.commit()
        db.session.remove()
    fake_stripe.hang()
    token = committed_order["token"]
    answers: list[Any] = []

    def returning_buyer() -> None:
        answers.append(stripe_app.test_client().get(f"/orders/{token}?payment=return&lang=en"))

    buyer = threading.Thread(target=returning_buyer)
    buyer.start()
    deadline = time.monotonic() + 5
    while not fake_stripe.requests and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(fake_stripe.requests) == 1  # the buyer's page is waiting on Stripe now

    visitor = stripe_app.test_client()
    started = time.monotonic()
    assert visitor.get("/healthz").status_code == 200
    assert visitor.get("/products?lang=en").status_code == 200
    # Neither page asked Stripe anything, so neither waited for it: a page that did would take at
    # least the 2 s timeout (the bound is that, not a speed target, so a loaded machine cannot fail it).
    assert len(fake_stripe.requests) == 1
    assert time.monotonic() - started < 2.0
    buyer.join(timeout=15)
    assert not buyer.is_alive()

    # The buyer's page gave up after the short timeout and says the payment is being confirmed.
    assert answers[0].status_code == 200
    assert "Your payment is being confirmed." in answers[0].get_data(as_text=True)
    # The breaker is open: more returns, another "Try card again", ask Stripe nothing and wait for nothing.
    for _ in range(5):
        assert visitor.get(f"/orders/{token}?payment=return&lang=en").status_code == 200
    assert visitor.post(f"/orders/{token}/card").status_code == 303
    assert len(fake_stripe.requests) == 1


def test_the_breaker_opens_after_failures_in_a_row_and_one_call_tries_again_after_the_pause() -> None:
    breaker = CircuitBreaker()
    limits: dict[str, Any] = {"failures": 2, "seconds": 30.0}
    assert breaker.allow(now=0, **limits)
    breaker.record(reached=False, now=0, **limits)
    assert breaker.allow(now=1, **limits)  # one failure is not yet a pattern
    breaker.record(reached=False, now=1, **limits)
    assert not breaker.allow(now=2, **limits) and not breaker.allow(now=30, **limits)
    assert breaker.allow(now=31, **limits)  # half open: this one tries...
    assert not breaker.allow(now=31.5, **limits)  # ...and the others do not wait on it
    breaker.record(reached=True, now=32, **limits)
    assert breaker.allow(now=33, **limits) and breaker.allow(now=33, **limits)
