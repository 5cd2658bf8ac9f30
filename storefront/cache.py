"""The shop's cache: reads remembered under a catalogue version that changes whenever the catalogue does.

`init_app` binds the cache (Flask-Caching: Redis when REDIS_URL is set) and installs the listeners that
bump the version; `remember(parts, compute)` is the one way to cache a value.

Every committed change to a product, image, certificate, group, producer or locality bumps the
version, so a cached value is never served after the data behind it changed: old keys simply stop
being asked for and expire. The version lives in the shared cache (Redis when REDIS_URL is set), so
every app process sees a bump at once. Without Redis each process has its own memory cache (at most
`MEMORY_CACHE_MB`, the least recently used out first: storefront/memory_cache.py), and a
change made by another process (or a CLI command) shows there only after `CATALOG_CACHE_SECONDS`.
A change made through the same process shows at once (its commit bumps that process's version).

Free-text searches are the exception: nearly every one is asked once, and a visitor can ask thousands
in a minute. They go to a small cache in each process instead (`remember(..., local=True)`: at most
`SEARCH_CACHE_ENTRIES` values and a quarter of `MEMORY_CACHE_MB`, each for `SEARCH_CACHE_SECONDS`), so
a flood of distinct searches costs that process a bounded amount of memory and the shared Redis
nothing; a search that repeats is still served from it. Pages for names that exist nowhere (an unknown
product, producer or producer filter, a page past the last) go there too (`shared_if`), and a catalogue
filter by a group or place that does not exist is dropped before its key is made
(`catalog.filters.known_facets`): bogus values in a URL cost the shared cache nothing.

Three other caches live in each process and hold no catalogue data, so they need no version: the
layout's fixed blocks per language (`templating.layout_block`), formatted prices per amount and language
(`|vnd`), and the session cookie's signing serializer per secret key (`security.SessionInterface`).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from storefront.extensions import cache
from storefront.memory_cache import BoundedMemoryCache

log = logging.getLogger(__name__)

T = TypeVar("T")

VERSION_KEY = "catalog_version"
#: How long a cached catalogue value lives at most; the version makes it stale-proof, this bounds memory.
DEFAULT_TIMEOUT = 300
CATALOG_TABLES = frozenset({"products", "product_images", "certificates", "product_groups", "producers", "localities"})
_FLAG = "catalog_changed"
#: The version outlives every value cached under it (read on every request, it is also never the least
#: recently used key of the bounded memory cache). Not 0 ("forever"): a version nobody reads again (Redis
#: shared by a shop since moved) still goes in the end.
VERSION_TIMEOUT = 30 * 24 * 3600


def catalog_version() -> str:
    """The current version token; a new one is made when the cache lost it (restart, eviction).

    Read once per request: a page remembers four or five values, and with Redis each read of the
    version was a round trip (and, Redis being down, a wait for its timeout) before the value's own.
    A change committed during the request moves the request's copy too (`bump_catalog_version`).
    """
    if has_request_context():
        # In the request's own environ: an app context (`g`) may outlive a request (tests, CLI).
        environ = request.environ
        version = environ.get(_REQUEST_VERSION)
        if version is None:
            version = environ[_REQUEST_VERSION] = _read_version()
        return str(version)
    return _read_version()


_REQUEST_VERSION = "storefront.catalog_version"


def _read_version() -> str:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            version = uuid.uuid4().hex[:12]
            # add() keeps a token another process set first, so processes agree.
            if not cache.add(VERSION_KEY, version, timeout=VERSION_TIMEOUT):
                version = cache.get(VERSION_KEY) or version
        return str(version)
    except Exception:  # a cache outage must not take pages down: serve uncached
        log.warning("catalogue cache unavailable", exc_info=True)
        return "nocache-" + uuid.uuid4().hex


def bump_catalog_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex[:12], timeout=VERSION_TIMEOUT)
    except Exception:
        log.warning("could not bump the catalogue version", exc_info=True)
    if has_request_context():
        # The rest of the request reads the version again: the new one, or whatever the cache holds now.
        request.environ.pop(_REQUEST_VERSION, None)


def local_cache() -> BoundedMemoryCache:
    """This process's small cache for values keyed on free text (see the module's docstring)."""
    extensions = current_app.extensions
    store = extensions.get("storefront_search_cache")
    if store is None:
        store = extensions.setdefault(
            "storefront_search_cache",
            BoundedMemoryCache(
                threshold=int(current_app.config.get("SEARCH_CACHE_ENTRIES", 500)),
                default_timeout=int(current_app.config.get("SEARCH_CACHE_SECONDS", 60)),
                max_bytes=int(current_app.config.get("CACHE_MAX_BYTES", 16 * 1024 * 1024)) // 4,
            ),
        )
    return store


def remember(
    parts: tuple[Any, ...],
    compute: Callable[[], T],
    timeout: int | None = None,
    *,
    local: bool = False,
    shared_if: Callable[[T], bool] | None = None,
) -> T:
    """`compute()`, cached under the current catalogue version and `parts` (all of it in the key).

    `local=True` for values keyed on what a visitor typed: they stay in this process's bounded cache.
    `shared_if`: a value it says False of (the page for a name that exists nowhere, a page past the last)
    goes to that bounded cache instead of the shared one, so made-up names add no shared keys.
    """
    version = catalog_version()
    if version.startswith("nocache-"):
        return compute()
    digest = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]
    key = f"catalog:{version}:{digest}"
    stores: list[Any] = [local_cache()] if local else [cache, local_cache()] if shared_if else [cache]
    for store in stores:
        try:
            hit = store.get(key)
        except Exception:
            hit = None
        if hit is not None:
            return hit[0]
    value = compute()
    store = stores[0] if shared_if is None or shared_if(value) else stores[-1]
    if store is not cache:
        timeout = None  # the local cache's own default
    elif timeout is None:
        timeout = int(current_app.config.get("CATALOG_CACHE_SECONDS", DEFAULT_TIMEOUT))
    try:
        store.set(key, (value,), timeout=timeout)  # wrapped so a cached None or 0 is still a hit
    except Exception:
        log.warning("could not cache a catalogue value", exc_info=True)
    return value


def _catalog_rows_changed(session: Session, flush_context: UOWTransaction) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table in CATALOG_TABLES:
            session.info[_FLAG] = True
            return


def _catalog_statement(state: Any) -> None:
    """Bulk UPDATE/DELETE/INSERT statements (stock taken by an order, seeders) skip the flush."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in CATALOG_TABLES:
        state.session.info[_FLAG] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(_FLAG, False) and has_app_context():
        bump_catalog_version()


def _after_rollback(session: Session) -> None:
    session.info.pop(_FLAG, None)


def init_app(app: Flask) -> None:
    cache.init_app(app)
    install_listeners()


_installed = False


def install_listeners() -> None:
    """Listen on every Session, once per process however many apps are made: any committed catalogue
    change bumps the version."""
    global _installed
    if _installed:
        return
    event.listen(Session, "after_flush", _catalog_rows_changed)
    event.listen(Session, "do_orm_execute", _catalog_statement)
    event.listen(Session, "after_commit", _after_commit)
    # A real rollback only: a savepoint rolled back inside a transaction leaves its other changes.
    event.listen(Session, "after_rollback", _after_rollback)
    _installed = True
