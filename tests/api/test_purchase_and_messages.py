"""How each product is bought (`purchase`), in items and in the OpenAPI document; errors in one language."""

from __future__ import annotations

import re

import pytest

from tests.factories import Shop

# Words of pydantic's own English reasons ("Input should be a valid integer, unable to parse string ...").
ENGLISH = re.compile(r"\b(Input|should|valid integer|unable|parse|String|characters|greater|less)\b")


def test_goods_are_bought_through_the_cart_and_services_are_booked(client, shop: Shop) -> None:
    items = {i["slug"]: i for i in client.get("/api/v1/products?per_page=100").get_json()["items"]}
    assert items["muc-kho-co-to"]["purchase"] == "cart"
    assert items["homestay-co-to"]["purchase"] == "booking"
    assert {i["purchase"] for i in items.values()} == {"cart", "booking"}
    assert client.get("/api/v1/products/homestay-co-to").get_json()["purchase"] == "booking"
    assert client.get("/api/v1/products/mien-dong-binh-lieu").get_json()["purchase"] == "cart"


def test_the_openapi_document_describes_purchase(client, db) -> None:
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    for name in ("ProductSummary", "ProductDetail"):
        assert schemas[name]["properties"]["purchase"]["enum"] == ["cart", "booking"]
        assert "purchase" in schemas[name]["required"]


@pytest.mark.parametrize(
    ("query", "vi", "en"),
    [
        ("page=abc", "phải là một số nguyên", "must be a whole number"),
        ("page=0", "quá nhỏ", "is too small"),
        ("per_page=1000", "quá lớn", "is too large"),
        ("q=" + "a" * 300, "quá dài (tối đa 200 ký tự)", "is too long (at most 200 characters)"),
        ("sort=cheapest", "phải là một trong các giá trị", "must be one of"),
    ],
)
def test_parameter_errors_speak_one_language(client, db, query: str, vi: str, en: str) -> None:
    vietnamese = client.get(f"/api/v1/products?{query}&lang=vi").get_json()["error"]["message"]
    assert vi in vietnamese and not ENGLISH.search(vietnamese), vietnamese
    english = client.get(f"/api/v1/products?{query}&lang=en").get_json()["error"]["message"]
    assert en in english
