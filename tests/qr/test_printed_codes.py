"""The QR images decode with a real decoder to the right address, and that address leads to the product."""

from __future__ import annotations

import pytest

from storefront.catalog.services import index_product
from tests.factories import make_product
from tests.qr.decode import decode_png, svg_to_png
from tests.qr.support import phone

BASE = "https://shop.example"  # the tests' PUBLIC_BASE_URL


def _follow(client, url: str):
    """Open a decoded URL as a phone would, following the resolver's redirect."""
    assert url.startswith(BASE + "/")
    response = client.get(url[len(BASE) :], headers=phone("en"))
    if response.status_code == 307:
        response = client.get(response.headers["Location"][len(BASE) :], headers=phone("en"))
    return response


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_a_product_code_decodes_to_its_scan_page(client, db, kind: str) -> None:
    make_product(slug="muc-kho", qr_code="MUCKHO23", name_en="Cô Tô dried squid")
    image = client.get(f"/products/muc-kho/qr.{kind}")
    assert image.status_code == 200
    png = image.data if kind == "png" else svg_to_png(image.data)
    assert decode_png(png) == [f"{BASE}/q/MUCKHO23"]
    page = _follow(client, f"{BASE}/q/MUCKHO23")
    assert page.status_code == 200 and "Cô Tô dried squid" in page.get_data(as_text=True)


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_a_gtin_product_carries_a_gs1_digital_link(client, db, kind: str) -> None:
    make_product(slug="trung-tan-an", qr_code="TRUNG234", gtin="8930000000019", name_en="Tân An eggs")
    image = client.get(f"/products/trung-tan-an/qr.{kind}")
    png = image.data if kind == "png" else svg_to_png(image.data)
    assert decode_png(png) == [f"{BASE}/01/08930000000019"]
    page = _follow(client, f"{BASE}/01/08930000000019")
    assert page.status_code == 200 and "Tân An eggs" in page.get_data(as_text=True)


def test_the_code_survives_a_rename(client, db) -> None:
    product = make_product(slug="cha-muc", qr_code="CHAMUC23", name_en="Squid cakes")
    before = decode_png(client.get("/products/cha-muc/qr.png").data)
    product.slug, product.name_vi, product.name_en = "cha-muc-ha-long", "Chả mực Hạ Long", "Hạ Long squid cakes"
    index_product(product)
    db.session.flush()
    after = decode_png(client.get("/products/cha-muc-ha-long/qr.png").data)
    assert before == after == [f"{BASE}/q/CHAMUC23"]
    page = _follow(client, after[0])
    assert "Hạ Long squid cakes" in page.get_data(as_text=True)
