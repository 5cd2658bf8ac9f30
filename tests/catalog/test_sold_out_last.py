"""Sold-out products come after those in stock in every listing and search, as soon as their stock changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from storefront.catalog.filters import CatalogFilters
from storefront.catalog.listings import set_stock
from storefront.catalog.models import Product
from storefront.catalog.queries import search_products
from storefront.extensions import db
from storefront.orders.lifecycle import cancel_order
from storefront.producers.queries import producer_products
from tests.factories import NOW, TODAY, make_group, make_order, make_producer, make_product, make_user


@pytest.fixture
def three(db) -> list[Product]:
    """Three honey jars of one producer and group, the newest, cheapest and best-starred first."""
    producer, group = make_producer(), make_group()
    products = []
    for i, (price, stars) in enumerate([(50_000, 5), (80_000, 4), (120_000, 3)]):
        product = make_product(
            slug=f"mat-ong-{i}",
            name_vi=f"Mật ong rừng {i}",
            producer=producer,
            group=group,
            price_vnd=price,
            stock=2,
            stars=stars,
            today=TODAY,
        )
        product.created_at = NOW - timedelta(days=i)
        products.append(product)
    db.session.flush()
    return products


def _orders(products: list[Product]) -> dict[str, CatalogFilters]:
    group = products[0].group.slug
    return {
        "newest": CatalogFilters(sort="newest"),
        "price_asc": CatalogFilters(sort="price_asc"),
        "newest in a group": CatalogFilters(sort="newest", group=group),
        "stars": CatalogFilters(sort="stars"),
        "stars in a group": CatalogFilters(sort="stars", group=group),
        "search": CatalogFilters(q="mat ong rung"),
        "search by price": CatalogFilters(q="mat ong", sort="price_asc"),
    }


def _slugs(filters: CatalogFilters) -> list[str]:
    return [p.slug for p in search_products(filters, TODAY).items]


def test_a_product_sold_out_at_checkout_moves_last_at_once_and_back_when_cancelled(three: list[Product]) -> None:
    first = three[0]  # newest, cheapest, most stars: first in every order
    orders = _orders(three)
    assert {name: _slugs(f)[0] for name, f in orders.items()} == dict.fromkeys(orders, "mat-ong-0")

    order = make_order({first.id: 2})  # the last two jars
    db.session.expire_all()
    for name, filters in orders.items():
        assert _slugs(filters)[-1] == "mat-ong-0", name
    assert first.has_stock is False

    cancel_order(order, actor="officer:1", now=NOW, reason="test")
    db.session.flush()
    db.session.expire_all()
    for name, filters in orders.items():
        assert _slugs(filters)[0] == "mat-ong-0", name
    assert _slugs(CatalogFilters(sort="price_desc"))[0] == "mat-ong-2"


def test_a_producer_setting_stock_to_zero_moves_it_last_on_the_producer_page_too(three: list[Product]) -> None:
    first = three[0]
    producer = first.producer
    assert [p.slug for p in producer_products(producer, TODAY, 1).items][0] == "mat-ong-0"
    set_stock(first, 0, actor=make_user(role="producer"), now=NOW, reason="sold at the market")
    assert [p.slug for p in producer_products(producer, TODAY, 1).items][-1] == "mat-ong-0"
    assert _slugs(CatalogFilters(sort="newest"))[-1] == "mat-ong-0"
    set_stock(first, 5, actor=make_user(role="producer"), now=NOW, reason="restock")
    assert _slugs(CatalogFilters(sort="newest"))[0] == "mat-ong-0"


def test_the_in_stock_flag_follows_the_orm_too(three: list[Product]) -> None:
    product = three[1]
    product.stock = 0
    db.session.flush()
    assert _slugs(CatalogFilters(sort="price_asc")) == ["mat-ong-0", "mat-ong-2", "mat-ong-1"]


def test_a_stock_change_that_forgets_the_flag_is_refused(three: list[Product]) -> None:
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(update(Product).where(Product.id == three[0].id).values(stock=0))
