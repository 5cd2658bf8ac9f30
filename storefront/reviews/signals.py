"""What buyers say about products, for cards: their average rating and count, and units sold.

One query for a whole grid of cards (scalar subqueries per product id), so a page's query count does not
grow with its cards. Units sold are the programme office's sales (`storefront.sales.definition.sale_lines`,
the one rule): prepaid orders once paid, cash on delivery once the line is delivered; cancelled and
refunded lines never.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, select

from storefront.catalog.models import Product
from storefront.extensions import db
from storefront.reviews.models import Review
from storefront.sales.definition import sale_lines


@dataclass(frozen=True)
class BuyerSignals:
    average: float | None
    reviews: int
    units_sold: int


def buyer_signals(product_ids: Iterable[int]) -> dict[int, BuyerSignals]:
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    rows = db.session.execute(_signals_statement(), {"ids": ids})
    return {
        pid: BuyerSignals(round(float(avg), 1) if avg is not None else None, int(n or 0), int(units or 0))
        for pid, avg, n, units in rows
    }


@cache
def _signals_statement() -> Select[Any]:
    """Built once per process, the ids a parameter: building its subqueries cost more than running them."""
    visible = and_(Review.product_id == Product.id, Review.hidden_at.is_(None))
    average = select(func.avg(Review.rating)).where(visible).correlate(Product).scalar_subquery()
    count = select(func.count(Review.id)).where(visible).correlate(Product).scalar_subquery()
    sales = sale_lines()
    sold = (
        select(func.coalesce(func.sum(sales.c.quantity), 0))
        .where(sales.c.product_id == Product.id)
        .correlate(Product)
        .scalar_subquery()
    )
    return select(Product.id, average, count, sold).where(Product.id.in_(bindparam("ids", expanding=True)))
