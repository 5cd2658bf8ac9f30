"""Signing in through the real login form, and copying a browser's cookies to another."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import fresh_client

PASSWORD = "mật khẩu dài đủ rồi"


def log_in(client: FlaskClient, email: str, password: str = PASSWORD, **extra: str) -> TestResponse:
    return client.post("/login", data={"email": email, "password": password, **extra})


def copy_of(app: Flask, client: FlaskClient, *names: str) -> FlaskClient:
    """Another browser holding a copy of `client`'s cookies (a stolen or backed-up cookie)."""
    other = fresh_client(app)
    for name in names or ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            other.set_cookie(name, cookie.value)
    return other


def signed_in(client: FlaskClient) -> bool:
    return client.get("/account").status_code == 200
