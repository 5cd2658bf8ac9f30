"""Small things a hostile visitor tries: a forged Host, a weak secret, scans by the hundred, method probing;
and the headers that keep responses where they belong (HSTS, Vary, Allow)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from storefront.config import ConfigError, from_env
from tests.factories import Shop

STRONG = "kV3q9-Zt7mXbW2pLr8sYdF4hJ6nCuQe1"


@pytest.fixture()
def trusted_hosts(app: Flask) -> Iterator[list[str]]:
    hosts = ["shop.example", "localhost"]
    app.config["TRUSTED_HOSTS"] = hosts
    yield hosts
    app.config["TRUSTED_HOSTS"] = None


def test_a_forged_host_gets_no_redirect_to_it(client, db, trusted_hosts) -> None:
    forged = client.get("/portal", headers={"Host": "evil.example"})
    assert forged.status_code == 400 and "evil.example" not in forged.headers.get("Location", "")
    assert client.get("/products", headers={"Host": "evil.example"}).status_code == 400
    ours = client.get("/portal", headers={"Host": "shop.example"})
    assert ours.status_code == 308 and ours.headers["Location"].startswith("http://shop.example/")


def test_trusted_hosts_follow_the_public_address_unless_set() -> None:
    config = from_env({"SECRET_KEY": STRONG, "PUBLIC_BASE_URL": "https://ocop.example.vn"})
    assert config["TRUSTED_HOSTS"] == ["ocop.example.vn", "localhost", "127.0.0.1"]
    assert from_env({"SECRET_KEY": STRONG, "TRUSTED_HOSTS": "a.vn, .b.vn"})["TRUSTED_HOSTS"] == ["a.vn", ".b.vn"]
    assert from_env({"SECRET_KEY": STRONG, "TRUSTED_HOSTS": "*"})["TRUSTED_HOSTS"] is None
    assert from_env({"FLASK_DEBUG": "1"})["TRUSTED_HOSTS"] is None


@pytest.mark.parametrize("secret", ["x", "changeme", "a" * 64, "0123456789" * 3])
def test_a_weak_secret_key_is_refused_outside_debug(secret: str) -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY is too weak"):
        from_env({"SECRET_KEY": secret})
    assert from_env({"SECRET_KEY": secret, "FLASK_DEBUG": "1"})["SECRET_KEY"] == secret
    assert from_env({"SECRET_KEY": STRONG})["SECRET_KEY"] == STRONG


def test_qr_scans_are_rate_limited_per_address(rate_limited_client, shop: Shop) -> None:
    code = shop.products["muc-kho-co-to"].qr_code
    statuses = [rate_limited_client.get(f"/q/{code}").status_code for _ in range(62)]
    assert statuses[:60] == [200] * 60 and statuses[60:] == [429, 429]
    assert rate_limited_client.get("/01/08930000000019").status_code == 429  # /q/ and /01/ share the limit


def test_an_html_405_says_what_is_allowed(client, db) -> None:
    response = client.get("/cart/add?lang=en")
    assert response.status_code == 405 and response.mimetype == "text/html"
    assert "POST" in response.headers["Allow"]
    assert "That action is not allowed here." in response.get_data(as_text=True)


def test_static_files_do_not_vary_by_cookie_and_pages_do(client, db) -> None:
    static = client.get("/static/css/site.css")
    assert static.status_code == 200 and "Cookie" not in static.headers.get("Vary", "")
    assert "Cookie" in client.get("/robots.txt").headers["Vary"]


def test_hsts_only_over_https(client, db) -> None:
    assert (
        client.get("/robots.txt", base_url="https://localhost")
        .headers["Strict-Transport-Security"]
        .startswith("max-age=")
    )
    assert "Strict-Transport-Security" not in client.get("/robots.txt").headers


def test_register_refuses_an_invisible_name(client, db) -> None:
    response = client.post(
        "/register?lang=en", data={"name": "\u200b\u200b", "email": "z@example.com", "password": "hoa mai vàng nở"}
    )
    assert "invisible characters and direction marks are not accepted" in response.get_data(as_text=True)
