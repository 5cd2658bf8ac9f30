"""With REDIS_URL set, what every app process must agree on lives in Redis: the catalogue version."""

from __future__ import annotations

import os
import uuid

import pytest
import redis

from storefront.app import create_app
from storefront.cache import bump_catalog_version, catalog_version, remember

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(
    not _redis_answers() and not os.environ.get("CI"), reason="no Redis on 127.0.0.1:6379 (CI always has one)"
)


@pytest.fixture()
def two_processes(tmp_path):
    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    apps = [
        create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
                "REDIS_URL": REDIS_URL,
                "CACHE_TYPE": "RedisCache",
                "CACHE_REDIS_URL": REDIS_URL,
                "CACHE_KEY_PREFIX": prefix,
            }
        )
        for _ in range(2)
    ]
    yield apps
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def test_a_change_seen_by_one_process_is_seen_by_the_other(two_processes) -> None:
    first, second = two_processes
    with first.app_context():
        before = catalog_version()
        assert remember(("answer",), lambda: 41) == 41
    with second.app_context():
        assert catalog_version() == before
        # the value cached by the first process is a hit here: compute is not called
        assert remember(("answer",), lambda: pytest.fail("recomputed")) == 41
        bump_catalog_version()
    with first.app_context():
        assert catalog_version() != before
        assert remember(("answer",), lambda: 42) == 42
