"""A process's own cache when there is no Redis: bounded in bytes and in entries, least recently used out first.

cachelib's SimpleCache (Flask-Caching's "SimpleCache") bounds only the number of entries and, once full,
sorts every entry on each `set` to find the one that expires soonest. With distinct pages each asked for
about once (a crawler walking 100,000 product pages) that is a sort of the whole cache per request, and
500 whole rendered pages let a worker grow past 150 MB. Here an entry's size is the length of its
pickled value (SimpleCache pickles every value anyway, so a cached object is never shared between
requests); when either bound is passed, the entries used longest ago go, one `popitem` each.

Imports no project code: `CACHE_TYPE` names it by path (storefront.config).
"""

from __future__ import annotations

from collections import OrderedDict
from time import time
from typing import Any

from flask import Flask
from flask_caching.backends.simplecache import SimpleCache

#: What an entry costs beyond its key and pickled value: the tuple, the float, the dict slot.
ENTRY_OVERHEAD = 200


class BoundedMemoryCache(SimpleCache):
    def __init__(
        self,
        threshold: int = 5000,
        default_timeout: int = 300,
        max_bytes: int = 16 * 1024 * 1024,
        ignore_delete_many_errors: bool = False,
    ) -> None:
        super().__init__(
            threshold=threshold, default_timeout=default_timeout, ignore_delete_many_errors=ignore_delete_many_errors
        )
        self._cache: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._max_bytes = max_bytes
        self._bytes = 0

    @classmethod
    def factory(cls, app: Flask, config: dict[str, Any], args: list[Any], kwargs: dict[str, Any]) -> SimpleCache:
        kwargs.update(threshold=config["CACHE_THRESHOLD"], max_bytes=config["CACHE_MAX_BYTES"])
        return cls(*args, **kwargs)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def _cost(self, key: str, data: bytes | None) -> int:
        return len(key) + len(data or b"") + ENTRY_OVERHEAD

    def _drop(self, key: str) -> bool:
        item = self._cache.pop(key, None)
        if item is None:
            return False
        self._bytes -= self._cost(key, item[1])
        return True

    def get(self, key: str) -> Any:
        with self._lock:
            item = self._cache.get(key)
            if item is None:
                return None
            expires, data = item
            if expires != 0 and expires <= time():
                self._drop(key)
                return None
            self._cache.move_to_end(key)
        return self.serializer.loads(data)  # outside the lock, as `set` pickles: a large page blocks no reader

    def set(self, key: str, value: Any, timeout: Any = None) -> bool:
        data = self.serializer.dumps(value)  # outside the lock: other threads may read meanwhile
        cost = self._cost(key, data)
        with self._lock:
            self._drop(key)
            if cost > self._max_bytes:
                return False  # larger than the whole cache: never kept, and nothing else thrown out for it
            self._cache[key] = (self._normalize_timeout(timeout), data)
            self._bytes += cost
            while self._bytes > self._max_bytes or len(self._cache) > self._threshold:
                oldest, (_expires, old) = self._cache.popitem(last=False)
                self._bytes -= self._cost(oldest, old)
            return True

    def add(self, key: str, value: Any, timeout: Any = None) -> bool:
        with self._lock:
            if self.has(key):
                return False
            return self.set(key, value, timeout)

    def has(self, key: str) -> bool:
        with self._lock:
            item = self._cache.get(key)
            return item is not None and (item[0] == 0 or item[0] > time())

    def delete(self, key: str) -> bool:
        with self._lock:
            return self._drop(key)

    def clear(self) -> bool:
        with self._lock:
            self._cache.clear()
            self._bytes = 0
            return True
