"""The in-process cache without Redis: bounded in bytes and entries, least recently used out first, in O(1)."""

from __future__ import annotations

import pytest

from storefront import config as settings
from storefront.memory_cache import BoundedMemoryCache


def test_it_keeps_within_its_bytes_dropping_what_was_used_longest_ago() -> None:
    store = BoundedMemoryCache(max_bytes=12_000)  # five of these, not six
    for n in range(5):
        store.set(f"page-{n}", "x" * 2_000)
    assert [store.get(f"page-{n}") is not None for n in range(5)] == [True] * 5
    assert store.get("page-0") == "x" * 2_000  # used again: now the most recent
    store.set("page-5", "y" * 2_000)
    assert store.size_bytes <= 12_000
    assert store.get("page-0") is not None and store.get("page-5") is not None
    assert store.get("page-1") is None  # the least recently used went first
    for n in range(100):
        store.set(f"more-{n}", "z" * 2_000)
    assert store.size_bytes <= 12_000 and len(store._cache) == 5


def test_it_keeps_within_its_entries() -> None:
    store = BoundedMemoryCache(threshold=3, max_bytes=10_000_000)
    for n in range(10):
        store.set(str(n), n)
    assert [store.get(str(n)) for n in range(10)] == [None] * 7 + [7, 8, 9]


def test_a_value_larger_than_the_cache_is_not_kept_and_evicts_nothing() -> None:
    store = BoundedMemoryCache(max_bytes=5_000)
    store.set("small", "s")
    assert store.set("huge", "h" * 10_000) is False
    assert store.get("huge") is None and store.get("small") == "s"


def test_values_expire_replace_and_delete_and_their_bytes_are_given_back() -> None:
    store = BoundedMemoryCache(max_bytes=100_000)
    store.set("k", "a" * 1_000)
    store.set("k", "b" * 10)  # replaced, not counted twice
    assert store.get("k") == "b" * 10 and store.size_bytes < 1_000
    assert store.add("k", "c") is False and store.add("other", "c") is True
    store.set("gone", "x", timeout=-1)
    assert store.get("gone") is None and not store.has("gone")
    assert store.delete("k") and store.get("k") is None
    store.clear()
    assert store.size_bytes == 0 and store.get("other") is None
    assert store.set("none", None) and store.has("none")  # a cached None is still an entry


def test_a_cached_value_is_a_copy_no_request_can_change_for_the_next() -> None:
    store = BoundedMemoryCache()
    store.set("cards", [1, 2])
    store.get("cards").append(3)
    assert store.get("cards") == [1, 2]


@pytest.mark.parametrize(("env", "expected"), [({}, 16), ({"MEMORY_CACHE_MB": "8"}, 8)])
def test_without_redis_each_process_caches_in_bounded_memory(env: dict[str, str], expected: int) -> None:
    config = settings.from_env({"FLASK_DEBUG": "1", **env})
    assert config["CACHE_TYPE"] == "storefront.memory_cache.BoundedMemoryCache"
    assert config["CACHE_MAX_BYTES"] == expected * 1024 * 1024


def test_flask_caching_builds_it_from_the_settings() -> None:
    from werkzeug.utils import import_string

    kind = import_string(settings.from_env({"FLASK_DEBUG": "1"})["CACHE_TYPE"])
    store = kind.factory(None, {"CACHE_THRESHOLD": 7, "CACHE_MAX_BYTES": 1_000}, [], {"default_timeout": 60})
    assert isinstance(store, BoundedMemoryCache) and store._threshold == 7 and store._max_bytes == 1_000
