"""A catalogue page costs a fixed number of queries, and its queries use indexes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from storefront.catalog import listing
from storefront.catalog.cards import card_rows
from storefront.catalog.filters import CatalogFilters
from storefront.catalog.product_page import product_page
from storefront.catalog.queries import find_products, get_product, related_products, search_products
from storefront.extensions import db
from storefront.producers.queries import list_producers, producer_products
from tests.factories import TODAY, make_group, make_image, make_locality, make_producer, make_product


def _catalogue(n: int) -> Any:
    group = make_group()
    producers = [make_producer(locality=make_locality()) for _ in range(3)]
    for i in range(n):
        product = make_product(group=group, producer=producers[i % 3], stars=4 if i % 2 else None, today=TODAY)
        make_image(product)
    db.session.flush()
    db.session.expunge_all()
    return producers[0]


def _cost(count_queries: Any, filters: CatalogFilters) -> int:
    with count_queries() as queries:
        page = search_products(filters, TODAY)
        for product in page.items:  # what a card touches
            _ = (product.producer.name, product.locality.name, product.top_group.name_vi, product.images[:1])
    return len(queries)


@pytest.mark.parametrize(
    "filters",
    [
        CatalogFilters(),
        CatalogFilters(q="san pham"),
        CatalogFilters(stars=4, sort="price_asc"),
        CatalogFilters(sort="stars"),
    ],
)
def test_listing_queries_do_not_grow_with_the_products_shown(db, count_queries, filters: CatalogFilters) -> None:
    _catalogue(3)
    few = _cost(count_queries, filters)
    _catalogue(30)
    many = _cost(count_queries, filters)
    assert few == many <= 4  # the count, the page's ids, the products, their pictures


def _rows_cost(count_queries: Any, filters: CatalogFilters) -> int:
    with count_queries() as queries:
        page = find_products(filters, TODAY, card_rows)
        assert page.items and all(row.producer_name and row.image_path for row in page.items)
    return len(queries)


@pytest.mark.parametrize(
    "filters",
    [
        CatalogFilters(),
        CatalogFilters(q="san pham"),
        CatalogFilters(q="san pham", sort="newest"),
        CatalogFilters(stars=4, sort="price_asc"),
        CatalogFilters(sort="stars"),
    ],
)
def test_a_grid_of_plain_rows_costs_its_count_and_one_query(db, count_queries, filters: CatalogFilters) -> None:
    """The shop's grids read producer, place, group and first picture with the products, in one statement
    after the one that finds the page's ids."""
    _catalogue(3)
    few = _rows_cost(count_queries, filters)
    _catalogue(30)
    many = _rows_cost(count_queries, filters)
    assert few == many <= 3


def test_producer_pages_have_a_fixed_cost(db, count_queries) -> None:
    producer = _catalogue(3)
    with count_queries() as few:
        list_producers(1, 24)
        page = producer_products(producer, TODAY, 1)
        _ = [(p.producer.name, p.images[:1]) for p in page.items]
    producer = _catalogue(30)
    with count_queries() as many:
        list_producers(1, 24)
        page = producer_products(producer, TODAY, 1)
        _ = [(p.producer.name, p.images[:1]) for p in page.items]
    assert len(few) == len(many)


@contextmanager
def captured() -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", record)


@pytest.mark.parametrize(
    "filters",
    [
        CatalogFilters(),
        CatalogFilters(page=2),
        CatalogFilters(stars=4),
        CatalogFilters(sort="price_asc"),
        CatalogFilters(sort="price_desc"),
        CatalogFilters(group="thuc-pham"),
        CatalogFilters(locality="xa-ba-che"),
        CatalogFilters(producer="htx-duoc-lieu-ba-che"),
        CatalogFilters(sort="stars"),
        CatalogFilters(sort="stars", page=3),
        CatalogFilters(sort="stars", locality="xa-ba-che"),
        CatalogFilters(sort="stars", group="thuc-pham"),
        CatalogFilters(sort="stars", producer="htx-duoc-lieu-ba-che"),
        CatalogFilters(sort="stars", stars=4),
        CatalogFilters(q="muc"),
        CatalogFilters(q="mien d"),
        CatalogFilters(q="homestya"),
        CatalogFilters(q="muc", locality="dac-khu-co-to"),
        CatalogFilters(q="muc", sort="price_asc"),
        CatalogFilters(group="thuy-san", sort="price_asc"),
        CatalogFilters(group="thuy-san", locality="dac-khu-co-to", stars=4),
        CatalogFilters(group="thuc-pham", stars=3, sort="price_desc", page=2),
        CatalogFilters(locality="dac-khu-co-to", sort="stars"),
    ],
)
def test_catalogue_queries_use_an_index(shop, filters: CatalogFilters) -> None:
    with captured() as statements:
        search_products(filters, TODAY)
    assert_indexed(statements)
    with captured() as statements:
        find_products(filters, TODAY, card_rows)
    assert_indexed(statements)


