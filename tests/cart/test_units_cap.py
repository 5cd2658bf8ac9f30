"""The cart and the product page hold no more of a product than one order may (MAX_UNITS_PER_PRODUCT),
so a shopper is told at the quantity field, not at checkout. Off with RATELIMIT_ENABLED=false."""

from __future__ import annotations

import re

import pytest

from storefront.cart import cart as carts
from tests.factories import make_product

CAP = 4


@pytest.fixture()
def capped(app, monkeypatch):
    """The settings as in production (the tests' app runs with limits off): at most CAP units per order."""
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    monkeypatch.setitem(app.config, "MAX_UNITS_PER_PRODUCT", CAP)


def _add(client, slug: str, quantity: object, **headers: str):
    return client.post("/cart/add?lang=en", data={"product": slug, "quantity": quantity}, headers=headers)


def _quantity_field(page: str, field_id: str) -> str:
    found = re.search(rf'<input id="{field_id}"[^>]*>', page)
    assert found, field_id
    return found.group(0)


@pytest.mark.parametrize(
    "settings, cap",
    [
        ({"RATELIMIT_ENABLED": True, "MAX_UNITS_PER_PRODUCT": 10}, 10),
        ({"RATELIMIT_ENABLED": True, "MAX_UNITS_PER_PRODUCT": 500}, carts.MAX_QUANTITY),
        ({"RATELIMIT_ENABLED": False, "MAX_UNITS_PER_PRODUCT": 10}, carts.MAX_QUANTITY),
        ({}, carts.MAX_QUANTITY),
    ],
)
def test_the_cap_comes_from_the_settings(settings, cap) -> None:
    assert carts.units_cap(settings) == cap


def test_the_product_page_offers_at_most_the_cap(client, db, capped, app, monkeypatch) -> None:
    product = make_product(stock=50)
    db.session.commit()
    page = client.get(f"/products/{product.slug}").get_data(as_text=True)
    assert f'max="{CAP}"' in _quantity_field(page, "quantity")
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", False)
    page = client.get(f"/products/{product.slug}").get_data(as_text=True)
    assert 'max="50"' in _quantity_field(page, "quantity")


def test_the_product_page_offers_the_stock_when_it_is_below_the_cap(client, db, capped) -> None:
    product = make_product(stock=2)
    db.session.commit()
    page = client.get(f"/products/{product.slug}").get_data(as_text=True)
    assert 'max="2"' in _quantity_field(page, "quantity")


def test_adding_more_than_the_cap_is_refused_and_the_cart_kept(client, db, capped) -> None:
    product = make_product(name_en="Co To dried squid", stock=50)
    db.session.commit()
    refused = _add(client, product.slug, CAP + 1)
    assert refused.status_code == 303 and "cart=" not in refused.headers.get("Set-Cookie", "")
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert f"Quantity must be at most {CAP}." in page
    assert "Your cart is empty." in page

    _add(client, product.slug, CAP - 1)
    _add(client, product.slug, 2)  # CAP + 1 in all
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert f"You can buy at most {CAP} of “Co To dried squid” in one order." in page
    assert f'value="{CAP - 1}"' in _quantity_field(page, f"qty-{product.id}")
    assert f'max="{CAP}"' in _quantity_field(page, f"qty-{product.id}")
    _add(client, product.slug, 1)  # exactly the cap is fine
    assert f'value="{CAP}"' in _quantity_field(client.get("/cart").get_data(as_text=True), f"qty-{product.id}")


def test_a_huge_quantity_names_the_cap(client, db, capped) -> None:
    product = make_product(stock=50)
    db.session.commit()
    _add(client, product.slug, "1e9")
    assert f"Quantity must be at most {CAP}." in client.get("/cart?lang=en").get_data(as_text=True)


def test_the_page_script_gets_the_refusal_as_json(client, db, capped) -> None:
    product = make_product(name_en="Co To dried squid", stock=50)
    db.session.commit()
    _add(client, product.slug, CAP)
    response = _add(client, product.slug, 1, Accept="application/json")
    assert response.status_code == 422
    assert response.get_json()["error"] == {
        "code": "quantity_limit",
        "message": f"You can buy at most {CAP} of “Co To dried squid” in one order.",
    }


def test_raising_a_line_above_the_cap_is_refused(client, db, capped) -> None:
    product = make_product(stock=50)
    db.session.commit()
    _add(client, product.slug, 1)
    client.post("/cart/update?lang=en", data={"product_id": product.id, "quantity": CAP + 1})
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert f"Quantity must be at most {CAP}." in page
    assert 'value="1"' in _quantity_field(page, f"qty-{product.id}")


def test_a_line_above_the_cap_from_before_must_be_lowered_before_checkout(client, db, app, monkeypatch) -> None:
    product = make_product(stock=50)
    db.session.commit()
    _add(client, product.slug, 20)  # limits off, as in a load test: the cookie now holds 20
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    monkeypatch.setitem(app.config, "MAX_UNITS_PER_PRODUCT", CAP)
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert f"At most {CAP} per order: please lower the quantity." in page
    assert 'href="/checkout"' not in page
    checkout = client.get("/checkout?lang=en")
    assert checkout.status_code == 303 and checkout.location.endswith("/cart")
