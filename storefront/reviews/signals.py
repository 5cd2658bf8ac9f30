"""What buyers say about products, for cards: their average rating and count, and units sold.

One query for a whole grid of cards (scalar subqueries per product id), so a page's query count does not
grow with its cards. Units sold are the programme office's sales (`storefront.sales.definition.sale_lines`,
the one rule): prepaid orders once paid, cash on delivery once the line is delivered; cancelled and
refunded lines never. A statement that reads products anyway can carry the same three values as columns
of its own rows (`signal_columns`, read back with `signals_from`) instead of running this query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, bindparam, func, select

from storefront.catalog.models import Product
from storefront.extensions import db
from storefront.reviews.models import Review
from storefront.sales.definition import sale_lines


@dataclass(frozen=True)
class BuyerSignals:
    average: float | None
    reviews: int
    units_sold: int


#: The labels `signal_columns` gives its columns, which `signals_from` reads.
AVERAGE, REVIEWS, UNITS_SOLD = "signal_average", "signal_reviews", "signal_units_sold"


def buyer_signals(product_ids: Iterable[int]) -> dict[int, BuyerSignals]:
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    return signals_by_id(db.session.execute(_signals_statement(), {"ids": ids}))


def signal_columns(product_id: Any = Product.id) -> list[ColumnElement[Any]]:
    """The average rating, the count of visible reviews and the units sold of the product `product_id`
    (a column of the enclosing statement: `products.id` or an alias's), as labelled scalar subqueries."""
    visible = and_(Review.product_id == product_id, Review.hidden_at.is_(None))
    sales = sale_lines()
    return [
        select(func.avg(Review.rating)).where(visible).scalar_subquery().label(AVERAGE),
        select(func.count(Review.id)).where(visible).scalar_subquery().label(REVIEWS),
        select(func.coalesce(func.sum(sales.c.quantity), 0))
        .where(sales.c.product_id == product_id)
        .scalar_subquery()
        .label(UNITS_SOLD),
    ]


def signals_by_id(rows: Iterable[Row[Any]]) -> dict[int, BuyerSignals]:
    """`signals_from` each of `rows` (which have an `id`), by id."""
    return {row.id: signals_from(row) for row in rows}


def signals_from(row: Row[Any]) -> BuyerSignals:
    """The signals in a row that has `signal_columns`."""
    values = row._mapping
    average, reviews, units = values[AVERAGE], values[REVIEWS], values[UNITS_SOLD]
    return BuyerSignals(round(float(average), 1) if average is not None else None, int(reviews or 0), int(units or 0))


@cache
def _signals_statement() -> Select[Any]:
    """Built once per process, the ids a parameter: building its subqueries cost more than running them."""
    return select(Product.id, *signal_columns()).where(Product.id.in_(bindparam("ids", expanding=True)))