def assert_indexed(statements: list[tuple[str, Any]]) -> None:
    """No statement reads the whole products table (text-index reads are index reads)."""
    product_statements = [(s, p) for s, p in statements if "FROM products" in s]
    assert product_statements
    connection = db.session.connection()
    postgres = db.engine.dialect.name == "postgresql"
    if postgres:
        # On a tiny table a sequential scan is cheapest; forbid it to learn whether an index *can* serve.
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    for statement, parameters in product_statements:
        if postgres:
            details = [row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()]
            full_scans = [d for d in details if "Seq Scan on products" in d]
        else:
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            details = [row[-1] for row in plan]
            full_scans = [d for d in details if d.startswith("SCAN products") and "INDEX" not in d]
        assert not full_scans, (statement, details)


def test_a_product_page_and_what_sits_beside_it_use_indexes(shop) -> None:
    with captured() as statements:
        product = get_product("muc-kho-co-to", TODAY)
        assert product is not None and product_page("muc-kho-co-to") is not None
        same_producer, same_locality = related_products(product, TODAY)
    assert same_producer  # the shop has more from Cô Tô's producer
    assert_indexed(statements)


def test_more_from_here_is_read_once_per_producer_and_place(shop, memory_cache, count_queries) -> None:
    squid, sun_dried = get_product("muc-kho-co-to", TODAY), get_product("muc-mot-nang", TODAY)
    assert squid is not None and sun_dried is not None and squid.producer_id == sun_dried.producer_id
    with count_queries() as first:
        related_products(squid, TODAY)
    with count_queries() as second:
        mine, _here = related_products(sun_dried, TODAY)
    assert len(second) < len(first)  # the lists of ids came from the cache
    slugs = [p.slug for p in mine]
    assert "muc-kho-co-to" in slugs and "muc-mot-nang" not in slugs  # never the product itself


def _sqlite_plans(statements: list[tuple[str, Any]]) -> list[list[str]]:
    connection = db.session.connection()
    return [
        [row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()]
        for statement, parameters in statements
    ]


LISTING_PAGES = [
    CatalogFilters(sort="newest", page=3),
    CatalogFilters(sort="price_desc", page=3),
    CatalogFilters(sort="price_asc", page=3),
    CatalogFilters(group="thuy-san", sort="newest"),
    CatalogFilters(group="thuy-san", locality="dac-khu-co-to", sort="newest"),
    CatalogFilters(group="thuc-pham", stars=3, sort="price_desc"),
    CatalogFilters(locality="dac-khu-co-to", stars=4, sort="price_asc"),
    CatalogFilters(locality="xa-ba-che", sort="price_asc"),
    CatalogFilters(sort="stars", page=3),
    CatalogFilters(group="thuy-san", sort="stars", page=3),
]


@pytest.mark.parametrize("filters", LISTING_PAGES)
def test_a_listing_page_is_read_from_one_index_in_its_order(shop, filters: CatalogFilters) -> None:
    """In stock first, then the order chosen, filtered by anything: one covering index, no sort of its range."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the plan's wording is SQLite's")
    with captured() as statements:
        # Sizes that make page 3 of the price order fall across both its ranges: in stock, then sold out.
        listing.page_ids(filters, TODAY, total=10_000, in_stock=50, segments=(20,) * 8)  # stars: two levels
    pages = [(statement, parameters) for statement, parameters in statements if "FROM products" in statement]
    assert pages
    for plan in _sqlite_plans(pages):
        reads = [step for step in plan if step.startswith(("SEARCH products", "SCAN products"))]
        assert reads and all("COVERING INDEX" in step for step in reads), plan
        # Ranges read in turn are one union, whose page of rows (no more) is put in order at the end.
        sorts = [n for n, step in enumerate(plan) if "TEMP B-TREE" in step]
        assert sorts == ([len(plan) - 1] if "COMPOUND QUERY" in plan else []), plan


@pytest.mark.parametrize(
    "filters",
    [
        CatalogFilters(group="thuy-san"),
        CatalogFilters(group="thuy-san", locality="dac-khu-co-to", stars=4),
        CatalogFilters(locality="dac-khu-co-to", stars=3, sort="price_asc"),
        CatalogFilters(stars=4, sort="price_asc"),
    ],
)
def test_a_filtered_count_reads_one_index_only(shop, filters: CatalogFilters) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the plan's wording is SQLite's")
    with captured() as statements:
        search_products(filters, TODAY)
    counts = [(s, p) for s, p in statements if s.lstrip().upper().startswith("SELECT COUNT")]
    assert counts
    for plan in _sqlite_plans(counts):
        assert any("COVERING INDEX" in step for step in plan), plan
