"""THE definition of a sale. Every report, export, feed, statement and payout reads sales through here.

A sale is an order line whose money is in, counted at the moment the money came in:

- card or bank transfer: the order was confirmed paid (`orders.paid_at`); the line counts at `paid_at`;
- cash on delivery: the line's parcel was delivered (the cash is collected at the door); it counts at the
  line's `delivered_at` (a COD order split between producers is delivered, and paid, parcel by parcel);
- cancelled and refunded lines do not count: a line that is `cancelled` (a part of a paid order refunded
  or never sent), every line of an order that is `refunded`, or `cancelled` after its money came in.
  Such lines are still returned with `is_refunded` true when `include_refunded=True`, for the statements
  that show "sold, less refunds"; their revenue then counts in the month its money came in.
- revenue is the goods: `line_total_vnd` (quantity × unit price, snapshotted on the line); shipping is
  never a sale;
- days and months are Vietnam's (Asia/Ho_Chi_Minh, UTC+7 with no daylight saving): 23:30 on 31 December
  in Hà Nội (16:30 UTC) counts in December.

The rule is written once, in `sale_moment()`, a pure function of the order's and the line's state. Its
answer is kept on the line (`order_lines.sold_at`, `order_lines.refunded_at`) by `record_sale_moments()`,
which the order's lifecycle calls in the same unit of work as every change of status; reports then read
one range of one covering index (`ix_order_lines_sales`) instead of joining orders to lines.

Refunds are whole lines: a partial refund of an order cancels some of its lines (those lines go back,
the others stay sales), and a card refund of an amount that is not the whole order changes no line and is
flagged for a person (storefront.payments.card). A line is never half a sale: when a line must be partly
refunded, the refunded part should become a line of its own (cancelled), so units and revenue still add up.

Periods are Vietnamese dates, `date_from` to `date_to` inclusive (`vn_bounds` turns them into the UTC
half-open range the database compares).

`sale_lines()` returns a subquery with one row per sale line, columns:
`line_id`, `order_id`, `product_id`, `producer_id`, `stars` (the product's stars on the day it was
bought), `quantity`, `revenue_vnd`, `sold_at` (aware UTC), `is_refunded`; join `order_lines` on
`line_id` for the rest of the line's snapshot (names, slug, unit price).
Group it with `vn_month(sales.c.sold_at)` / `vn_day(...)` for Vietnam's calendar in SQL on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.sql.selectable import Subquery

from storefront.clock import VN_TZ
from storefront.orders.models import LineStatus, Order, OrderLine, OrderStatus, PaymentMethod

#: Statuses of an order whose money went (or must go) back to the buyer: none of its lines is a sale.
UNDONE = (OrderStatus.REFUNDED, OrderStatus.CANCELLED)
PREPAID = (PaymentMethod.CARD, PaymentMethod.BANK_TRANSFER)


def vn_bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """The UTC instants [start, end) of the Vietnamese days `date_from` .. `date_to` inclusive."""
    start = datetime.combine(date_from, time(0), VN_TZ).astimezone(UTC)
    end = datetime.combine(date_to + timedelta(days=1), time(0), VN_TZ).astimezone(UTC)
    return start, end


def vn_date(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()


class vn_month(FunctionElement[str]):  # noqa: N801  (an SQL function's name)
    """`YYYY-MM` of a UTC timestamp column in Vietnam's calendar, in SQL."""

    type = String()
    inherit_cache = True
    name = "vn_month"


class vn_day(FunctionElement[str]):  # noqa: N801
    """`YYYY-MM-DD` of a UTC timestamp column in Vietnam's calendar, in SQL."""

    type = String()
    inherit_cache = True
    name = "vn_day"


# SQLite keeps UTC text; Vietnam has been UTC+7 without daylight saving since 1975, so adding seven hours
# is exact. PostgreSQL converts the timestamptz with the zone's own rules.
@compiles(vn_month, "sqlite")
def _vn_month_sqlite(element: vn_month, compiler: Any, **kw: Any) -> str:
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)}, '+7 hours')"


@compiles(vn_day, "sqlite")
def _vn_day_sqlite(element: vn_day, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '+7 hours')"


@compiles(vn_month, "postgresql")
def _vn_month_pg(element: vn_month, compiler: Any, **kw: Any) -> str:
    return f"to_char(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')"


@compiles(vn_day, "postgresql")
def _vn_day_pg(element: vn_day, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"to_char(({column}) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')"


def sale_moment(
    method: PaymentMethod,
    order_status: OrderStatus,
    paid_at: datetime | None,
    line_status: LineStatus,
    delivered_at: datetime | None,
) -> tuple[datetime | None, bool]:
    """When a line's money came in (None: it has not), and whether it has gone back since."""
    if method in PREPAID:
        if paid_at is None:
            return None, False
        return paid_at, order_status in UNDONE or line_status == LineStatus.CANCELLED
    # Cash on delivery: a COD line stays `delivered` when its order is refunded after delivery.
    if line_status != LineStatus.DELIVERED or delivered_at is None:
        return None, False
    return delivered_at, order_status in UNDONE


def record_sale_moments(order: Order, now: datetime) -> None:
    """Write `sale_moment()`'s answer on each of the order's lines; the caller's unit of work commits it.

    Called after every change of an order's or a line's status. `refunded_at` keeps the first moment the
    money was seen gone back.
    """
    for line in order.lines:
        sold_at, is_refunded = sale_moment(
            order.payment_method, order.status, order.paid_at, line.status, line.delivered_at
        )
        if line.sold_at != sold_at:
            line.sold_at = sold_at
        refunded_at = (line.refunded_at or now) if is_refunded else None
        if line.refunded_at != refunded_at:
            line.refunded_at = refunded_at


def sale_lines(
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    include_refunded: bool = False,
    producer_id: int | None = None,
) -> Subquery:
    """The sale lines whose money came in during [start, end) (aware UTC; see `vn_bounds`); without a
    `start` or an `end` the range is open on that side (every sale so far: units sold on a product card).

    One range of `ix_order_lines_sales`; no table row is read.
    """
    line = OrderLine
    query = select(
        line.id.label("line_id"),
        line.order_id.label("order_id"),
        line.product_id.label("product_id"),
        line.producer_id.label("producer_id"),
        line.locality_id.label("locality_id"),
        line.stars.label("stars"),
        line.quantity.label("quantity"),
        line.line_total_vnd.label("revenue_vnd"),
        line.sold_at.label("sold_at"),
        line.refunded_at.is_not(None).label("is_refunded"),
    ).where(line.sold_at.is_not(None))
    if start is not None:
        query = query.where(line.sold_at >= start)
    if end is not None:
        query = query.where(line.sold_at < end)
    if not include_refunded:
        query = query.where(line.refunded_at.is_(None))
    if producer_id is not None:
        query = query.where(line.producer_id == producer_id)
    return query.subquery("sales")


def month_days(year: int, month: int) -> tuple[date, date]:
    """The first and last Vietnamese day of a month."""
    first = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first, following - timedelta(days=1)
