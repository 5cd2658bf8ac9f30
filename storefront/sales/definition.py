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

Periods are Vietnamese dates, `date_from` to `date_to` inclusive (`vn_bounds` turns them into the UTC
half-open range the database compares).

`sale_lines()` returns a subquery with one row per sale line, columns:
`line_id`, `order_id`, `product_id`, `producer_id`, `stars` (the product's stars on the day it was
bought), `quantity`, `revenue_vnd`, `sold_at` (aware UTC), `is_refunded`; join `order_lines` on
`line_id` for the rest of the line's snapshot (names, slug, unit price). Those few columns are what the
covering indexes `ix_orders_sales`, `ix_order_lines_order_sales` and `ix_order_lines_cod_sales` hold, so
a report reads indexes only.
Group it with `vn_month(sales.c.sold_at)` / `vn_day(...)` for Vietnam's calendar in SQL on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, not_, or_, select, union_all
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


def _columns(sold_at: Any, is_refunded: Any) -> list[Any]:
    line = OrderLine
    return [
        line.id.label("line_id"),
        line.order_id.label("order_id"),
        line.product_id.label("product_id"),
        line.producer_id.label("producer_id"),
        line.stars.label("stars"),
        line.quantity.label("quantity"),
        line.line_total_vnd.label("revenue_vnd"),
        sold_at.label("sold_at"),
        is_refunded.label("is_refunded"),
    ]


def sale_lines(
    start: datetime,
    end: datetime,
    *,
    include_refunded: bool = False,
    producer_id: int | None = None,
) -> Subquery:
    """The sale lines whose money came in during [start, end) (aware UTC; see `vn_bounds`).

    Two branches joined by UNION ALL, so each range is one indexed scan (`orders.paid_at`,
    `order_lines.delivered_at`) instead of a scan of every line; neither reads a table row.
    """
    prepaid_undone = or_(Order.status.in_(UNDONE), OrderLine.status == LineStatus.CANCELLED)
    prepaid = (
        select(*_columns(Order.paid_at, prepaid_undone))
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.payment_method.in_(PREPAID), Order.paid_at >= start, Order.paid_at < end)
    )
    # A COD line stays `delivered` when its order is refunded after delivery.
    cod_undone = Order.status.in_(UNDONE)
    cod = (
        select(*_columns(OrderLine.delivered_at, cod_undone))
        .join(Order, Order.id == OrderLine.order_id)
        .where(
            Order.payment_method == PaymentMethod.COD,
            OrderLine.status == LineStatus.DELIVERED,
            OrderLine.delivered_at >= start,
            OrderLine.delivered_at < end,
        )
    )
    if not include_refunded:
        prepaid = prepaid.where(not_(prepaid_undone))
        cod = cod.where(not_(cod_undone))
    if producer_id is not None:
        prepaid = prepaid.where(OrderLine.producer_id == producer_id)
        cod = cod.where(OrderLine.producer_id == producer_id)
    return union_all(prepaid, cod).subquery("sales")


def month_days(year: int, month: int) -> tuple[date, date]:
    """The first and last Vietnamese day of a month."""
    first = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first, following - timedelta(days=1)
