"""Payouts: a month's statement per producer, marked sent once with a reference, and the bank's CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from storefront.extensions import db as _db
from storefront.orders.lifecycle import mark_refunded
from storefront.sales.models import Payout
from storefront.sales.payouts import payouts_for_producer
from storefront.sales.statement import owed_by_producer, producer_statement
from tests.sales.book import build_book


@pytest.fixture()
def officer(login_as):
    return login_as("officer")


def test_the_month_lists_what_each_producer_is_owed(client, officer) -> None:
    book = build_book()
    page = client.get("/program/payouts?month=2026-01&lang=en").get_data(as_text=True)
    for producer_id, owed in owed_by_producer(2026, 1).items():
        producer = next(p.producer for p in book.products.values() if p.producer_id == producer_id)
        assert producer.name in page and f"₫{owed.owed_vnd:,}" in page
    firm = book.products["cake"].producer
    statement = client.get(f"/program/payouts/{firm.slug}/2026-01?lang=en").get_data(as_text=True)
    expected = producer_statement(firm.id, 2026, 1)
    assert f"₫{expected.owed_vnd:,}" in statement and f"₫{expected.refunded_vnd:,}" in statement
    assert "Refunded" in statement


def test_mark_sent_once_with_the_statements_amount(client, officer) -> None:
    book = build_book()
    _db.session.commit()
    firm = book.products["cake"].producer
    owed = owed_by_producer(2026, 1)[firm.id].owed_vnd
    client.post(f"/program/payouts/{firm.slug}/2026-01/sent", data={"reference": "VCB 123456"})
    payout = _db.session.query(Payout).one()
    assert (payout.amount_vnd, payout.reference, payout.year, payout.month) == (owed, "VCB 123456", 2026, 1)
    assert payouts_for_producer(firm.id) == [payout]
    client.post(f"/program/payouts/{firm.slug}/2026-01/sent", data={"reference": "again"})
    assert _db.session.query(Payout).count() == 1
    # Nothing owed (a month without sales): refused.
    client.post(f"/program/payouts/{firm.slug}/2025-06/sent", data={"reference": "VCB 1"})
    assert _db.session.query(Payout).count() == 1
    # A refund after the payout shows as a difference.
    paid_line = next(
        e for e in book.expected if e.product.producer_id == firm.id and e.is_sale and e.money_in_on.month == 1
    )
    mark_refunded(paid_line.line.order, actor="test", now=datetime(2026, 2, 10, tzinfo=UTC))
    _db.session.commit()
    page = client.get("/program/payouts?month=2026-01&lang=en").get_data(as_text=True)
    assert "Difference since" in page and "VCB 123456" in page


def test_the_bank_csv(client, officer) -> None:
    build_book()
    response = client.get("/program/payouts.csv?month=2026-01&lang=en")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Producer", "Phone", "Email", "Amount (VND)"]
    owed = owed_by_producer(2026, 1)
    assert sorted(int(r[3]) for r in rows[1:]) == sorted(o.owed_vnd for o in owed.values() if o.owed_vnd > 0)
    assert all(r[4].startswith("OCOP 01/2026 ") for r in rows[1:])


def test_unknown_producer_or_month_is_404(client, officer) -> None:
    assert client.get("/program/payouts/nope/2026-01").status_code == 404
    assert client.post("/program/payouts/nope/2026-01/sent", data={"reference": "x"}).status_code == 404
    assert client.get("/program/payouts?month=garbage").status_code == 200
