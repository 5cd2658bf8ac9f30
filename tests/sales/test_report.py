"""The sale definition and its groupings against sums worked out by hand from the known orders."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from storefront.extensions import db
from storefront.orders.models import LineStatus as L
from storefront.orders.models import OrderStatus as S
from storefront.orders.models import PaymentMethod as M
from storefront.sales.definition import month_days, sale_lines, vn_bounds
from storefront.sales.report import Dimension, grouped_query, sales_report
from storefront.sales.statement import owed_by_producer, producer_statement
from tests.factories import make_order_in_state
from tests.sales.book import KEYS, build_book, utc

WHOLE = (date(2025, 12, 1), date(2026, 3, 31))


@pytest.fixture()
def book(db: Any):
    return build_book()


@pytest.mark.parametrize("by", list(Dimension))
def test_every_grouping_matches_the_hand_sums(book, by: Dimension) -> None:
    report = sales_report(by, *WHOLE)
    got = {row.key: (row.orders, row.units, row.revenue_vnd) for row in report.rows}
    assert got == book.sums(KEYS[by.value], *WHOLE)
    assert all(row.label for row in report.rows)


def test_totals_count_each_order_once(book) -> None:
    report = sales_report(Dimension.PRODUCER, *WHOLE)
    sales = book.sales(*WHOLE)
    assert report.totals.orders == len({e.line.order_id for e in sales})
    assert report.totals.units == sum(e.line.quantity for e in sales)
    assert report.totals.revenue_vnd == sum(e.line.line_total_vnd for e in sales)
    # A two-producer order is one order in the totals but appears in each producer's row.
    assert sum(row.orders for row in report.rows) > report.totals.orders


def test_month_and_year_boundaries_in_vietnam_time(book) -> None:
    december = sales_report("month", date(2025, 12, 1), date(2025, 12, 31))
    assert [(r.key, r.revenue_vnd) for r in december.rows] == [("2025-12", 900_000)]  # 23:30 on the 31st
    assert december.rows[0].label == "12/2025"
    january_first = sales_report("day", date(2026, 1, 1), date(2026, 1, 1))
    assert january_first.totals.revenue_vnd == 3 * 120_000 + 75_000  # 00:10 on 1 January
    february = sales_report("month", date(2026, 2, 1), date(2026, 2, 28))
    assert february.totals.revenue_vnd == 300_000 + 75_000  # COD delivered 00:30 on 1 Feb; card at 23:59:59
    march = sales_report("month", date(2026, 3, 1), date(2026, 3, 31))
    assert march.totals.revenue_vnd == 120_000  # paid at midnight exactly


def test_what_never_counts(book) -> None:
    report = sales_report("month", *WHOLE)
    never = [e for e in book.expected if not e.is_sale]
    assert len(never) >= 10  # unpaid, expired, cancelled, refunded, partly refunded, COD not delivered
    counted = sum(e.line.line_total_vnd for e in book.expected) - sum(e.line.line_total_vnd for e in never)
    assert report.totals.revenue_vnd == counted


def test_localities_are_grouped_by_province(book) -> None:
    rows = sales_report("locality", *WHOLE).rows
    provinces = [row.parent for row in rows]
    assert set(provinces) == {"Quảng Ninh", "Hà Nội"}
    # Each province's communes sit together, the province selling most first.
    assert provinces == sorted(provinces, key=provinces.index)
    assert provinces[0] == "Quảng Ninh"


def test_an_empty_period_is_zero_not_an_error(book) -> None:
    report = sales_report("group", date(2020, 1, 1), date(2020, 1, 31))
    assert report.rows == []
    assert (report.totals.orders, report.totals.units, report.totals.revenue_vnd) == (0, 0, 0)


def test_statement_is_sold_less_refunds_and_agrees_with_the_report(book) -> None:
    firm = book.products["cake"].producer
    statement = producer_statement(firm.id, 2026, 1)
    january = [e for e in book.expected if e.money_in_on and e.money_in_on.strftime("%Y-%m") == "2026-01"]
    mine = [e for e in january if e.product.producer_id == firm.id]
    assert statement.sold_vnd == sum(e.line.line_total_vnd for e in mine)
    assert statement.refunded_vnd == sum(e.line.line_total_vnd for e in mine if e.refunded)
    assert statement.refunded_vnd > 0
    assert [line.sold_on for line in statement.lines] == sorted(e.money_in_on for e in mine)
    report = sales_report("producer", date(2026, 1, 1), date(2026, 1, 31))
    by_producer = {row.key: row.revenue_vnd for row in report.rows}
    assert statement.owed_vnd == by_producer[firm.slug]
    owed = owed_by_producer(2026, 1)
    assert owed[firm.id].owed_vnd == statement.owed_vnd
    assert owed[firm.id].refunded_vnd == statement.refunded_vnd
    assert sum(o.owed_vnd for o in owed.values()) == report.totals.revenue_vnd


def test_report_query_count_is_fixed(book, count_queries) -> None:
    for by in Dimension:
        with count_queries() as queries:
            sales_report(by, *WHOLE)
        assert len(queries) <= 3, by


@pytest.mark.parametrize(
    "by, period",
    [
        ("day", (date(2026, 1, 1), date(2026, 1, 31))),
        ("month", WHOLE),
        ("month", (date(2026, 1, 5), date(2026, 2, 10))),
    ],
)
def test_months_and_days_read_as_ranges_match_the_grouping(book, by: str, period) -> None:
    """Up to 62 months or days, each is read as its own range: the same rows as grouping every line."""
    report = sales_report(by, *period)
    got = {row.key: (row.orders, row.units, row.revenue_vnd) for row in report.rows}
    assert got == book.sums(KEYS[by], *period)
    grouped = db.session.execute(grouped_query(Dimension(by), sale_lines(*vn_bounds(*period)))).all()
    assert got == {row.key: (row.orders, row.units, row.revenue_vnd) for row in grouped}


def test_an_order_paid_in_two_months_is_one_order_in_the_totals(book) -> None:
    """Cash on delivery from two producers, one parcel delivered on 31 January, the other on 1 February."""
    p = book.products
    make_order_in_state(
        [
            (p["squid"], 1, {"status": L.DELIVERED, "delivered_at": utc(2026, 1, 31, 3)}),
            (p["tea"], 1, {"status": L.DELIVERED, "delivered_at": utc(2026, 1, 31, 18)}),
        ],
        method=M.COD,
        status=S.DELIVERED,
        paid_at=utc(2026, 1, 31, 18),
    )
    before = sales_report("month", date(2026, 1, 1), date(2026, 2, 28))
    rows = {row.key: row.orders for row in before.rows}
    single = {m: sales_report("month", *month_days(2026, m)).totals.orders for m in (1, 2)}
    assert rows == {"2026-01": single[1], "2026-02": single[2]}
    assert before.totals.orders == single[1] + single[2] - 1


def test_a_product_that_moves_commune_keeps_its_sales_where_it_was_sold(book) -> None:
    """The line keeps the commune of checkout (as it keeps the stars): moving the product later, or
    deleting it, changes neither the report by locality nor the line feed."""
    from storefront.sales.feed import anonymised_lines

    before = {row.key: row.revenue_vnd for row in sales_report("locality", *WHOLE).rows}
    feed_before = [line.locality_slug for line in anonymised_lines(*WHOLE, per_page=1000).items]
    squid = book.products["squid"]
    hoan_kiem = next(p for p in book.products.values() if p.locality.slug == "phuong-hoan-kiem").locality
    assert squid.locality_id != hoan_kiem.id
    squid.locality_id = hoan_kiem.id
    db.session.flush()
    assert {row.key: row.revenue_vnd for row in sales_report("locality", *WHOLE).rows} == before
    assert [line.locality_slug for line in anonymised_lines(*WHOLE, per_page=1000).items] == feed_before
    assert "" not in feed_before

    # A product sold from today on counts in its new commune.
    make_order_in_state([(squid, 2)], method=M.CARD, status=S.PAID, paid_at=utc(2026, 3, 10, 3))
    after = {row.key: row.revenue_vnd for row in sales_report("locality", *WHOLE).rows}
    assert after["phuong-hoan-kiem"] == before["phuong-hoan-kiem"] + 2 * squid.price_vnd
    assert {k: v for k, v in after.items() if k != "phuong-hoan-kiem"} == {
        k: v for k, v in before.items() if k != "phuong-hoan-kiem"
    }
