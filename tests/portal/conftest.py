"""The portal's tests sign in as a producer and read the English pages."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient


@pytest.fixture()
def client(app: Any, db: Any) -> FlaskClient:
    from tests.conftest import fresh_client

    test_client = fresh_client(app)
    test_client.set_cookie("lang", "en")
    return test_client


@pytest.fixture()
def producer_user(login_as: Any) -> Any:
    """A producer account, signed in on `client`."""
    return login_as("producer")


@pytest.fixture()
def english_outside_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storefront.i18n.DEFAULT_LANGUAGE", "en")
