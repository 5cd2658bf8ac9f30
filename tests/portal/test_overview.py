"""The overview and the statement: sales by the programme's definition, what waits, low stock, certificates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from storefront.catalog.models import Product
from storefront.catalog.stars import expiry_for
from storefront.clock import vn_today
from storefront.db import utcnow
from storefront.orders.models import LineStatus, Order, OrderStatus, PaymentMethod
from storefront.portal.statement import chosen_month
from tests.factories import make_certificate, make_order_in_state, make_product


def _paid(product: Product, qty: int, when: datetime, status: OrderStatus = OrderStatus.PAID) -> Order:
    return make_order_in_state([(product, qty)], method=PaymentMethod.CARD, status=status, paid_at=when, placed_at=when)


def test_sales_this_month_against_last_month(client, producer_user) -> None:
    now = utcnow()
    product = make_product(producer=producer_user.producer, price_vnd=100_000)
    last_month = now.replace(day=1) - timedelta(days=3)
    _paid(product, 2, now)
    _paid(product, 1, last_month)
    _paid(make_product(price_vnd=999_000), 5, now)  # someone else's
    _paid(product, 4, now, OrderStatus.REFUNDED)
    page = client.get("/portal/").get_data(as_text=True)
    assert "₫200,000" in page and "2 units" in page
    assert "Last month: ₫100,000 · 1 units" in page


def test_waiting_orders_oldest_first_with_how_long(client, producer_user) -> None:
    product = make_product(producer=producer_user.producer)
    now = utcnow()
    newer = make_order_in_state([(product, 1)], status=OrderStatus.PLACED, placed_at=now - timedelta(hours=2))
    older = make_order_in_state([(product, 1)], status=OrderStatus.CONFIRMED, placed_at=now - timedelta(days=3))
    make_order_in_state([(product, 1, {"status": LineStatus.SHIPPED})], status=OrderStatus.SHIPPED, placed_at=now)
    page = client.get("/portal/").get_data(as_text=True)
    assert page.index(older.reference) < page.index(newer.reference)
    assert "waiting 3 days" in page and "waiting 2 hours" in page
    assert page.count("QNT") == 2


def test_low_stock_and_certificate_warnings(client, producer_user) -> None:
    today = vn_today()
    low = make_product(producer=producer_user.producer, name_vi="Sắp hết", stock=2)
    make_product(producer=producer_user.producer, name_vi="Còn nhiều", stock=50)
    ending = make_product(producer=producer_user.producer, name_vi="Sắp hết hạn")
    decided = today - timedelta(days=36 * 30)
    while (expiry_for(decided) - today).days > 60:
        decided += timedelta(days=1)
    make_certificate(ending, stars=4, decided_on=decided, today=today)
    fine = make_product(producer=producer_user.producer, name_vi="Còn hạn")
    make_certificate(fine, stars=3, decided_on=today - timedelta(days=10), today=today)
    page = client.get("/portal/").get_data(as_text=True)
    low_section = page[page.index('id="low-heading"') : page.index('id="scans-heading"')]
    assert low.name_vi in low_section and "Còn nhiều" not in low_section
    assert "Sắp hết hạn: 4 stars" in page
    assert f"ends in {(expiry_for(decided) - today).days} days" in page
    assert page.count("ends in") == 1


def test_the_statement_lists_the_month_line_by_line_with_csv(client, producer_user) -> None:
    product = make_product(producer=producer_user.producer, name_vi="Mực khô", price_vnd=300_000)
    when = datetime(2026, 1, 31, 18, 0, tzinfo=UTC)  # 1 February in Vietnam
    kept = _paid(product, 2, when)
    gone = _paid(product, 1, when, OrderStatus.REFUNDED)
    page = client.get("/portal/statement?month=2026-02").get_data(as_text=True)
    assert kept.reference in page and gone.reference in page
    assert "₫900,000" in page and "₫300,000" in page and "₫600,000" in page  # sold, refunded, owed
    assert "No sales in this month." in client.get("/portal/statement?month=2026-01").get_data(as_text=True)
    body = client.get("/portal/statement.csv?month=2026-02").data.decode("utf-8")
    assert f"2026-02-01,{kept.reference},Mực khô,2,300000,600000,\r\n" in body
    assert "owed_vnd,600000" in body


def test_a_malformed_month_is_this_month() -> None:
    today = date(2026, 5, 20)
    for raw in ("", "2026-13", "abcd-ef", "2099-01", "1999-01", None, "2026-5"):
        assert chosen_month(raw, today) == (2026, 5), raw
    assert chosen_month("2026-04", today) == (2026, 4)
