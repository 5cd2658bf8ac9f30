"""Sales grouped one way (month, locality, producer, producer kind, product, stars, group), with totals.

Two or three queries whatever the period or the number of rows: the grouped sums, the totals, and the
labels of the keys that appear. Orders are counted distinct: an order with two producers is one order
in the totals, and one in each producer's row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, String, func, literal, select, union_all

from storefront.catalog.models import Product, ProductGroup
from storefront.extensions import db
from storefront.places.models import Locality
from storefront.producers.models import Producer
from storefront.sales.definition import month_days, sale_lines, vn_bounds, vn_day, vn_month
from storefront.web.labels import producer_kind


class Dimension(StrEnum):
    MONTH = "month"
    DAY = "day"
    LOCALITY = "locality"
    PRODUCER = "producer"
    KIND = "kind"
    PRODUCT = "product"
    STARS = "stars"
    GROUP = "group"


#: What the contract's `by=` accepts for sales (plus `kind` and `day`, added by this issue).
DIMENSIONS = tuple(Dimension)


@dataclass(frozen=True)
class SalesRow:
    key: str
    label: str
    orders: int
    units: int
    revenue_vnd: int
    #: The province of a locality row (the 2025 communes are shown grouped by province); else empty.
    parent: str = ""


@dataclass(frozen=True)
class SalesTotals:
    orders: int
    units: int
    revenue_vnd: int


@dataclass(frozen=True)
class SalesReport:
    by: Dimension
    date_from: date
    date_to: date
    rows: list[SalesRow]
    totals: SalesTotals


def _sums(sales: Any) -> list[Any]:
    return [
        func.count(sales.c.order_id.distinct()).label("orders"),
        func.coalesce(func.sum(sales.c.quantity), 0).label("units"),
        func.coalesce(func.sum(sales.c.revenue_vnd), 0).label("revenue_vnd"),
    ]


def grouped_query(by: Dimension, sales: Any) -> Select[Any]:
    """The grouped sums of `sales` (a `sale_lines()` subquery): `key`, orders, units, revenue_vnd."""
    key: Any
    if by in (Dimension.MONTH, Dimension.DAY):
        key = (vn_month if by == Dimension.MONTH else vn_day)(sales.c.sold_at)
        query = select(key.label("key"), *_sums(sales))
    elif by == Dimension.PRODUCER:
        key = sales.c.producer_id
        query = select(key.label("key"), *_sums(sales))
    elif by == Dimension.PRODUCT:
        key = sales.c.product_id
        query = select(key.label("key"), *_sums(sales))
    elif by == Dimension.STARS:
        key = sales.c.stars
        query = select(key.label("key"), *_sums(sales))
    elif by == Dimension.KIND:
        key = Producer.kind
        query = select(key.label("key"), *_sums(sales)).outerjoin(Producer, Producer.id == sales.c.producer_id)
    elif by == Dimension.GROUP:
        key = Product.top_group_id
        query = select(key.label("key"), *_sums(sales)).outerjoin(Product, Product.id == sales.c.product_id)
    else:  # LOCALITY: where the product was made when it was sold (kept on the line, like its stars)
        key = sales.c.locality_id
        query = select(key.label("key"), *_sums(sales))
    return query.group_by(key)


def totals_query(sales: Any) -> Select[Any]:
    return select(*_sums(sales))


#: Up to this many months or days, each is its own range of the index with its key as a constant.
MAX_BUCKETS = 62


def _buckets(by: Dimension, date_from: date, date_to: date) -> list[tuple[str, date, date]]:
    """The Vietnamese months or days of the period: (key, first day, last day), clipped to the period."""
    buckets: list[tuple[str, date, date]] = []
    day = date_from
    while day <= date_to and len(buckets) <= MAX_BUCKETS:
        if by == Dimension.DAY:
            last = day
            key = day.isoformat()
        else:
            last = min(date_to, month_days(day.year, day.month)[1])
            key = f"{day.year:04d}-{day.month:02d}"
        buckets.append((key, day, last))
        day = last + timedelta(days=1)
    return buckets


def bucketed_query(buckets: Sequence[tuple[str, date, date]]) -> Any:
    """Sums per month or day without computing a key for each line: one range scan per bucket, the key a
    constant (the same numbers as `grouped_query`, which sorts every line by its computed key)."""
    return union_all(
        *(
            select(literal(key, String()).label("key"), *_sums(sale_lines(*vn_bounds(first, last))))
            for key, first, last in buckets
        )
    )


def sales_report(by: Dimension | str, date_from: date, date_to: date, *, lang: str = "vi") -> SalesReport:
    """Sales whose money came in on the Vietnamese days `date_from` .. `date_to` (inclusive), grouped `by`."""
    by = Dimension(by)
    start, end = vn_bounds(date_from, date_to)
    sales = sale_lines(start, end)
    buckets = _buckets(by, date_from, date_to) if by in (Dimension.MONTH, Dimension.DAY) else []
    if buckets and len(buckets) <= MAX_BUCKETS:
        grouped = [row for row in db.session.execute(bucketed_query(buckets)).all() if row.orders]
        # One month (or day): the bucket is the whole period, so its sums are the totals. Otherwise an
        # order whose parcels were paid in two months counts once in the totals: they are counted apart.
        single = len(buckets) == 1
        total = grouped[0] if single and grouped else None
        if total is None:
            total = db.session.execute(totals_query(sales)).one()
    else:
        grouped = list(db.session.execute(grouped_query(by, sales)).all())
        total = db.session.execute(totals_query(sales)).one()
    rows = _label(by, grouped, lang)
    return SalesReport(
        by=by,
        date_from=date_from,
        date_to=date_to,
        rows=rows,
        totals=SalesTotals(orders=int(total.orders), units=int(total.units), revenue_vnd=int(total.revenue_vnd)),
    )


def _row(key: str, label: str, raw: Any, parent: str = "") -> SalesRow:
    return SalesRow(key, label, int(raw.orders), int(raw.units), int(raw.revenue_vnd), parent)


def _by_revenue(rows: Iterable[SalesRow]) -> list[SalesRow]:
    return sorted(rows, key=lambda r: (-r.revenue_vnd, r.label))


def month_label(key: str) -> str:
    year, month = key.split("-")[:2]
    return f"{int(month):02d}/{year}"


def stars_label(stars: int) -> str:
    return _("%(stars)s stars", stars=stars) if stars else _("No stars")


def _label(by: Dimension, grouped: Sequence[Any], lang: str) -> list[SalesRow]:
    unknown = _("Unknown")
    if by == Dimension.MONTH:
        return [_row(r.key, month_label(r.key), r) for r in sorted(grouped, key=lambda r: r.key)]
    if by == Dimension.DAY:
        return [_row(r.key, r.key, r) for r in sorted(grouped, key=lambda r: r.key)]
    if by == Dimension.STARS:
        return [_row(str(r.key), stars_label(int(r.key)), r) for r in sorted(grouped, key=lambda r: -int(r.key))]
    if by == Dimension.KIND:
        return _by_revenue(_row(str(r.key or ""), producer_kind(r.key) if r.key else unknown, r) for r in grouped)
    ids = [r.key for r in grouped if r.key is not None]
    if by == Dimension.PRODUCT:
        products = {
            p.id: (p.slug, p.name_en if lang == "en" and p.name_en else p.name_vi)
            for p in db.session.execute(
                select(Product.id, Product.slug, Product.name_vi, Product.name_en).where(Product.id.in_(ids))
            )
        }
        return _by_revenue(_row(*products[r.key], r) if r.key in products else _row("", unknown, r) for r in grouped)
    if by == Dimension.PRODUCER:
        found = {
            p.id: p
            for p in db.session.execute(select(Producer.id, Producer.slug, Producer.name).where(Producer.id.in_(ids)))
        }
        return _by_revenue(
            _row(found[r.key].slug, found[r.key].name, r) if r.key in found else _row("", unknown, r) for r in grouped
        )
    if by == Dimension.GROUP:
        groups = {
            g.id: g
            for g in db.session.execute(
                select(ProductGroup.id, ProductGroup.slug, ProductGroup.name_vi, ProductGroup.name_en).where(
                    ProductGroup.id.in_(ids)
                )
            )
        }
        return _by_revenue(
            _row(groups[r.key].slug, groups[r.key].name_en if lang == "en" else groups[r.key].name_vi, r)
            if r.key in groups
            else _row("", unknown, r)
            for r in grouped
        )
    places = {
        p.id: p
        for p in db.session.execute(
            select(Locality.id, Locality.slug, Locality.name, Locality.province_name).where(Locality.id.in_(ids))
        )
    }
    rows = [
        _row(places[r.key].slug, places[r.key].name, r, places[r.key].province_name)
        if r.key in places
        else _row("", unknown, r, unknown)
        for r in grouped
    ]
    province_revenue: dict[str, int] = {}
    for row in rows:
        province_revenue[row.parent] = province_revenue.get(row.parent, 0) + row.revenue_vnd
    return sorted(rows, key=lambda r: (-province_revenue[r.parent], r.parent, -r.revenue_vnd, r.label))


def sales_totals(date_from: date, date_to: date) -> SalesTotals:
    """Orders, units and revenue of the period: one query."""
    start, end = vn_bounds(date_from, date_to)
    total = db.session.execute(totals_query(sale_lines(start, end))).one()
    return SalesTotals(orders=int(total.orders), units=int(total.units), revenue_vnd=int(total.revenue_vnd))
