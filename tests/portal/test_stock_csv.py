"""Stock with a reason, and the CSV round trip: a preview of every change and error, then all or nothing."""

from __future__ import annotations

import io
import re
from typing import Any

from sqlalchemy import select

from storefront.catalog.history import ListingChange
from storefront.catalog.models import Product
from storefront.orders.models import StockMovement
from tests.factories import make_product


def test_set_and_adjust_stock_with_a_reason(client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer, stock=10)
    client.post(f"/portal/products/{product.id}/stock", data={"mode": "set", "amount": "25", "reason": "hàng về"})
    client.post(f"/portal/products/{product.id}/stock", data={"mode": "add", "amount": "-5", "reason": "hỏng"})
    db.session.expire_all()
    assert product.stock == 20
    changes = db.session.scalars(select(ListingChange).where(ListingChange.product_id == product.id)).all()
    assert [(c.old_value, c.new_value, c.reason) for c in changes] == [(10, 25, "hàng về"), (25, 20, "hỏng")]
    moves = db.session.scalars(select(StockMovement).where(StockMovement.product_id == product.id)).all()
    assert [m.delta for m in moves] == [15, -5]
    page = client.get(f"/portal/products/{product.id}/stock").get_data(as_text=True)
    assert "hàng về" in page and "hỏng" in page


def test_stock_never_goes_below_zero(client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer, stock=2)
    db.session.commit()
    response = client.post(f"/portal/products/{product.id}/stock", data={"mode": "add", "amount": "-3", "reason": "x"})
    assert response.status_code == 422
    assert "Stock cannot go below 0" in response.get_data(as_text=True)
    db.session.expire_all()
    assert product.stock == 2


def test_a_reason_is_required(client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer, stock=2)
    response = client.post(f"/portal/products/{product.id}/stock", data={"mode": "set", "amount": "9", "reason": ""})
    assert response.status_code == 422


def test_export_is_utf8_with_a_bom_and_formulas_defused(client, producer_user) -> None:
    make_product(producer=producer_user.producer, name_vi='=HYPERLINK("x")', price_vnd=5000, stock=3)
    make_product(producer=producer_user.producer, name_vi="Mực khô", price_vnd=450_000, stock=7, gtin="8930000000019")
    response = client.get("/portal/stock/export.csv")
    assert response.mimetype == "text/csv"
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeffid,name,price_vnd,stock,gtin\r\n")
    assert ",Mực khô,450000,7,8930000000019\r\n" in body
    assert ',"\'=HYPERLINK(""x"")",5000,3,' in body


def _send(client: Any, data: bytes, name: str = "san-pham.csv") -> Any:
    return client.post(
        "/portal/stock/import", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def _state(db: Any, *products: Product) -> list[tuple[Any, ...]]:
    db.session.expire_all()
    return [(p.name_vi, p.price_vnd, p.stock, p.gtin) for p in products]


def test_a_good_file_is_previewed_then_saved_whole(client, producer_user, db) -> None:
    a = make_product(producer=producer_user.producer, name_vi="Mực khô", price_vnd=450_000, stock=7)
    b = make_product(producer=producer_user.producer, name_vi="Chả mực", price_vnd=250_000, stock=3)
    text = f"id,name,price_vnd,stock,gtin\n{a.id},Mực khô loại 1,480.000,9,8930000000019\n{b.id},Chả mực,250000,3,\n"
    preview = _send(client, text.encode("utf-8"))  # no BOM
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "1 products will change" in page
    assert "450000 → 480000" in page and "7 → 9" in page and "Mực khô loại 1" in page
    assert _state(db, a, b) == [("Mực khô", 450_000, 7, None), ("Chả mực", 250_000, 3, None)]  # nothing yet
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page)
    assert digest
    saved = client.post("/portal/stock/import/apply", data={"text": text, "digest": digest[1]})
    assert saved.status_code == 302
    assert _state(db, a, b) == [("Mực khô loại 1", 480_000, 9, "8930000000019"), ("Chả mực", 250_000, 3, None)]
    assert {c.reason for c in db.session.scalars(select(ListingChange))} == {"CSV"}


def test_a_bom_is_fine(client, producer_user, db) -> None:
    a = make_product(producer=producer_user.producer, price_vnd=1000, stock=1)
    text = f"\ufeffid,name,price_vnd,stock,gtin\r\n{a.id},{a.name_vi},2000,1,\r\n"
    assert "1 products will change" in _send(client, text.encode("utf-8")).get_data(as_text=True)


def test_hostile_rows_are_errors_by_row_and_nothing_is_saved(client, producer_user, db) -> None:
    mine = [make_product(producer=producer_user.producer, price_vnd=10_000, stock=5) for _ in range(7)]
    theirs = make_product(price_vnd=99_000, stock=1)
    db.session.commit()
    rows = [
        f"{mine[0].id},Tốt,20000,6,",  # a good row: still not saved, because others are wrong
        f"{mine[1].id},{mine[1].name_vi},-1,5,",
        f"{mine[2].id},{mine[2].name_vi},1e9,5,",
        f"{mine[3].id},{mine[3].name_vi},=cmd(),5,",
        f"{mine[4].id},{mine[4].name_vi},10000,abc,",
        f"{mine[5].id},=cmd|' /C calc'!A0,10000,5,",
        f"{mine[6].id},{mine[6].name_vi},10000,5,8930000000018",
        f"{theirs.id},Của tôi,1,1000,",
        "x,Không có mã,1,1,",
        f"{mine[0].id},Trùng,1,1,",
    ]
    text = "id,name,price_vnd,stock,gtin\n" + "\n".join(rows) + "\n"
    before = _state(db, *mine, theirs)
    response = _send(client, text.encode("utf-8"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "nothing will be saved" in page and "Save these changes" not in page
    for row, message in [
        (3, "The price “-1”"),
        (4, "The price “1e9”"),
        (5, "The price “=cmd()”"),
        (6, "The stock “abc”"),
        (7, "A name may not begin with"),
        (8, "check digit"),
        (9, f"No product of yours has the id “{theirs.id}”"),
        (10, "No product of yours has the id “x”"),
        (11, "already on an earlier row"),
    ]:
        assert re.search(rf"<td>{row}</td>.*?{re.escape(message)}", page, re.S), (row, message)
    # The apply step plans again: a forged post of the same text saves nothing either.
    forged = client.post("/portal/stock/import/apply", data={"text": text, "digest": "0" * 32})
    assert forged.status_code in (409, 422)
    assert _state(db, *mine, theirs) == before


def test_files_that_are_not_csv_are_refused_with_a_message(client, producer_user, db) -> None:
    db.session.commit()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    assert "not a CSV text file" in _send(client, png, "x.csv").get_data(as_text=True)
    latin = "id,name,price_vnd,stock,gtin\n1,Mực,1,1,\n".encode("utf-16")
    assert "not a CSV text file" in _send(client, latin).get_data(as_text=True)
    assert "The first line must be the column names" in _send(client, b"a,b,c\n1,2,3\n").get_data(as_text=True)
    assert "The file is empty." in _send(client, b"\n\n").get_data(as_text=True)


def test_ten_thousand_rows_are_refused_whole(client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer)
    db.session.commit()
    text = "id,name,price_vnd,stock,gtin\n" + "".join(f"{product.id},A,1,1,\n" for _ in range(10_000))
    response = _send(client, text.encode())
    assert response.status_code == 422
    assert "Too many rows: at most 2000" in response.get_data(as_text=True)
