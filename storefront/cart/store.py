"""The guest's cart in a signed cookie: ids and quantities only. A tampered cookie is an empty cart."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, Request, current_app
from itsdangerous import BadData, URLSafeSerializer
from werkzeug.wrappers import Response

from storefront.cart import cart as carts

COOKIE_NAME = "cart"
#: Survives a browser restart: kept for 30 days after the last change.
MAX_AGE_SECONDS = 30 * 24 * 3600
_SALT = "storefront.cart.v1"


def _serializer(app: Flask | None = None) -> URLSafeSerializer:
    return URLSafeSerializer((app or current_app).config["SECRET_KEY"], salt=_SALT)


def read(request: Request) -> carts.Cart:
    raw = request.cookies.get(COOKIE_NAME)
    if not raw or len(raw) > 4096:
        return {}
    try:
        data = _serializer().loads(raw)
    except BadData:
        return {}
    return carts.clean(data)


def write(response: Response, cart: Mapping[int, int], *, secure: bool) -> None:
    if not cart:
        response.delete_cookie(COOKIE_NAME, samesite="Lax", httponly=True, secure=secure)
        return
    response.set_cookie(
        COOKIE_NAME,
        _serializer().dumps(carts.to_data(cart)),
        max_age=MAX_AGE_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=secure,
    )
