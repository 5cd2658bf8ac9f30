"""The dashboard and its exports: the sale definition's numbers, hostile names kept inert, fixed cost."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from openpyxl import load_workbook

from storefront.auth.services import create_api_token
from storefront.orders.models import OrderStatus, PaymentMethod
from storefront.sales.report import sales_report
from storefront.sales.statement import owed_by_producer, producer_statement
from tests.factories import make_order_in_state, make_producer, make_product
from tests.sales.book import build_book

PERIOD = {"from": "2025-12-01", "to": "2026-03-31", "lang": "en"}
WHOLE = (date(2025, 12, 1), date(2026, 3, 31))
HOSTILE = [
    '=HYPERLINK("https://evil.example","click")',
    "+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTab first",
    "\rReturn first",
    'Mực "khô", Cô Tô',
    "Đặc sản Bình Liêu",
]


def _csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response.data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


@pytest.fixture()
def officer(login_as):
    return login_as("officer")


def test_dashboard_shows_the_figures_and_every_table(client, officer) -> None:
    build_book()
    page = client.get("/program/", query_string=PERIOD).get_data(as_text=True)
    totals = sales_report("month", *WHOLE).totals
    assert "₫3,555,000" in page and totals.revenue_vnd == 3_555_000
    for title in ("Revenue by month", "Sales by locality", "Sales by producer", "Sales by producer kind"):
        assert title in page
    for title in ("Sales by product", "Sales by stars", "Sales by product group", "Catalogue by stars"):
        assert title in page
    assert "QR scans by day" in page and "QR scans against sales, per product" in page
    assert page.count("<svg") >= 8
    assert "Previous period" in page and "Same period last year" in page
    assert "Quảng Ninh" in page and "Hà Nội" in page  # communes grouped under their provinces


def test_an_unreadable_period_says_so(client, officer) -> None:
    page = client.get("/program/", query_string={"from": "2026-02-30", "to": "x", "lang": "en"})
    assert page.status_code == 200
    assert "That period could not be read" in page.get_data(as_text=True)


def test_the_dashboard_costs_the_same_whatever_the_rows(client, officer, count_queries) -> None:
    build_book()
    with count_queries() as few:
        client.get("/program/", query_string=PERIOD)
    for n in range(15):
        product = make_product(producer=make_producer(), price_vnd=10_000 + n)
        when = datetime(2026, 1, 1 + n, 3, tzinfo=UTC)
        make_order_in_state([(product, 1)], method=PaymentMethod.CARD, status=OrderStatus.PAID, paid_at=when)
    with count_queries() as many:
        client.get("/program/", query_string=PERIOD)
    assert len(many) == len(few)


def test_csv_is_the_report_with_a_bom_and_totals(client, officer) -> None:
    build_book()
    rows = _csv(client.get("/program/export/sales-producer.csv", query_string=PERIOD))
    assert rows[0] == ["Producer", "Orders", "Units", "Revenue"]
    report = sales_report("producer", *WHOLE)
    assert rows[1:-1] == [[r.label, str(r.orders), str(r.units), str(r.revenue_vnd)] for r in report.rows]
    assert rows[-1] == ["Total", str(report.totals.orders), str(report.totals.units), str(report.totals.revenue_vnd)]


def test_hostile_names_round_trip_inert_through_csv_and_xlsx(client, officer) -> None:
    for n, name in enumerate(HOSTILE):
        product = make_product(producer=make_producer(name=name), name_vi=name, name_en=name, price_vnd=1000 * (n + 1))
        when = datetime(2026, 1, 10, n, tzinfo=UTC)
        make_order_in_state([(product, 1)], method=PaymentMethod.CARD, status=OrderStatus.PAID, paid_at=when)
    rows = _csv(client.get("/program/export/sales-producer.csv", query_string=PERIOD))
    names = {row[0] for row in rows[1:-1]}
    dangerous = [n for n in HOSTILE if n[0] in "=+-@\t\r"]
    assert names == {"'" + n for n in dangerous} | (set(HOSTILE) - set(dangerous))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)

    response = client.get("/program/export/sales-product.xlsx", query_string=PERIOD)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # Kept as text (XML turns a carriage return into a line feed; still text, never a formula).
    assert {c.value for c in cells[:-1]} == {n.replace("\r", "\n") for n in HOSTILE}
    assert all(c.data_type == "s" for c in cells)
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == ["Product", "Orders", "Units", "Revenue"]


@pytest.mark.parametrize("path", ["/program/export/nothing.csv", "/program/export/sales-month.pdf"])
def test_unknown_exports_are_404(client, officer, path: str) -> None:
    assert client.get(path).status_code == 404


def test_dashboard_csv_xlsx_api_statement_and_payouts_agree(client, officer) -> None:
    book = build_book()
    january = {"from": "2026-01-01", "to": "2026-01-31", "lang": "en"}
    csv_rows = _csv(client.get("/program/export/sales-producer.csv", query_string=january))
    from_csv = {row[0]: int(row[3]) for row in csv_rows[1:-1]}
    sheet = load_workbook(
        io.BytesIO(client.get("/program/export/sales-producer.xlsx", query_string=january).data)
    ).active
    from_xlsx = {row[0].value: row[3].value for row in list(sheet.iter_rows(min_row=2))[:-1]}
    token = create_api_token(officer, "agreement", datetime(2026, 2, 1, tzinfo=UTC))
    api = client.get(
        "/api/v1/program/sales",
        query_string={**january, "by": "producer"},
        headers={"Authorization": f"Bearer {token}"},
    ).json
    from_api = {row["label"]: row["revenue_vnd"] for row in api["rows"]}
    owed = owed_by_producer(2026, 1)
    producers = {p.producer.name: p.producer for p in book.products.values()}
    from_statements = {
        name: producer_statement(p.id, 2026, 1).owed_vnd for name, p in producers.items() if p.id in owed
    }
    from_payouts = {name: owed[p.id].owed_vnd for name, p in producers.items() if p.id in owed}
    page = client.get("/program/", query_string=january).get_data(as_text=True)
    assert from_csv == from_xlsx == from_api == from_statements == from_payouts
    assert sum(from_csv.values()) == api["totals"]["revenue_vnd"]
    for name, revenue in from_csv.items():
        assert name in page and f"₫{revenue:,}" in page
