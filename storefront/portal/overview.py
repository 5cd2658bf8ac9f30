"""The portal's first page in numbers: what waits, what runs low, what expires, how the month goes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from storefront.catalog.models import Certificate, Product, ProductStatus
from storefront.clock import VN_TZ, vn_today
from storefront.extensions import db
from storefront.orders.fulfilment import SHIPPABLE
from storefront.orders.models import LineStatus, Order, OrderLine, OrderStatus, PaymentMethod
from storefront.qr.models import QrScan
from storefront.sales.statement import producer_statement

LOW_STOCK = 5
#: A certificate this close to its end is shown with a warning: re-evaluation takes months.
CERTIFICATE_WARNING_DAYS = 90


@dataclass(frozen=True)
class Waiting:
    order: Order
    since: datetime
    waited: timedelta
    to_confirm: bool


@dataclass(frozen=True)
class CertificateState:
    product: Product
    certificate: Certificate
    days_left: int

    @property
    def is_expired(self) -> bool:
        return self.days_left < 0

    @property
    def is_ending(self) -> bool:
        return 0 <= self.days_left <= CERTIFICATE_WARNING_DAYS


def _previous_month(day: date) -> tuple[int, int]:
    return (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)


def month_bounds(day: date, months_back: int = 0) -> tuple[datetime, datetime]:
    """The UTC instants [start, end) of the Vietnamese month `months_back` before `day`'s."""
    year, month = day.year, day.month - months_back
    while month < 1:
        year, month = year - 1, month + 12
    start = datetime(year, month, 1, tzinfo=VN_TZ)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=VN_TZ)
    return start, end


def waiting_orders(producer_id: int, now: datetime, limit: int = 20) -> list[Waiting]:
    """Orders with lines of this producer still to confirm or to send, the longest waiting first."""
    pending = select(OrderLine.order_id).where(
        OrderLine.producer_id == producer_id, OrderLine.status == LineStatus.PENDING
    )
    actionable = Order.status.in_([OrderStatus.PLACED, *SHIPPABLE])
    orders = db.session.scalars(
        select(Order)
        .where(Order.id.in_(pending), actionable)
        .order_by(func.coalesce(Order.paid_at, Order.placed_at), Order.id)
        .limit(limit)
        .options(selectinload(Order.lines))
    ).all()
    result = []
    for order in orders:
        since = order.paid_at if order.payment_method != PaymentMethod.COD and order.paid_at else order.placed_at
        result.append(Waiting(order, since, now - since, order.status == OrderStatus.PLACED))
    return result


def low_stock(producer_id: int) -> list[Product]:
    return list(
        db.session.scalars(
            select(Product)
            .where(
                Product.producer_id == producer_id,
                Product.status == ProductStatus.PUBLISHED,
                Product.stock <= LOW_STOCK,
            )
            .order_by(Product.stock, Product.name_vi)
            .limit(50)
        )
    )


def certificates(products: list[Product], today: date) -> list[CertificateState]:
    """The newest certificate of each product (they are loaded with the products)."""
    states = []
    for product in products:
        if product.certificates:
            newest = product.certificates[0]
            states.append(CertificateState(product, newest, (newest.expires_on - today).days))
    return sorted(states, key=lambda s: s.days_left)


def scans(producer_id: int, start: datetime, end: datetime) -> int:
    mine = select(Product.id).where(Product.producer_id == producer_id)
    return (
        db.session.scalar(
            select(func.count()).where(QrScan.product_id.in_(mine), QrScan.scanned_at >= start, QrScan.scanned_at < end)
        )
        or 0
    )


@dataclass(frozen=True)
class MonthSales:
    revenue_vnd: int
    units: int


def month_sales(producer_id: int, year: int, month: int) -> MonthSales:
    """Sales by the programme office's definition (storefront.sales): money in, refunds out."""
    statement = producer_statement(producer_id, year, month)
    units = sum(line.quantity for line in statement.lines if not line.is_refunded)
    return MonthSales(revenue_vnd=statement.owed_vnd, units=units)


@dataclass(frozen=True)
class Overview:
    waiting: list[Waiting]
    low_stock: list[Product]
    certificates: list[CertificateState]
    scans_this_month: int
    scans_last_month: int
    sales_this_month: MonthSales
    sales_last_month: MonthSales
    today: date


def overview(producer_id: int, products: list[Product], now: datetime) -> Overview:
    today = vn_today(now)
    this_month, last_month = month_bounds(today), month_bounds(today, 1)
    return Overview(
        waiting=waiting_orders(producer_id, now),
        low_stock=low_stock(producer_id),
        certificates=certificates(products, today),
        scans_this_month=scans(producer_id, *this_month),
        scans_last_month=scans(producer_id, *last_month),
        sales_this_month=month_sales(producer_id, today.year, today.month),
        sales_last_month=month_sales(producer_id, *_previous_month(today)),
        today=today,
    )
