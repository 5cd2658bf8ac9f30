"""The producer's QR page: batches recorded, labels that scan, and their products' scan counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from storefront.qr.models import Batch
from tests.factories import make_batch, make_producer, make_product
from tests.qr.decode import decode_png, svg_to_png
from tests.qr.support import phone

BASE = "https://shop.example"


@pytest.fixture()
def producer_user(login_as: Any) -> Any:
    return login_as("producer")


def _batch_form(product_id: int, **overrides: Any) -> dict[str, Any]:
    today = date.today()
    values = {
        "product": product_id,
        "lot": "L2411-a",
        "produced_on": (today - timedelta(days=2)).isoformat(),
        "best_before_on": (today + timedelta(days=300)).isoformat(),
        "quantity": "400",
    }
    values.update(overrides)
    return values


def test_only_producers_get_in(client, db, login_as) -> None:
    assert client.get("/portal/qr/").status_code == 302  # a guest goes to the login page
    login_as("customer")
    assert client.get("/portal/qr/").status_code == 403


def test_the_page_lists_own_products_with_their_scans(client, db, producer_user) -> None:
    mine = make_product(producer=producer_user.producer, qr_code="MINE2345", name_vi="Chả mực Hạ Long")
    theirs = make_product(producer=make_producer(), name_vi="Hàng người khác")
    for agent in ("Mozilla/5.0 (iPhone) Mobile/1", "Mozilla/5.0 (iPhone) Mobile/2"):
        client.get("/q/MINE2345", headers=phone(agent=agent))
    client.get(f"/q/{theirs.qr_code}", headers=phone())
    html = client.get("/portal/qr/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Chả mực Hạ Long" in html and "Hàng người khác" not in html
    row = html.split("Chả mực Hạ Long")[1].split("</tr>")[0]
    assert "<td>2</td>" in row and mine.qr_code in row


def test_recording_a_batch(client, db, producer_user) -> None:
    product = make_product(producer=producer_user.producer)
    response = client.post("/portal/qr/batches", data=_batch_form(product.id))
    assert response.status_code == 303
    batch = db.session.scalar(select(Batch).where(Batch.product_id == product.id))
    assert batch is not None and (batch.lot, batch.quantity) == ("L2411-A", 400)
    html = client.get("/portal/qr/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "L2411-A" in html
    assert "print at 100% scale" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"best_before_on": "2000-01-01"}, "The best-before date cannot be before the production date."),
        ({"produced_on": (date.today() + timedelta(days=30)).isoformat()}, "cannot be in the future"),
        ({"lot": "lô 1/2"}, "A lot number is 1 to 20 letters"),
        ({"quantity": "0"}, "Number must be between 1"),
    ],
)
def test_a_bad_batch_is_refused_on_its_field(client, db, producer_user, overrides, message) -> None:
    product = make_product(producer=producer_user.producer)
    response = client.post(
        "/portal/qr/batches", data=_batch_form(product.id, **overrides), headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Batch)) is None


def test_a_lot_twice_is_refused(client, db, producer_user) -> None:
    product = make_product(producer=producer_user.producer)
    make_batch(product, lot="L7")
    response = client.post(
        "/portal/qr/batches", data=_batch_form(product.id, lot="l7"), headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400 and "already has a batch with lot L7" in response.get_data(as_text=True)


def test_someone_elses_product_is_404(client, db, producer_user) -> None:
    other = make_product(producer=make_producer())
    assert client.get(f"/portal/qr/products/{other.id}/label.png").status_code == 404
    assert client.get(f"/portal/qr/products/{other.id}/sheet").status_code == 404
    assert client.post("/portal/qr/batches", data=_batch_form(other.id)).status_code == 400  # not a choice


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_batch_labels_scan_to_the_batch(client, db, producer_user, kind: str) -> None:
    plain = make_product(producer=producer_user.producer, qr_code="PLAIN234", stars=4)
    gs1 = make_product(producer=producer_user.producer, qr_code="GSONE234", gtin="8930000000019")
    make_batch(plain, lot="L2411")
    make_batch(gs1, lot="B7")
    for product, lot, expected in (
        (plain, "L2411", f"{BASE}/q/PLAIN234/L2411"),
        (gs1, "B7", f"{BASE}/01/08930000000019/10/B7"),
    ):
        response = client.get(f"/portal/qr/products/{product.id}/label.{kind}?lot={lot}")
        assert response.status_code == 200
        png = response.data if kind == "png" else svg_to_png(response.data, scale=4)
        assert decode_png(png) == [expected]
    svg = client.get(f"/portal/qr/products/{plain.id}/label.svg?lot=L2411").get_data(as_text=True)
    assert "★★★★ OCOP 4 sao" in svg and "L2411" in svg and "PLAIN234" in svg and 'width="60mm"' in svg
    assert client.get(f"/portal/qr/products/{plain.id}/label.png?lot=NOPE").status_code == 404


def test_the_a4_sheet(client, db, producer_user) -> None:
    product = make_product(producer=producer_user.producer, name_vi="Mực khô")
    make_batch(product, lot="L9")
    html = client.get(f"/portal/qr/products/{product.id}/sheet?lot=L9").get_data(as_text=True)
    assert html.count('class="sheet-label"') == 27
    assert f"/portal/qr/products/{product.id}/label.svg?lot=L9" in html
