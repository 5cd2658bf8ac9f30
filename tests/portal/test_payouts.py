"""The producer's payouts page: month by month what the shop owes, sent (with the reference and day) or not."""

from __future__ import annotations

from datetime import UTC, datetime

from storefront.db import utcnow
from storefront.orders.lifecycle import mark_refunded
from storefront.orders.models import Order, OrderStatus, PaymentMethod
from storefront.sales.payouts import mark_payout_sent, producer_months
from storefront.sales.statement import owed_by_producer
from tests.factories import make_order_in_state, make_product, make_user


def _sold(product, qty: int, when: datetime, status: OrderStatus = OrderStatus.PAID) -> Order:
    return make_order_in_state([(product, qty)], method=PaymentMethod.CARD, status=status, paid_at=when, placed_at=when)


def _months(producer, officer) -> None:
    product = make_product(producer=producer, price_vnd=100_000)
    _sold(product, 3, datetime(2026, 1, 10, 3, tzinfo=UTC))  # January: sent
    _sold(product, 2, datetime(2026, 2, 10, 3, tzinfo=UTC))  # February: pending
    _sold(product, 1, datetime(2025, 11, 10, 3, tzinfo=UTC), OrderStatus.REFUNDED)  # November: all refunded
    _sold(product, 1, utcnow())  # this month: not over
    _sold(make_product(price_vnd=999_000), 5, datetime(2026, 2, 10, 3, tzinfo=UTC))  # someone else's
    mark_payout_sent(producer.id, 2026, 1, reference="VCB 0042", actor=officer, now=datetime(2026, 2, 3, 2, tzinfo=UTC))


def test_each_month_with_its_amount_and_whether_it_was_sent(client, producer_user, db) -> None:
    officer = make_user(role="officer")
    _months(producer_user.producer, officer)
    page = client.get("/portal/payouts?lang=en").get_data(as_text=True)
    rows = {row.split('"', 1)[0]: row for row in page.split('<tr data-month="')[1:]}
    january, february, november = rows["2026-01"], rows["2026-02"], rows["2025-11"]
    assert "₫300,000" in january and "VCB 0042" in january and "Sent 03/02/2026" in january
    assert "₫200,000" in february and "Pending: not sent yet" in february
    assert "Nothing owed" in november
    assert "This month is not over yet" in page
    assert "999,000" not in page and "₫4,995,000" not in page  # only the producer's own
    assert list(rows) == sorted(rows, reverse=True)  # newest first
    assert 'href="/portal/statement?month=2026-02"' in february
    # The same amounts as the programme office's payouts.
    months = {(m.year, m.month): m.owed_vnd for m in producer_months(producer_user.producer.id)}
    assert months[(2026, 2)] == owed_by_producer(2026, 2)[producer_user.producer.id].owed_vnd
    vi = client.get("/portal/payouts?lang=vi").get_data(as_text=True)
    assert "Các khoản thanh toán cho bạn" in vi and "Đang chờ: chưa chuyển" in vi and "mã VCB 0042" in vi


def test_a_refund_after_the_payout_shows_the_difference(client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer, price_vnd=100_000)
    kept, returned = (_sold(product, qty, datetime(2026, 1, 10, 3, tzinfo=UTC)) for qty in (2, 1))
    mark_payout_sent(
        producer_user.producer.id, 2026, 1, reference="VCB 1", actor=make_user(role="officer"), now=utcnow()
    )
    mark_refunded(returned, actor="test", now=utcnow())
    page = client.get("/portal/payouts?lang=en").get_data(as_text=True)
    assert "₫300,000" in page  # what was sent
    assert "Difference since: -₫100,000" in page
    assert kept.lines[0].refunded_at is None


def test_no_sales_no_payouts(client, producer_user, db) -> None:
    page = client.get("/portal/payouts?lang=en").get_data(as_text=True)
    assert "No sales yet, so no payouts." in page
    assert 'href="/portal/payouts" aria-current="page"' in page
