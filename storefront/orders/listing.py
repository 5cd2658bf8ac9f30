"""Every order, filtered, for the programme office: the ones that need a person first, then the newest.

Two queries per page whatever the filters: the count, and the page with its lines (selectinload).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from storefront.extensions import db
from storefront.orders.models import Order, OrderLine, OrderStatus, PaymentMethod
from storefront.sales.definition import vn_bounds

PER_PAGE = 50


@dataclass(frozen=True)
class OrderFilters:
    status: OrderStatus | None = None
    method: PaymentMethod | None = None
    producer_id: int | None = None
    placed_from: date | None = None
    placed_to: date | None = None
    attention_only: bool = False
    page: int = 1


@dataclass(frozen=True)
class OrderPage:
    items: list[Order]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def find_orders(filters: OrderFilters) -> OrderPage:
    conditions = []
    if filters.status is not None:
        conditions.append(Order.status == filters.status)
    if filters.method is not None:
        conditions.append(Order.payment_method == filters.method)
    if filters.producer_id is not None:
        conditions.append(exists().where(OrderLine.order_id == Order.id, OrderLine.producer_id == filters.producer_id))
    if filters.placed_from is not None:
        conditions.append(Order.placed_at >= vn_bounds(filters.placed_from, filters.placed_from)[0])
    if filters.placed_to is not None:
        conditions.append(Order.placed_at < vn_bounds(filters.placed_to, filters.placed_to)[1])
    if filters.attention_only:
        conditions.append(Order.needs_attention.is_(True))
    total = db.session.scalar(select(func.count(Order.id)).where(*conditions)) or 0
    items = db.session.scalars(
        select(Order)
        .where(*conditions)
        .options(selectinload(Order.lines))
        .order_by(Order.needs_attention.desc(), Order.placed_at.desc(), Order.id.desc())
        .offset((filters.page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).all()
    return OrderPage(list(items), filters.page, PER_PAGE, int(total))
