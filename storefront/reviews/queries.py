"""Reads of reviews: a product's visible ones, and ratings for many products in one query."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from storefront.catalog.models import Product
from storefront.extensions import db
from storefront.orders.models import Order
from storefront.reviews.models import Review

#: The product page shows the newest ones.
SHOWN = 10


@dataclass(frozen=True)
class Rating:
    """Buyers' average (one decimal) and how many reviews it is of: not the programme's OCOP stars."""

    average: float
    count: int


def ratings_for(product_ids: Iterable[int]) -> dict[int, Rating]:
    """Visible reviews' average and count per product (products without reviews are absent)."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Review.product_id, func.avg(Review.rating), func.count(Review.id))
        .where(Review.product_id.in_(ids), Review.hidden_at.is_(None))
        .group_by(Review.product_id)
    )
    return {pid: Rating(round(float(avg), 1), int(n)) for pid, avg, n in rows}


def visible_reviews(product_id: int, limit: int = SHOWN) -> Sequence[Review]:
    return db.session.scalars(
        select(Review)
        .where(Review.product_id == product_id, Review.hidden_at.is_(None))
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(limit)
    ).all()


def product_page_reviews(slug: str, limit: int = SHOWN) -> tuple[Rating | None, Sequence[Review]]:
    """The newest visible reviews of the product `slug` and their rating over all of them, in one query
    (window functions run before the LIMIT, so the count and average cover every visible review)."""
    rows = db.session.execute(
        select(Review, func.count().over(), func.avg(Review.rating).over())
        .join(Product, Product.id == Review.product_id)
        .where(Product.slug == slug, Review.hidden_at.is_(None))
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(limit)
    ).all()
    if not rows:
        return None, []
    _review, count, average = rows[0]
    return Rating(round(float(average), 1), int(count)), [row[0] for row in rows]


def reviews_of_order(order: Order) -> dict[int, Review]:
    """The order's reviews by line id."""
    return {r.order_line_id: r for r in db.session.scalars(select(Review).where(Review.order_id == order.id))}
