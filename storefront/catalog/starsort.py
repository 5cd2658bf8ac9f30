""" "Most stars first" in a way an index can serve, although which stars count depends on today.

A product shows the stars of a certificate valid today (`stars_valid_until > today`), else none. As an
ORDER BY expression that means reading and sorting every row that matches (all 6,000 products of a
locality for four "more from here" cards). Instead each star level is its own index range, already in
order, in stock first then newest (`ix_products_*_stars`: ..., stars, has_stock, created_at,
stars_valid_until), and only the first `offset + limit` of each are merged, sold-out products after
all those in stock (issue 13):

- for each certified level (5, 4, 3), the products of that level whose certificate is still valid;
- all the others (no stars, or stars lapsed since they were last refreshed), in stock first then newest
  along the facet's own index (`ix_products_*_listing`), a good share of every facet.

Levels 1 and 2 are never certified (`award_certificate` refuses them); should a row carry one, it is
ordered among "the others" by its stars, so only which of them fill a page may differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, literal, or_, select, union_all

from storefront.catalog.models import Product, shown_stars_on, stars_valid_on

LEVELS = (5, 4, 3)


def _bucket(conditions: Sequence[ColumnElement[bool]], shown: ColumnElement[Any], take: int) -> Select[Any]:
    part = (
        select(
            Product.id.label("id"),
            Product.has_stock.label("has_stock"),
            shown.label("shown"),
            Product.created_at.label("created_at"),
        )
        .where(*conditions)
        # No `id` last: with it, SQLite (no statistics) prefers the facet's newest-first index, which
        # serves that order, and tests every row of the facet for the star level.
        .order_by(Product.has_stock.desc(), Product.created_at.desc())
        .limit(take)
        .subquery()
    )
    return select(part.c.id, part.c.has_stock, part.c.shown, part.c.created_at)


def best_stars_first(
    conditions: Sequence[ColumnElement[bool]], today: date | ColumnElement[date], *, offset: int, limit: int
) -> Select[Any]:
    """One page of products matching `conditions`: in stock first, then most valid stars, then newest.

    Rows of (id, has_stock, shown stars, created_at): the last three let a caller that merges pages keep
    the order. `today` may be a bound parameter, for a statement built once and run on any day.
    """
    take = offset + limit
    valid = stars_valid_on(today)
    parts = [_bucket([*conditions, Product.stars == level, valid], literal(level), take) for level in LEVELS]
    certified = and_(Product.stars >= min(LEVELS), valid)
    shown = shown_stars_on(today)
    parts.append(_bucket([*conditions, or_(~certified, Product.stars_valid_until.is_(None))], shown, take))
    merged = union_all(*parts).subquery()
    return (
        select(merged.c.id, merged.c.has_stock, merged.c.shown, merged.c.created_at)
        .order_by(merged.c.has_stock.desc(), merged.c.shown.desc(), merged.c.created_at.desc(), merged.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
