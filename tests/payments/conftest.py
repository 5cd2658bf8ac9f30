"""Fixtures for card payments: a fake Stripe server, and the app pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.payments.fake_stripe import FakeStripe
from tests.payments.support import WEBHOOK_SECRET


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
    yield app
    for name in STRIPE_SETTINGS:
        app.config.pop(name, None)
    app.config.update(saved)
    app.extensions.pop("storefront_stripe", None)
