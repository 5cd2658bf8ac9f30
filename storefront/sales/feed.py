"""The anonymised line feed for the national OCOP system: one row per sale line, nothing about the buyer.

Each row is the Vietnamese day the money came in, the product, its producer (and kind), the locality
where it is made (with its province), the stars it had when bought, the quantity and the unit price.
No order reference, name, address, phone, email, account or line id: nothing that leads back to a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from storefront.extensions import db
from storefront.orders.models import OrderLine
from storefront.places.models import Locality
from storefront.producers.models import Producer
from storefront.sales.definition import sale_lines, vn_bounds, vn_date


@dataclass(frozen=True)
class FeedLine:
    sold_on: date
    product_slug: str
    product_name: str
    producer_slug: str
    producer_name: str
    producer_kind: str
    locality_slug: str
    locality_name: str
    province_name: str
    stars: int
    quantity: int
    unit_price_vnd: int


@dataclass(frozen=True)
class FeedPage:
    items: list[FeedLine]
    page: int
    per_page: int
    total: int


def anonymised_lines(
    date_from: date, date_to: date, *, page: int = 1, per_page: int = 100, lang: str = "vi"
) -> FeedPage:
    """A page of the period's sale lines in the order their money came in (two queries)."""
    start, end = vn_bounds(date_from, date_to)
    sales = sale_lines(start, end)
    total = db.session.scalar(select(func.count()).select_from(sales)) or 0
    rows = db.session.execute(
        select(
            sales.c.sold_at,
            OrderLine.product_slug,
            sales.c.stars,
            sales.c.quantity,
            OrderLine.unit_price_vnd,
            OrderLine.product_name_vi,
            OrderLine.product_name_en,
            OrderLine.producer_name,
            Producer.slug.label("producer_slug"),
            Producer.kind,
            Locality.slug.label("locality_slug"),
            Locality.name.label("locality_name"),
            Locality.province_name,
        )
        .join(OrderLine, OrderLine.id == sales.c.line_id)
        .outerjoin(Producer, Producer.id == sales.c.producer_id)
        .outerjoin(Locality, Locality.id == sales.c.locality_id)
        .order_by(sales.c.sold_at, sales.c.line_id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    items = [
        FeedLine(
            sold_on=vn_date(r.sold_at),
            product_slug=r.product_slug,
            product_name=r.product_name_en if lang == "en" and r.product_name_en else r.product_name_vi,
            producer_slug=r.producer_slug or "",
            producer_name=r.producer_name,
            producer_kind=r.kind.value if r.kind else "",
            locality_slug=r.locality_slug or "",
            locality_name=r.locality_name or "",
            province_name=r.province_name or "",
            stars=int(r.stars),
            quantity=int(r.quantity),
            unit_price_vnd=int(r.unit_price_vnd),
        )
        for r in rows
    ]
    return FeedPage(items, page, per_page, int(total))
