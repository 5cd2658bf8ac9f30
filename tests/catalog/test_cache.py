"""Cached catalogue reads follow a version that every committed catalogue change bumps."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from cachelib import SimpleCache
from flask import Flask
from sqlalchemy import update

from storefront.cache import catalog_version, remember
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
