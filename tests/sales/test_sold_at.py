"""The moment a line became a sale, kept on the line by the order's lifecycle: reports read only that.

The rule itself (`sale_moment`) is a table here; then real orders walk through the lifecycle (paid,
shipped, delivered, cancelled, refunded, one line of two refunded) and the report follows each step.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from storefront.orders import lifecycle
from storefront.orders.models import LineStatus as L
from storefront.orders.models import OrderStatus as S
from storefront.orders.models import PaymentMethod as M
from storefront.sales.definition import record_sale_moments, sale_moment
from storefront.sales.report import sales_totals
from storefront.sales.statement import producer_statement
from tests.factories import NOW, make_order, make_producer, make_product

PAID = datetime(2026, 3, 1, 2, tzinfo=UTC)
DELIVERED = datetime(2026, 3, 5, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    "method, order_status, paid_at, line_status, delivered_at, expected",
    [
        (M.CARD, S.AWAITING_PAYMENT, None, L.PENDING, None, (None, False)),
        (M.CARD, S.PAID, PAID, L.PENDING, None, (PAID, False)),
        (M.BANK_TRANSFER, S.DELIVERED, PAID, L.DELIVERED, DELIVERED, (PAID, False)),  # counted when paid
        (M.CARD, S.REFUNDED, PAID, L.DELIVERED, DELIVERED, (PAID, True)),
        (M.BANK_TRANSFER, S.CANCELLED, PAID, L.CANCELLED, None, (PAID, True)),
        (M.CARD, S.DELIVERED, PAID, L.CANCELLED, None, (PAID, True)),  # one line of a paid order refunded
        (M.BANK_TRANSFER, S.EXPIRED, None, L.CANCELLED, None, (None, False)),
        (M.COD, S.CONFIRMED, None, L.PENDING, None, (None, False)),
        (M.COD, S.SHIPPED, None, L.SHIPPED, None, (None, False)),
        (M.COD, S.PARTLY_SHIPPED, None, L.DELIVERED, DELIVERED, (DELIVERED, False)),  # paid at the door
        (M.COD, S.DELIVERED, DELIVERED, L.DELIVERED, DELIVERED, (DELIVERED, False)),
        (M.COD, S.REFUNDED, DELIVERED, L.DELIVERED, DELIVERED, (DELIVERED, True)),
        (M.COD, S.CANCELLED, None, L.CANCELLED, None, (None, False)),
    ],
)
def test_the_rule(method, order_status, paid_at, line_status, delivered_at, expected) -> None:
    assert sale_moment(method, order_status, paid_at, line_status, delivered_at) == expected


def _march() -> tuple[int, int, int]:
    totals = sales_totals(date(2026, 3, 1), date(2026, 3, 31))
    return totals.orders, totals.units, totals.revenue_vnd


def test_a_card_order_counts_when_paid_and_leaves_when_refunded(db) -> None:
    product = make_product(price_vnd=100_000)
    order = make_order({product.id: 2}, M.CARD)
    assert order.lines[0].sold_at is None and _march() == (0, 0, 0)
    lifecycle.mark_paid(order, actor="webhook:stripe", now=NOW)
    db.session.flush()
    assert order.lines[0].sold_at == NOW and _march() == (1, 2, 200_000)
    later = NOW + timedelta(days=1)
    lifecycle.mark_shipped(order, product.producer_id, actor="user:1", now=later)
    lifecycle.mark_delivered(order, product.producer_id, actor="user:1", now=later)
    assert order.lines[0].sold_at == NOW  # a card sale keeps the moment its money came in
    lifecycle.mark_refunded(order, actor="webhook:stripe", now=later + timedelta(days=3))
    db.session.flush()
    assert order.lines[0].refunded_at == later + timedelta(days=3) and _march() == (0, 0, 0)
    # The producer's statement still shows the line, sold and refunded, in the month it was paid.
    statement = producer_statement(product.producer_id, 2026, 3)
    assert (statement.sold_vnd, statement.refunded_vnd, statement.owed_vnd) == (200_000, 200_000, 0)


def test_cash_on_delivery_counts_parcel_by_parcel_when_delivered(db) -> None:
    a, b = make_producer(), make_producer()
    pa, pb = make_product(producer=a, price_vnd=50_000), make_product(producer=b, price_vnd=70_000)
    order = make_order({pa.id: 1, pb.id: 1})
    lifecycle.confirm_order(order, actor="user:1", now=NOW)
    lifecycle.mark_shipped(order, a.id, actor="user:1", now=NOW)
    lifecycle.mark_shipped(order, b.id, actor="user:1", now=NOW)
    db.session.flush()
    assert _march() == (0, 0, 0)  # shipped is not paid
    first = NOW + timedelta(days=2)
    lifecycle.mark_delivered(order, a.id, actor="user:1", now=first)
    db.session.flush()
    assert _march() == (1, 1, 50_000)
    lifecycle.mark_delivered(order, b.id, actor="user:1", now=first + timedelta(days=1))
    db.session.flush()
    assert _march() == (1, 2, 120_000)
    assert [line.sold_at for line in order.lines] == [first, first + timedelta(days=1)]


def test_cancelled_after_payment_is_sold_then_owed_back(db) -> None:
    product = make_product(price_vnd=80_000)
    order = make_order({product.id: 1}, M.BANK_TRANSFER)
    lifecycle.mark_paid(order, actor="user:1", now=NOW)
    lifecycle.cancel_order(order, actor="user:1", now=NOW + timedelta(hours=2))
    db.session.flush()
    assert _march() == (0, 0, 0)
    line = order.lines[0]
    assert (line.sold_at, line.refunded_at) == (NOW, NOW + timedelta(hours=2))


def test_a_partly_refunded_order_keeps_the_lines_that_stayed(db) -> None:
    """One line of two went back (cancelled after payment): only that line leaves the sales."""
    product, other = make_product(price_vnd=100_000), make_product(price_vnd=30_000)
    order = make_order({product.id: 1, other.id: 4}, M.CARD)
    lifecycle.mark_paid(order, actor="webhook:stripe", now=NOW)
    kept, gone = sorted(order.lines, key=lambda line: line.product_id != product.id)
    gone.status = L.CANCELLED
    record_sale_moments(order, NOW + timedelta(days=1))
    db.session.flush()
    assert _march() == (1, 1, 100_000)
    assert kept.refunded_at is None and gone.refunded_at == NOW + timedelta(days=1)
    # Recording again later keeps the first moment the money was seen gone back.
    record_sale_moments(order, NOW + timedelta(days=9))
    assert gone.refunded_at == NOW + timedelta(days=1)
