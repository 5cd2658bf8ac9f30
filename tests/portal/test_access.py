"""Only producer accounts reach the portal, and each only its own producer's rows (404 for the others)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_order, make_product, make_user


def test_a_guest_is_sent_to_log_in_or_refused(client) -> None:
    response = client.get("/portal/")
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["customer", "officer"])
def test_other_roles_are_forbidden(client, login_as, role: str) -> None:
    login_as(role)
    assert client.get("/portal/").status_code == 403
    assert client.get("/portal/products").status_code == 403


def test_the_producer_sees_the_overview(client, producer_user) -> None:
    response = client.get("/portal/")
    assert response.status_code == 200
    assert producer_user.producer.name in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_disabled_producer_account_is_signed_out(client, login_as, db) -> None:
    user = make_user(role="producer")
    login_as(user)
    user.is_active_account = False
    db.session.flush()
    assert client.get("/portal/").status_code in (302, 401)


def _foreign_routes(product: Any, order: Any) -> list[tuple[str, str, dict[str, Any]]]:
    pid, oid = product.id, order.id
    picture = product.images[0].id if product.images else 999999
    form = {"name_vi": "Đổi tên", "price_vnd": "1", "stock": "999", "group_id": str(product.group_id)}
    return [
        ("GET", f"/portal/products/{pid}", {}),
        ("POST", f"/portal/products/{pid}", form),
        ("POST", f"/portal/products/{pid}/publish", {}),
        ("POST", f"/portal/products/{pid}/unpublish", {}),
        ("GET", f"/portal/products/{pid}/pictures", {}),
        ("POST", f"/portal/products/{pid}/pictures/{picture}/move", {"direction": "up"}),
        ("POST", f"/portal/products/{pid}/pictures/{picture}/delete", {}),
        ("GET", f"/portal/products/{pid}/stock", {}),
        ("POST", f"/portal/products/{pid}/stock", {"mode": "set", "amount": "0", "reason": "x"}),
        ("GET", f"/portal/orders/{oid}", {}),
        ("POST", f"/portal/orders/{oid}/confirm", {}),
        ("POST", f"/portal/orders/{oid}/ship", {"carrier": "GHN", "tracking_number": "1"}),
        ("POST", f"/portal/orders/{oid}/deliver", {}),
    ]


def test_another_producers_rows_are_not_found_and_unchanged(client, producer_user, db) -> None:
    theirs = make_product(price_vnd=50_000, stock=7)
    order = make_order({theirs.id: 1})
    before = (theirs.name_vi, theirs.price_vnd, theirs.stock, theirs.status, order.status)
    for method, url, data in _foreign_routes(theirs, order):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 404, (method, url)
    db.session.expire_all()
    assert (theirs.name_vi, theirs.price_vnd, theirs.stock, theirs.status, order.status) == before
    assert all(line.status.value == "pending" for line in order.lines)


def test_lists_show_only_the_producers_own_rows(client, producer_user) -> None:
    mine = make_product(producer=producer_user.producer, name_vi="Mực của tôi")
    theirs = make_product(name_vi="Mực của người khác")
    make_order({mine.id: 1})
    make_order({theirs.id: 2})
    for url in ("/portal/products", "/portal/stock", "/portal/stock/export.csv"):
        page = client.get(url).get_data(as_text=True)
        assert "Mực của tôi" in page and "người khác" not in page, url
    orders = client.get("/portal/orders").get_data(as_text=True)
    assert "Mực của tôi" in orders and "người khác" not in orders
    exported = client.get("/portal/orders/export.csv").get_data(as_text=True)
    assert "Mực của tôi" in exported and "người khác" not in exported


def test_control_characters_in_every_portal_form_are_messages_not_500(client, producer_user, db) -> None:
    """PostgreSQL refuses a NUL byte in text: the forms must stop it first."""
    product = make_product(producer=producer_user.producer)
    order = make_order({product.id: 1})
    db.session.commit()
    dirt = "x\x00\x01y"
    form = {
        name: dirt
        for name in ("name_vi", "name_en", "unit_vi", "description_vi", "gtin", "reason", "carrier", "text", "digest")
    }
    form.update({"price_vnd": "1000", "stock": "1", "group_id": str(product.group_id), "amount": "1", "mode": "set"})
    urls = [
        "/portal/products/new",
        f"/portal/products/{product.id}",
        f"/portal/products/{product.id}/stock",
        f"/portal/orders/{order.id}/ship",
        "/portal/stock/import/apply",
    ]
    for url in urls:
        response = client.post(url, data=form)
        assert response.status_code in (302, 400, 422), (url, response.status_code)
    db.session.expire_all()
    assert "\x00" not in product.name_vi and order.lines[0].carrier == ""
