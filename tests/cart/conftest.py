from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.orders.clients import FreshLocaleClient


@pytest.fixture()
def client(app: Flask, db: Any) -> FlaskClient:
    return FreshLocaleClient(app, app.response_class, use_cookies=True)
