"""Cached catalogue reads follow a version that every committed catalogue change bumps."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from cachelib import SimpleCache
from flask import Flask
from sqlalchemy import update

from storefront.cache import VERSION_KEY, catalog_version, remember
from storefront.catalog.models import Product, stock_values
from storefront.extensions import cache
from tests.factories import make_locality, make_product


def test_remember_computes_once_per_version(memory_cache: SimpleCache) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return 0  # a falsy value is still a hit

    assert remember(("answer",), compute) == 0
    assert remember(("answer",), compute) == 0
    assert len(calls) == 1


def test_a_committed_product_change_bumps_the_version(db, memory_cache: SimpleCache) -> None:
    before = catalog_version()
    assert catalog_version() == before
    product = make_product()
    db.session.commit()
    after_insert = catalog_version()
    assert after_insert != before
    product.price_vnd = 1
    db.session.commit()
    assert catalog_version() != after_insert


def test_a_bulk_stock_update_bumps_the_version(db, memory_cache: SimpleCache) -> None:
    product = make_product(stock=5)
    db.session.commit()
    before = catalog_version()
    db.session.execute(
        update(Product).where(Product.id == product.id, Product.stock >= 2).values(stock_values(Product.stock - 2))
    )
    db.session.commit()
    assert catalog_version() != before


def test_a_rolled_back_change_keeps_the_version(db, memory_cache: SimpleCache) -> None:
    before = catalog_version()
    make_locality()
    db.session.rollback()
    db.session.commit()
    assert catalog_version() == before


def test_an_unrelated_commit_keeps_the_version(db, memory_cache: SimpleCache) -> None:
    before = catalog_version()
    db.session.commit()
    assert catalog_version() == before


def test_a_cache_outage_serves_uncached(monkeypatch: pytest.MonkeyPatch, app: Flask, db: Any) -> None:
    class Broken(SimpleCache):
        def get(self, key: str) -> Any:
            raise ConnectionError("redis is down")

    monkeypatch.setitem(app.extensions["cache"], cache, Broken())
    assert remember(("x",), lambda: 42) == 42


def test_the_version_survives_a_full_memory_cache(app: Flask, db: Any) -> None:
    backend = SimpleCache(threshold=20)
    original = app.extensions["cache"][cache]
    app.extensions["cache"][cache] = backend
    try:
        version = catalog_version()
        for n in range(100):
            remember(("page", n), functools.partial(str, n))
        assert catalog_version() == version
    finally:
        app.extensions["cache"][cache] = original


class _CountingCache(SimpleCache):
    """Counts the reads of the catalogue version (with Redis, each one a round trip)."""

    def __init__(self) -> None:
        super().__init__()
        self.version_reads = 0

    def get(self, key: str) -> Any:
        if key.endswith(VERSION_KEY):
            self.version_reads += 1
        return super().get(key)


@pytest.mark.parametrize(
    "path", ["/products?q=muc", "/products?group=thuc-pham&page=2", "/products/muc-kho-co-to", "/"]
)
def test_a_page_reads_the_catalogue_version_once(app: Flask, shop: Any, client: Any, path: str) -> None:
    counting = _CountingCache()
    original = app.extensions["cache"][cache]
    app.extensions["cache"][cache] = counting
    try:
        assert client.get(path).status_code == 200
        assert counting.version_reads == 1
        assert client.get(path).status_code == 200  # the next request reads it again
        assert counting.version_reads == 2
    finally:
        app.extensions["cache"][cache] = original


def test_a_change_made_during_a_request_is_seen_by_the_rest_of_it(
    app: Flask, db: Any, memory_cache: SimpleCache
) -> None:
    with app.test_request_context("/"):
        before = catalog_version()
        assert remember(("answer",), lambda: 41) == 41
        make_product()
        db.session.commit()
        assert catalog_version() != before
        assert remember(("answer",), lambda: 42) == 42


def test_outside_a_request_every_read_asks_the_cache(app: Flask, db: Any, memory_cache: SimpleCache) -> None:
    """A CLI command or a job runs in one long app context: another process's change must reach it."""
    before = catalog_version()
    memory_cache.set(VERSION_KEY, "set-elsewhere")
    assert catalog_version() == "set-elsewhere" != before


def test_with_the_cache_down_a_page_tries_it_once(app: Flask, shop: Any, client: Any) -> None:
    """Redis down: every value of the page is computed, after one failed read of the version, not one
    per value (each a wait for Redis's timeout)."""

    class Down(SimpleCache):
        tries = 0

        def get(self, key: str) -> Any:
            Down.tries += 1
            raise ConnectionError("redis is down")

    original = app.extensions["cache"][cache]
    app.extensions["cache"][cache] = Down()
    try:
        response = client.get("/products?group=thuc-pham")
        assert response.status_code == 200 and "Miến dong Bình Liêu" in response.get_data(as_text=True)
        assert Down.tries == 1
    finally:
        app.extensions["cache"][cache] = original
