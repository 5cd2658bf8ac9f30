"""The page a tourist lands on after scanning a pack: light, in the phone's language, proving the product."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from storefront.qr.queries import CertificateState, certificate_state
from tests.factories import make_batch, make_certificate, make_producer, make_product
from tests.qr.support import phone

STATIC = Path(__file__).resolve().parents[2] / "static"
BUDGET = 60 * 1024


@pytest.fixture()
def squid(db):
    producer = make_producer(name="HTX Hải sản Cô Tô", story_en="Fishing families of Cô Tô since 1990.")
    product = make_product(
        producer=producer, qr_code="MUCKHO23", name_vi="Mực khô Cô Tô", name_en="Cô Tô dried squid", price_vnd=850_000
    )
    make_certificate(product, stars=4, number="OCOP-QN-2024-017", issuer_name="UBND tỉnh Quảng Ninh")
    for n in range(3):
        make_product(producer=make_producer(locality=producer.locality), name_en=f"Neighbour {n}", stars=3)
    return product


def test_the_page_shows_product_certificate_producer_place_and_a_cart_button(client, squid) -> None:
    response = client.get("/q/MUCKHO23", headers=phone("en"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Cô Tô dried squid" in html
    assert "OCOP-QN-2024-017" in html and "UBND tỉnh Quảng Ninh" in html and "4 / 5" in html
    assert "Genuine OCOP product: certified 4 stars." in html
    assert "Valid until" in html
    assert "HTX Hải sản Cô Tô" in html and "Fishing families of Cô Tô since 1990." in html
    assert squid.locality.name in html
    assert re.search(r'<button type="submit" class="button primary">Add to cart</button>', html)
    assert 'name="product" value="' + squid.slug + '"' in html
    assert "Neighbour 0" in html and "More from" in html
    assert "<script" not in html.split("</head>")[1]  # the body needs no JavaScript
    assert response.headers["Cache-Control"] == "private, no-store"


def test_in_vietnamese_by_the_phones_language(client, squid) -> None:
    html = client.get("/q/MUCKHO23", headers=phone("vi-VN,vi;q=0.9,en;q=0.5")).get_data(as_text=True)
    assert '<html lang="vi">' in html and "Mực khô Cô Tô" in html
    assert "Add to cart" not in html and "Genuine OCOP product" not in html


def test_an_expired_certificate_is_a_clear_warning(client, db) -> None:
    product = make_product(qr_code="OLDC2345")
    make_certificate(product, stars=5, decided_on=date.today() - timedelta(days=4 * 365))
    html = client.get("/q/OLDC2345", headers=phone("en")).get_data(as_text=True)
    assert "Warning: this certificate expired on" in html and 'role="alert"' in html
    assert "Genuine OCOP product" not in html


def test_a_revoked_certificate_is_a_warning() -> None:
    today = date(2026, 12, 1)
    valid = SimpleNamespace(expires_on=date(2027, 1, 1), revoked_at=None)
    revoked = SimpleNamespace(expires_on=date(2027, 1, 1), revoked_at=object())
    expired = SimpleNamespace(expires_on=today, revoked_at=None)
    assert certificate_state(valid, today) is CertificateState.VALID  # type: ignore[arg-type]  # a stand-in
    assert certificate_state(revoked, today) is CertificateState.REVOKED  # type: ignore[arg-type]  # a stand-in
    assert certificate_state(expired, today) is CertificateState.EXPIRED  # type: ignore[arg-type]  # a stand-in
    assert certificate_state(None, today) is CertificateState.NONE


def test_the_batch_when_the_code_carries_one(client, squid) -> None:
    make_batch(squid, lot="L2411", produced_on=date(2026, 11, 2), best_before_on=date(2027, 11, 2), quantity=300)
    html = client.get("/q/MUCKHO23/L2411", headers=phone("en")).get_data(as_text=True)
    assert "Batch L2411" in html and "2 Nov 2026" in html and "2 Nov 2027" in html and "300" in html
    unknown = client.get("/q/MUCKHO23/L9999", headers=phone("en"))
    assert unknown.status_code == 200 and "The producer has not recorded this lot." in unknown.get_data(as_text=True)


def test_html_and_css_of_the_first_view_weigh_under_60_kb(client, squid) -> None:
    response = client.get("/q/MUCKHO23", headers=phone("vi"))
    html = response.get_data(as_text=True)
    stylesheets = re.findall(r'<link rel="stylesheet" href="/static/([^"?]+)', html)
    assert "css/scan.css" in stylesheets
    weight = len(response.data) + sum((STATIC / path).stat().st_size for path in stylesheets)
    assert weight < BUDGET, f"{weight} bytes"


def test_the_query_count_does_not_grow_with_the_neighbours(client, squid, count_queries) -> None:
    client.get("/q/MUCKHO23", headers=phone("en"))  # the day's salt exists from here on
    with count_queries() as few:
        client.get("/q/MUCKHO23", headers=phone("en", agent="Mozilla/5.0 (iPhone) Mobile/1"))
    for n in range(4):
        make_product(locality=squid.locality, name_en=f"More {n}", stars=3)
    with count_queries() as many:
        client.get("/q/MUCKHO23", headers=phone("en", agent="Mozilla/5.0 (iPhone) Mobile/2"))
    assert len(many) == len(few) <= 10
