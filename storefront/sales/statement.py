"""A producer's month line by line (sold, refunded, owed), and what the shop owes every producer.

Both read `sale_lines(include_refunded=True)`: a line whose money came in during the month is "sold";
if it has since been cancelled or refunded it is also a "refund"; what is owed is the difference, which
is exactly the producer's revenue in the sales report for that month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select

from storefront import money
from storefront.extensions import db
from storefront.orders.models import Order, OrderLine
from storefront.sales.definition import month_days, sale_lines, vn_bounds, vn_date


@dataclass(frozen=True)
class StatementLine:
    order_reference: str
    sold_on: date
    sold_at: datetime
    product_slug: str
    product_name_vi: str
    product_name_en: str
    quantity: int
    unit_price_vnd: int
    revenue_vnd: int
    is_refunded: bool


@dataclass(frozen=True)
class Statement:
    producer_id: int
    year: int
    month: int
    lines: list[StatementLine]
    sold_vnd: int
    refunded_vnd: int
    owed_vnd: int


@dataclass(frozen=True)
class Owed:
    producer_id: int
    sold_vnd: int
    refunded_vnd: int
    owed_vnd: int
    units: int


def producer_statement(producer_id: int, year: int, month: int) -> Statement:
    """Every line of `producer_id` whose money came in during the Vietnamese month, oldest first."""
    start, end = vn_bounds(*month_days(year, month))
    sales = sale_lines(start, end, include_refunded=True, producer_id=producer_id)
    rows = db.session.execute(
        select(
            sales,
            Order.reference,
            OrderLine.product_slug,
            OrderLine.unit_price_vnd,
            OrderLine.product_name_vi,
            OrderLine.product_name_en,
        )
        .join(Order, Order.id == sales.c.order_id)
        .join(OrderLine, OrderLine.id == sales.c.line_id)
        .order_by(sales.c.sold_at, sales.c.line_id)
    ).all()
    lines = [
        StatementLine(
            order_reference=r.reference,
            sold_on=vn_date(r.sold_at),
            sold_at=r.sold_at,
            product_slug=r.product_slug,
            product_name_vi=r.product_name_vi,
            product_name_en=r.product_name_en,
            quantity=int(r.quantity),
            unit_price_vnd=int(r.unit_price_vnd),
            revenue_vnd=int(r.revenue_vnd),
            is_refunded=bool(r.is_refunded),
        )
        for r in rows
    ]
    sold = money.total(line.revenue_vnd for line in lines)
    refunded = money.total(line.revenue_vnd for line in lines if line.is_refunded)
    return Statement(producer_id, year, month, lines, sold, refunded, money.subtract(sold, refunded))


def owed_by_producer(year: int, month: int) -> dict[int, Owed]:
    """What the shop owes each producer for a Vietnamese month: their statement's totals, in one query."""
    start, end = vn_bounds(*month_days(year, month))
    sales = sale_lines(start, end, include_refunded=True)
    refunded = func.sum(case((sales.c.is_refunded, sales.c.revenue_vnd), else_=0))
    kept_units = func.sum(case((sales.c.is_refunded, 0), else_=sales.c.quantity))
    rows = db.session.execute(
        select(sales.c.producer_id, func.sum(sales.c.revenue_vnd), refunded, kept_units)
        .where(sales.c.producer_id.is_not(None))
        .group_by(sales.c.producer_id)
    ).all()
    return {
        pid: Owed(pid, int(sold), int(refunds), money.subtract(int(sold), int(refunds)), int(units))
        for pid, sold, refunds, units in rows
    }
