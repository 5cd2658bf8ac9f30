from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.orders.clients import FreshLocaleClient


@pytest.fixture()
def client(app: Flask, db: Any) -> FlaskClient:
    return FreshLocaleClient(app, app.response_class, use_cookies=True)


@pytest.fixture(autouse=True)
def english_outside_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Services called without a request speak the default language; these tests read English."""
    monkeypatch.setattr("storefront.i18n.DEFAULT_LANGUAGE", "en")
