"""The portal's list pages run a fixed number of queries, whatever the number of rows they show."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_certificate, make_order, make_product

PAGES = ["/portal/", "/portal/products", "/portal/stock", "/portal/orders", "/portal/statement", "/portal/payouts"]


def _add(producer: Any, n: int) -> None:
    for _ in range(n):
        product = make_product(producer=producer, stock=3)
        make_certificate(product, stars=4)
        make_order({product.id: 1})


def _count(client: Any, count_queries: Any, url: str) -> int:
    with count_queries() as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_the_query_count_does_not_grow_with_rows(client, producer_user, count_queries, url: str) -> None:
    _add(producer_user.producer, 2)
    few = _count(client, count_queries, url)
    _add(producer_user.producer, 8)
    many = _count(client, count_queries, url)
    assert few >= 2 and many == few, (url, few, many)
