"""Control characters in a path, a query or a form never reach SQL: no route of the URL map answers a 500.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL, which refuses a NUL byte in text.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from storefront.inputs import strip_control
from tests.factories import Shop, make_order

DIRT = "\x00\x01\x07\x1b\x7f\x85"
QUERY_NAMES = ("q", "page", "per_page", "stars", "group", "locality", "producer", "sort", "lang", "province", "next")
FORM_NAMES = (
    *QUERY_NAMES,
    "product",
    "quantity",
    "full_name",
    "phone",
    "email",
    "address",
    "ward",
    "note",
    "payment_method",
    "submission_key",
    "password",
    "reference",
    "current_password",
    "name",
    "rating",
    "body",
    "reason",
)


def _samples(shop: Shop) -> dict[str, Any]:
    squid = shop.products["muc-kho-co-to"]
    squid.gtin = "08930000000019"
    order = make_order({squid.id: 1})
    return {
        "slug": squid.slug,
        "code": squid.qr_code,
        "gtin": squid.gtin,
        "batch": "L01",
        "lot": "L01",
        "rest": "10/L01",
        "token": order.token,
        "kind": "png",
        "n": 1,
        "filename": "css/app.css",
        "path": "products/none.png",
        "product_id": squid.id,
        "picture_id": 1,
        "order_id": order.id,
        "line_id": order.lines[0].id,
        "review_id": 1,
        "name": "sales-month",
        "reference": order.reference,
        "token_id": 1,
        "certificate_id": 1,
        "user_id": 1,
        "year": 2026,
        "month": 1,
        "action": "show",
    }


def _url(app: Flask, rule: Rule, values: dict[str, Any]) -> str:
    with app.test_request_context():
        adapter = app.url_map.bind("shop.example")
        return adapter.build(rule.endpoint, {name: values[name] for name in rule.arguments})


def _dirty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: f"{v[:2]}{DIRT}{v[2:]}" if isinstance(v, str) and k != "kind" else v for k, v in values.items()}


def _requests(app: Flask, shop: Shop) -> list[tuple[str, str, dict[str, str] | None]]:
    clean = _samples(shop)
    query = "&".join(f"{name}=x%00y%01%1b" for name in QUERY_NAMES) + "&a%00b=%00"
    form = {name: f"x{DIRT}y" for name in FORM_NAMES}
    made = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            data = form if method == "POST" else None
            made.append((method, _url(app, rule, _dirty(clean)), data))
            made.append((method, _url(app, rule, clean) + "?" + query, data))
    return made


@pytest.mark.parametrize("as_officer", [False, True], ids=["visitor", "officer"])
def test_no_route_answers_500_to_control_characters(
    app: Flask, client: FlaskClient, shop: Shop, login_as: Any, as_officer: bool
) -> None:
    if as_officer:
        login_as("officer")
    requests = _requests(app, shop)
    assert len(requests) > 40  # the whole URL map, not a hand-picked few
    for method, url, data in requests:
        response = client.open(url, method=method, data=data)
        assert response.status_code != 500, (method, url, response.status_code)  # 503: webhooks not set up


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/products?locality=x%00",
        "/api/v1/products?producer=x%00",
        "/api/v1/products?group=x%00",
        "/api/v1/products?q=muc%00co",
    ],
)
def test_api_filters_lose_their_control_characters(client: FlaskClient, shop: Shop, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.get_json()["total"] == 0


def test_a_query_value_means_what_it_means_without_them(client: FlaskClient, shop: Shop) -> None:
    body = client.get("/api/v1/products?locality=xa-ba-%00che").get_json()
    assert {item["slug"] for item in body["items"]} == {"ba-kich-tim-ba-che", "ruou-ba-kich"}


@pytest.mark.parametrize("path", ["/q/AB%00CD", "/products/a%00b/qr.png", "/products/muc-kho-co-to%01", "/q/T%1b1"])
def test_a_path_with_control_characters_is_not_found(client: FlaskClient, shop: Shop, path: str) -> None:
    response = client.get(path + "?lang=en")
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)


def test_strip_control_keeps_vietnamese_and_drops_controls() -> None:
    assert strip_control("Mực\x00 Cô\x1b Tô\x7f\x9f") == "Mực Cô Tô"
