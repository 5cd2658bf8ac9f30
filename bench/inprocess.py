"""The shop in this process, on the benchmark's database, and the addresses of one workload: what
bench/profile_pages.py and bench/instructions.py load through Flask's test client (no server, no network)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from workloads import build_pools

HERE = Path(__file__).resolve().parent
DEFAULT_DATABASE = f"sqlite:///{HERE / 'out' / 'shop.sqlite3'}"

#: A word for each of bench/run.py's cold pools.
WORKLOADS = {
    "products": "cold product pages",
    "listings": "cold filtered listings",
    "searches": "cold searches",
    "suggest": "type-ahead /api/v1/suggest",
}
#: Warm workloads: one address asked again and again, as bench/run.py's warm pages (what a cache serves).
WARM = {"home": "/", "product": "/products/<first>"}


def shop_app(database_url: str) -> Any:
    """The shop's app as bench/run.py serves it: its caches on, rate limits and Redis off."""
    os.environ.update(
        DATABASE_URL=database_url,
        SECRET_KEY="profile-secret-key-0123456789abcdefghijkl",  # noqa: S106  a throwaway local process
        FLASK_DEBUG="0",
        RATELIMIT_ENABLED="false",
        REDIS_URL="",
        MEDIA_ROOT=str(HERE / "out" / "media"),
    )
    from storefront.app import create_app

    return create_app()


def workload_paths(app: Any, database_url: str, workload: str, count: int) -> list[str]:
    """`count` addresses of `workload` (a key of WORKLOADS or WARM), in the benchmark's order."""
    if workload in WARM:
        path = WARM[workload]
        if "<first>" in path:  # as bench/run.py: a product from the middle of the catalogue
            first = app.test_client().get("/api/v1/products?page=50&per_page=1").get_json()["items"][0]["slug"]
            path = path.replace("<first>", first)
        return [path] * count
    return build_pools(database_url, size=count)[WORKLOADS[workload]].paths[:count]
