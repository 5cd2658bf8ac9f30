"""Pack codes resolve to the product page and are counted; images are served."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storefront.catalog.models import ProductStatus
from storefront.qr.models import QrScan
from tests.factories import make_product


def _scans(db) -> int:
    return db.session.scalar(select(func.count()).select_from(QrScan))


def test_a_scan_leads_to_the_product_page_and_is_counted(client, db) -> None:
    product = make_product(slug="cha-muc", qr_code="CHAMUC01")
    response = client.get("/q/CHAMUC01", headers={"Accept-Language": "en-GB,en"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/products/cha-muc")
    assert response.headers["Cache-Control"] == "no-store"
    scan = db.session.scalar(select(QrScan).where(QrScan.product_id == product.id))
    assert scan.source == "qr" and scan.language == "en"


def test_gs1_digital_link_resolves_short_and_long_gtins(client, db) -> None:
    make_product(slug="trung-tan-an", gtin="8930000000019")
    for path in ("/01/08930000000019", "/01/8930000000019", "/01/08930000000019/10/LOT42"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/products/trung-tan-an")
    assert _scans(db) == 3


@pytest.mark.parametrize("path", ["/q/NOPE", "/q/" + "x" * 5000, "/01/12345", "/01/08930000000018", "/01/abc"])
def test_unknown_codes_are_404_and_not_counted(client, db, path: str) -> None:
    assert client.get(path).status_code == 404
    assert _scans(db) == 0


def test_a_draft_product_code_is_404(client, db) -> None:
    make_product(qr_code="DRAFT001", status=ProductStatus.DRAFT)
    assert client.get("/q/DRAFT001").status_code == 404


def test_product_qr_images(client, db) -> None:
    make_product(slug="hoa-hoanh-bo")
    png = client.get("/products/hoa-hoanh-bo/qr.png")
    assert png.status_code == 200 and png.mimetype == "image/png" and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    svg = client.get("/products/hoa-hoanh-bo/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert client.get("/products/khong-co/qr.png").status_code == 404
    assert client.get("/products/hoa-hoanh-bo/qr.gif").status_code == 404
