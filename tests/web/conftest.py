"""Page tests run on a fixed Vietnamese day, against the small Quảng Ninh catalogue."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from tests.catalog.shop import TODAY, Shop, build_shop


class FreshRequestClient(FlaskClient):
    """Each request chooses its language and CSRF token again, as it does in production.

    The `db` fixture keeps one app context open for the whole test, so requests share `g`, where
    Flask-Babel caches the first request's locale and Flask-WTF its CSRF token.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        g.pop("_flask_babel", None)
        g.pop("csrf_token", None)
        return super().open(*args, **kwargs)


def fresh_client(app: Flask) -> FlaskClient:
    return FreshRequestClient(app, app.response_class, use_cookies=True)


@pytest.fixture()
def client(app: Flask, db: Any) -> FlaskClient:
    return fresh_client(app)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storefront.web.views.vn_today", lambda now=None: TODAY)


@pytest.fixture()
def shop(db: Any) -> Shop:
    return build_shop()


def text_of(html: str) -> str:
    """The words a person reads: tags dropped, white space collapsed."""
    without_scripts = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    # Only ASCII white space collapses: the non-breaking space inside prices is part of what people read.
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", without_scripts)).strip()


def card_names(html: str) -> list[str]:
    """Product names in the order the cards show them."""
    return re.findall(r'<h[23] class="card-title">([^<]+)</h[23]>', html)
