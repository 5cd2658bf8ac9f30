"""Made-up facet values and names in URLs add no keys to the shared cache (issue 12, item 6): a group or
place that does not exist is one page, whatever it is called; an unknown producer, product or page past
the last stays in each process's bounded cache; the real pages are still shared."""

from __future__ import annotations

import pytest
from cachelib import SimpleCache
from flask import Flask

from tests.factories import Shop


@pytest.fixture()
def small_local_cache(app: Flask, monkeypatch: pytest.MonkeyPatch) -> SimpleCache:
    store = SimpleCache(threshold=20, default_timeout=60)
    monkeypatch.setitem(app.extensions, "storefront_search_cache", store)
    return store


def _keys(store: SimpleCache) -> set[str]:
    return set(store._cache)


BOGUS = [
    "/products?group=bogus-{n}",
    "/products?locality=nowhere-{n}",
    "/products?group=fake-{n}&locality=nowhere-{n}&stars=9&sort=cheapest-{n}",
    "/products?stars={n}9&sort=x{n}",
    "/products?producer=nobody-{n}",
    "/products?group=thuc-pham&page={n}00",
    "/products/no-such-product-{n}",
    "/producers/nobody-{n}",
    "/api/v1/products?group=bogus-{n}",
    "/api/v1/products?locality=nowhere-{n}&producer=nobody-{n}",
]


def test_many_made_up_values_add_no_shared_keys(
    client, shop: Shop, memory_cache: SimpleCache, small_local_cache: SimpleCache
) -> None:
    # One round first: the one page every unknown group or place is, and the filter choices.
    for n, path in enumerate(BOGUS):
        assert client.get(path.format(n=n)).status_code in (200, 404), path
    shared = _keys(memory_cache)
    for n in range(1, 41):
        for path in BOGUS:
            response = client.get(path.format(n=n))
            assert response.status_code in (200, 404), path
    assert _keys(memory_cache) == shared
    assert len(small_local_cache._cache) <= 20 + 1  # bounded: cachelib prunes past its threshold


def test_an_unknown_group_or_place_still_finds_nothing(client, shop: Shop, memory_cache: SimpleCache) -> None:
    for query in ("group=bogus-1", "group=bogus-2", "locality=nowhere", "group=thuc-pham&locality=nowhere"):
        page = client.get(f"/products?{query}&lang=en").get_data(as_text=True)
        assert "No products match these filters." in page, query


def test_real_facets_are_still_shared(client, shop: Shop, memory_cache: SimpleCache) -> None:
    client.get("/products")
    before = _keys(memory_cache)
    client.get("/products?group=thuy-san")
    client.get("/products?locality=xa-ba-che")
    client.get("/products?producer=cong-ty-cha-muc-ha-long")
    client.get(f"/products/{shop.products['muc-kho-co-to'].slug}")
    assert len(_keys(memory_cache) - before) >= 4
