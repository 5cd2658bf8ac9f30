"""A flood of distinct searches leaves the shared cache as it was; the searches that repeat are still cached."""

from __future__ import annotations

from typing import Any

import pytest
from cachelib import SimpleCache
from flask import Flask

from storefront import config as settings
from tests.factories import Shop


@pytest.fixture()
def small_local_cache(app: Flask, monkeypatch: pytest.MonkeyPatch) -> SimpleCache:
    store = SimpleCache(threshold=10, default_timeout=60)
    monkeypatch.setitem(app.extensions, "storefront_search_cache", store)
    return store


def _keys(store: SimpleCache) -> set[str]:
    return set(store._cache)


def test_distinct_searches_make_no_shared_keys_and_a_bounded_local_cache(
    client, shop: Shop, memory_cache: SimpleCache, small_local_cache: SimpleCache
) -> None:
    assert client.get("/products?q=muc").status_code == 200
    assert client.get("/api/v1/products?q=muc").status_code == 200
    shared_after_one = _keys(memory_cache)
    for n in range(60):
        assert client.get(f"/products?q=tim+{n}").status_code == 200
        assert client.get(f"/api/v1/products?q=mien+{n}").status_code == 200
    assert _keys(memory_cache) == shared_after_one  # filter choices and the version only
    assert len(small_local_cache._cache) <= 10 + 1  # cachelib prunes once it passes the threshold


def test_a_repeated_search_is_served_from_the_local_cache(
    client, shop: Shop, memory_cache: SimpleCache, small_local_cache: SimpleCache, count_queries: Any
) -> None:
    with count_queries() as first:
        body = client.get("/products?q=muc+kho&lang=en").get_data(as_text=True)
    with count_queries() as again:
        assert client.get("/products?q=muc+kho&lang=en").get_data(as_text=True) == body
    assert "Cô Tô dried squid" in body
    assert len(again) < len(first) and not any("products" in q.lower() for q in again)


def test_plain_catalogue_pages_still_use_the_shared_cache(client, shop: Shop, memory_cache: SimpleCache) -> None:
    before = _keys(memory_cache)
    client.get("/products?group=thuc-pham")
    assert len(_keys(memory_cache) - before) >= 1


def test_limits_and_caches_can_each_have_their_own_redis() -> None:
    one = settings.from_env({"FLASK_DEBUG": "1", "REDIS_URL": "redis://r:6379/0"})
    assert one["CACHE_REDIS_URL"] == "redis://r:6379/0" and one["RATELIMIT_STORAGE_URI"] == "redis://r:6379/0"
    two = settings.from_env(
        {"FLASK_DEBUG": "1", "REDIS_CACHE_URL": "redis://cache:6379/0", "REDIS_LIMITS_URL": "redis://limits:6380/0"}
    )
    assert two["CACHE_TYPE"] == "RedisCache" and two["CACHE_REDIS_URL"] == "redis://cache:6379/0"
    assert two["RATELIMIT_STORAGE_URI"] == "redis://limits:6380/0"
