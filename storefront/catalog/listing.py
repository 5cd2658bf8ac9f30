"""A listing's statements (filters, an order and a page; no words), each built once per shape.

What such a statement says depends on which filters it uses and on its order, never on their values:
those (a group's id, a place's or a producer's slug, the stars, today, the page's limits and offsets)
are its parameters. Built anew for every page, a statement cost more to make than to run: 0.4 ms to
build one and find its compiled form, against 0.03 ms to run one built before (SQLite, 100k
products), and a listing runs two or three. A search's statements hold its words, so they are built
per query (catalog.search), with these filters and the same parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.sql import operators

from storefront.cache import remember
from storefront.catalog import starsort
from storefront.catalog.filters import CatalogFilters
from storefront.catalog.models import Product, ProductGroup, ProductStatus, stars_valid_on
from storefront.extensions import db
from storefront.places.models import Locality
from storefront.producers.models import Producer

Params = dict[str, Any]

#: Orders after "in stock first" (issue 13), on `products`' own columns, each read from its index in order.
NEWEST = (Product.created_at.desc(), Product.id.desc())
CHEAPEST = (Product.price_vnd.asc(), Product.id.asc())
DEAREST = (Product.price_vnd.desc(), Product.id.desc())


@dataclass(frozen=True)
class Shape:
    """Which filters a listing uses, and how: all that its statements' text depends on."""

    #: "" none; "leads": the stars range leads; "follows": a facet's or the price's index leads instead.
    stars: str = ""
    #: "" none; "top" a top group; "sub" a subgroup (its parent's id too); "unknown" a slug no group has.
    group: str = ""
    locality: bool = False
    producer: bool = False


def group_ids(slug: str) -> tuple[int, int | None] | None:
    """(id, parent id) of the group `slug`, or None: cached, and a made-up slug only in this process."""

    def lookup() -> tuple[int, int | None] | None:
        row = db.session.execute(
            select(ProductGroup.id, ProductGroup.parent_id).where(ProductGroup.slug == slug)
        ).first()
        return (row.id, row.parent_id) if row else None

    return remember(("group-slug", slug, "parent"), lookup, shared_if=lambda row: row is not None)


def shape_of(filters: CatalogFilters, today: date, *, counting: bool = False) -> tuple[Shape, Params]:
    """The shape of `filters`' statements and their parameters. `counting`: for a count, whatever the order."""
    params: Params = {"today": today}
    stars = group = ""
    if filters.stars:
        # With a facet or a price order, the facet's or the price's index must lead: SQLite without
        # statistics would otherwise start from the stars range (half the catalogue) and sort or filter it.
        # A count has no order: the stars are a range after the facets in `ix_products_facet_counts`.
        faceted = filters.group or filters.locality or filters.producer
        stars = "leads" if counting or not (faceted or filters.sort.startswith("price")) else "follows"
        params["stars"] = filters.stars
    if filters.group:
        found = group_ids(filters.group)
        group = "unknown" if found is None else "top" if found[1] is None else "sub"
        if found is not None:
            params.update(group_id=found[0], parent_id=found[1])
    if filters.locality:
        params["locality"] = filters.locality
    if filters.producer:
        params["producer"] = filters.producer
    return Shape(stars, group, bool(filters.locality), bool(filters.producer)), params


@cache
def filter_conditions(shape: Shape) -> tuple[ColumnElement[bool], ...]:
    """The filters of `shape`, their values parameters. A top group filters on `top_group_id`; a
    subgroup on its parent's too, so that the group indexes (`status, top_group_id, ...`, which carry
    `group_id`) serve both, a page or a count from one index."""
    conditions: list[ColumnElement[bool]] = []
    if shape.stars:
        stars = Product.stars if shape.stars == "leads" else func.abs(Product.stars)
        conditions += [stars >= bindparam("stars", type_=Integer), stars_valid_on(_today())]
    if shape.group == "top":
        conditions.append(Product.top_group_id == bindparam("group_id", type_=Integer))
    elif shape.group == "sub":
        parent, group = bindparam("parent_id", type_=Integer), bindparam("group_id", type_=Integer)
        conditions.append(and_(Product.top_group_id == parent, Product.group_id == group))
    elif shape.group == "unknown":
        conditions.append(literal(False))
    if shape.locality:
        place = select(Locality.id).where(Locality.slug == bindparam("locality", type_=String))
        conditions.append(Product.locality_id == place.scalar_subquery())
    if shape.producer:
        maker = select(Producer.id).where(Producer.slug == bindparam("producer", type_=String))
        conditions.append(Product.producer_id == maker.scalar_subquery())
    return tuple(conditions)


def _today() -> BindParameter[date]:
    return bindparam("today", type_=Date)


def conditions(shape: Shape) -> tuple[ColumnElement[bool], ...]:
    """A listing's: the published products, then the filters."""
    return (Product.status == ProductStatus.PUBLISHED, *filter_conditions(shape))


def ids(statement: Select[Any], params: Params | None = None) -> list[int]:
    """The ids a statement of ids finds, in its order (plain integers: past the ORM's handling of rows)."""
    return [row[0] for row in db.session.connection().execute(statement, params or {})]


# --- counts ----------------------------------------------------------------------------------------


def star_segments(today: date | BindParameter[date]) -> list[list[ColumnElement[bool]]]:
    """A "most stars first" listing in its order, as ranges that an index reads in order, newest first:
    in stock 5, 4 and 3 valid stars, then the others in stock; then the same sold out (issue 13).

    "The others" (no stars, or stars lapsed) are read newest first; should a row carry a valid level 1
    or 2 (never certified), only which of them fill a page may differ, as in starsort.
    """
    valid = stars_valid_on(today)
    certified = and_(Product.stars >= min(starsort.LEVELS), valid)
    others = or_(~certified, Product.stars_valid_until.is_(None))
    return [
        [Product.has_stock == flag, *level]
        for flag in (true(), false())
        for level in [*([Product.stars == n, valid] for n in starsort.LEVELS), [others]]
    ]


def counts(filters: CatalogFilters, today: date, *, by_segments: bool) -> tuple[int, ...]:
    """(total, in stock) of a listing; with `by_segments`, then the size of each of its `star_segments`."""
    shape, params = shape_of(filters, today, counting=True)
    row = db.session.connection().execute(_count_statement(shape, by_segments), params).one()
    if not by_segments:
        return int(row[0]), int(row[1])
    in_stock = row[1 : 1 + len(row[1:]) // 2]  # star_segments: the in-stock half comes first
    return (int(row[0]), sum(int(n) for n in in_stock), *(int(n) for n in row[1:]))


@cache
def _count_statement(shape: Shape, by_segments: bool) -> Select[Any]:
    if by_segments:
        parts = [func.count().filter(and_(*segment)) for segment in star_segments(_today())]
    else:
        parts = [func.count().filter(Product.has_stock == true())]
    columns: list[Any] = [func.count(), *parts]
    return select(*columns).where(*conditions(shape))


# --- one page of ids -------------------------------------------------------------------------------


def page_ids(filters: CatalogFilters, today: date, *, total: int, in_stock: int, segments: Sequence[int]) -> list[int]:
    """The ids of `filters`' page, in its order: in stock first, then the order chosen (issue 13).

    `total`, `in_stock` and `segments` are the listing's `counts`. By price or by stars, they say which
    ranges the page falls in, so only those are read, each from its index at its own offset: merging
    every level's first `offset + limit` rows sorted 4 x 9,600 rows for page 400 of the catalogue.
    """
    shape, params = shape_of(filters, today)
    offset, limit = (filters.page - 1) * filters.per_page, filters.per_page
    if filters.sort in {"price_asc", "stars"}:
        sizes = [in_stock, total - in_stock] if filters.sort == "price_asc" else segments
        taken = _ranges(sizes, offset, limit, params)
        return ids(_in_turn_statement(shape, filters.sort, taken), params) if taken else []
    params.update(limit=limit, offset=offset)
    return ids(_page_statement(shape, filters.sort), params)


def _ranges(sizes: Sequence[int], offset: int, limit: int, params: Params) -> tuple[int, ...]:
    """Which of the consecutive ranges of `sizes` the page from `offset` takes rows of, each one's
    limit and offset written into `params` (`limit_<n>`, `offset_<n>`)."""
    taken, start = [], 0
    for number, size in enumerate(sizes):
        first, last = max(offset, start), min(offset + limit, start + size)
        if first < last:
            taken.append(number)
            params.update({f"limit_{number}": last - first, f"offset_{number}": first - start})
        start += size
    return tuple(taken)


@cache
def _page_statement(shape: Shape, sort: str) -> Select[Any]:
    order = [Product.has_stock.desc(), *(DEAREST if sort == "price_desc" else NEWEST)]
    return (
        select(Product.id)
        .where(*conditions(shape))
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


@cache
def _in_turn_statement(shape: Shape, sort: str, taken: tuple[int, ...]) -> Select[Any]:
    """The ranges `taken` of a listing by price (in stock, then sold out: "in stock first, then price
    ASC" mixes two directions, which no scan of one index serves) or by stars (`star_segments`), read
    range after range in one statement, each in its index's order."""
    if sort == "price_asc":
        ranges = [[Product.has_stock == true()], [Product.has_stock == false()]]
        keys: tuple[Any, ...] = CHEAPEST
    else:
        ranges, keys = star_segments(_today()), NEWEST
    parts = [
        select(Product.id)
        .where(*conditions(shape), *ranges[number])
        .order_by(*keys)
        .limit(bindparam(f"limit_{number}", type_=Integer))
        .offset(bindparam(f"offset_{number}", type_=Integer))
        for number in taken
    ]
    return _one_after_another(parts, keys)


def _one_after_another(parts: Sequence[Select[Any]], order: Sequence[Any]) -> Select[Any]:
    """The ids of `parts` (each `select(Product.id)...` in `order`, on `products`' own columns), part after
    part, in one statement: each part is tagged with its place, and the union sorted by it, then `order`."""
    if len(parts) == 1:
        return parts[0]
    keys = [element.element for element in order]  # the columns under asc() / desc()
    tagged = [
        part.add_columns(literal(n).label("part"), *(key.label(f"key_{k}") for k, key in enumerate(keys)))
        for n, part in enumerate(parts)
    ]
    both = union_all(*(part.subquery().select() for part in tagged)).subquery()
    resorted = [
        getattr(both.c[f"key_{k}"], "desc" if _is_descending(clause) else "asc")() for k, clause in enumerate(order)
    ]
    return select(both.c.id).order_by(both.c.part, *resorted)


def _is_descending(clause: Any) -> bool:
    return getattr(clause, "modifier", None) is operators.desc_op
