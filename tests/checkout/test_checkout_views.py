"""Checkout through the client: every field wrong, phones, communes, price changes, double submission."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from storefront.checkout.forms import normalize_phone
from storefront.orders.models import Order, OrderStatus, PaymentMethod
from tests.factories import make_product

HA_LONG_WARD = 6688  # Phường Hạ Long, Quảng Ninh (22)
HANOI_WARD = 70  # Phường Hoàn Kiếm, Hà Nội (1)


def _orders(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Order))


def _form(page: str) -> dict[str, str]:
    key = re.search(r'name="submission_key" type="hidden" value="([^"]*)"', page) or re.search(
        r'id="submission_key" name="submission_key" type="hidden" value="([^"]*)"', page
    )
    quoted = re.search(r'name="quoted" type="hidden" value="([^"]*)"', page) or re.search(
        r'id="quoted" name="quoted" type="hidden" value="([^"]*)"', page
    )
    assert key and quoted, "the checkout form carries a one-time key and the quoted prices"
    return {"submission_key": key.group(1), "quoted": quoted.group(1)}


def _good(**overrides: Any) -> dict[str, Any]:
    data = {
        "full_name": "Nguyễn Thị Lan",
        "phone": "0912 345 678",
        "email": "Lan@Example.com",
        "address": "12 Trần Hưng Đạo",
        "province": "22",
        "ward": str(HA_LONG_WARD),
        "note": "Gọi trước khi giao",
        "payment_method": "cod",
    }
    data.update(overrides)
    return data


@pytest.fixture()
def basket(client, db):
    first = make_product(name_en="Co To dried squid", price_vnd=450_000, stock=5)
    second = make_product(name_en="Binh Lieu noodles", price_vnd=60_000, stock=8)
    db.session.commit()
    client.post("/cart/add", data={"product": first.slug, "quantity": "2"})
    client.post("/cart/add", data={"product": second.slug, "quantity": "1"})
    return first, second


def test_checkout_shows_the_fields_and_the_totals_before_placing(client, basket) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    for label in [
        "Full name",
        "Phone",
        "Email",
        "Address",
        "Commune/Ward",
        "Province/City",
        "Payment method",
        "Cash on delivery",
        "Bank transfer (VietQR)",
        "Place order",
    ]:
        assert label in page
    assert ">Card<" not in page  # no Stripe key in the tests
    # 900,000 from one producer (free shipping) + 60,000 from another (30,000 fee)
    assert "₫960,000" in page and "₫30,000" in page and "₫990,000" in page
    assert "Quảng Ninh" in page and "Hà Nội" in page


def test_a_cash_on_delivery_order_is_placed_and_shown(client, db, basket) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post("/checkout?lang=en", data=_good(**_form(page)))
    assert response.status_code == 303
    order = db.session.scalars(select(Order)).one()
    assert response.headers["Location"] == f"/orders/{order.token}"
    assert order.phone == "0912345678" and order.email == "lan@example.com"
    assert (order.ward_name, order.province_name) == ("Phường Hạ Long", "Quảng Ninh")
    assert order.total_vnd == 990_000 and order.status == OrderStatus.PLACED
    assert client.get_cookie("cart") is None  # the cart is emptied

    shown = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert f"Order {order.reference}" in shown and "₫990,000" in shown
    assert "Thank you! Your order" in shown and "Cash on delivery" in shown and "Placed" in shown
    assert "Co To dried squid" in shown and "VietQR" not in shown.split("<main")[1].split("Payment method")[0]


def test_a_bank_transfer_order_shows_the_vietqr_code(app, client, db, basket) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post("/checkout?lang=en", data=_good(payment_method="bank_transfer", **_form(page)))
    order = db.session.scalars(select(Order)).one()
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.payment_method == PaymentMethod.BANK_TRANSFER
    shown = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Pay by bank transfer" in shown and 'class="vietqr" src="data:image/png;base64,' in shown
    assert f"VietQR code to pay ₫990,000 for order {order.reference}" in shown
    assert app.config["VIETQR_ACCOUNT_NO"] in shown and "Vietcombank" in shown
    payload = re.search(r'<code class="payload">([^<]+)</code>', shown).group(1)
    assert f"0810{order.reference}" in payload and "5406990000" in payload


def test_every_field_wrong_gives_a_message_per_field_keeps_the_input_and_takes_nothing(client, db, basket) -> None:
    first, _second = basket
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    hostile = _good(
        full_name="",
        phone="12345",
        email="not-an-email<script>",
        address="x" * 5000,
        province="99999",
        ward="abc",
        note="n" * 600,
        payment_method="bitcoin",
        **_form(page),
    )
    response = client.post("/checkout?lang=en", data=hostile)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in [
        "Please enter your full name.",
        "Please enter a mobile number",
        "Please enter a valid email address",
        "Please keep it under 300 characters.",
        "Please choose your province or city.",
        "Please choose your commune or ward.",
        "Please keep the note under 500 characters.",
        "Please choose how you will pay.",
    ]:
        assert message in body, message
    assert 'value="12345"' in body and "not-an-email&lt;script&gt;" in body and "<script>" not in body.split("<main")[1]
    assert _orders(db) == 0
    db.session.refresh(first)
    assert first.stock == 5


@pytest.mark.parametrize("field", ["full_name", "address", "note"])
def test_control_characters_are_refused_on_the_field(client, db, basket, field) -> None:
    # A NUL byte used to reach PostgreSQL, which refuses it in text columns: a 500 instead of a message.
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post("/checkout?lang=en", data=_good(**{**_form(page), field: "12 Tr\x00\x07n"}))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in body and "Please remove the invisible control characters." in body
    assert _orders(db) == 0


def test_a_name_or_address_of_spaces_only_is_refused(client, db, basket) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post("/checkout?lang=en", data=_good(**_form(page), full_name="   ", address="\u00a0 \t"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please enter your full name." in body and "Please enter the house number and street." in body
    assert _orders(db) == 0


def test_a_line_break_in_the_note_is_kept(client, db, basket) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post("/checkout?lang=en", data=_good(**_form(page), note="Gọi trước\r\nkhi giao"))
    assert response.status_code == 303
    assert db.session.scalars(select(Order)).one().note == "Gọi trước\r\nkhi giao"


def test_a_mangled_submission_key_still_places_one_order(client, db, basket) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post("/checkout?lang=en", data=_good(**{**_form(page), "submission_key": "k\x00" + "y" * 5000}))
    assert response.status_code == 303 and _orders(db) == 1


def test_spaces_around_the_typed_values_are_not_an_error(client, db, basket) -> None:
    # Phone keyboards add a space after an autocompleted email; it is not a mistake worth a refusal.
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post(
        "/checkout?lang=en", data=_good(**_form(page), email=" Lan@Example.com ", full_name=" Nguyễn Thị Lan\u00a0")
    )
    assert response.status_code == 303
    order = db.session.scalars(select(Order)).one()
    assert (order.email, order.full_name) == ("lan@example.com", "Nguyễn Thị Lan")


def test_a_commune_from_another_province_is_refused(client, db, basket) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post("/checkout?lang=en", data=_good(ward=str(HANOI_WARD), **_form(page)))
    assert response.status_code == 422
    assert "This commune or ward is not in the province you chose." in response.get_data(as_text=True)
    assert _orders(db) == 0


@pytest.mark.parametrize(
    "raw, normalized",
    [
        ("0912345678", "0912345678"),
        ("0312 345 678", "0312345678"),
        ("070.123.4567", "0701234567"),
        ("0812-345-678", "0812345678"),
        ("0562345678", "0562345678"),
        ("+84912345678", "0912345678"),
        ("+84 38 123 4567", "0381234567"),
        ("84912345678", "0912345678"),
        ("091234567", None),  # nine digits
        ("09123456789", None),  # eleven digits
        ("0212345678", None),  # a landline prefix, not a mobile
        ("0112345678", None),
        ("+1 415 555 0100", "+14155550100"),  # a tourist's number, as E.164
        ("0044 7700 900123", "+447700900123"),
        ("+44 77", None),  # too short for any country
        ("abcdefghij", None),
        ("", None),
        ("+840912345678", None),
    ],
)
def test_vietnamese_and_international_mobile_numbers(raw: str, normalized: str | None) -> None:
    assert normalize_phone(raw) == normalized


def test_a_price_changed_since_the_form_asks_the_buyer_to_confirm(client, db, basket) -> None:
    first, _second = basket
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    form = _form(page)
    first.price_vnd = 500_000  # the producer raises the price while the buyer types
    db.session.commit()
    response = client.post("/checkout?lang=en", data=_good(**form))
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Some prices have changed" in body and "₫1,000,000" in body
    assert 'value="Nguyễn Thị Lan"' in body  # nothing typed is lost
    assert _orders(db) == 0
    db.session.refresh(first)
    assert first.stock == 5
    # The re-rendered form carries the new prices: placing again confirms them.
    response = client.post("/checkout?lang=en", data=_good(**_form(body)))
    assert response.status_code == 303
    order = db.session.scalars(select(Order)).one()
    assert order.lines[0].unit_price_vnd == 500_000 and order.total_vnd == 1_090_000


def test_a_total_or_price_sent_by_the_client_is_ignored(client, db, basket) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post(
        "/checkout?lang=en", data=_good(total_vnd="1", subtotal_vnd="1", price_vnd="1", shipping_vnd="0", **_form(page))
    )
    assert response.status_code == 303
    assert db.session.scalars(select(Order)).one().total_vnd == 990_000


def test_forged_quoted_prices_only_trigger_a_confirmation(client, db, basket) -> None:
    first, second = basket
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    form = _form(page) | {"quoted": f"{first.id}:1,{second.id}:1"}
    response = client.post("/checkout?lang=en", data=_good(**form))
    assert response.status_code == 409 and _orders(db) == 0
    form["quoted"] = "garbage;DROP TABLE orders"
    assert client.post("/checkout?lang=en", data=_good(**form)).status_code == 409
    # "²".isdigit() is True but int("²") raises: superscripts and other non-decimal digits were a 500.
    for odd in [f"{first.id}:²", f"²:1,{second.id}:\u00b9", f"{first.id}:\u2460"]:
        response = client.post("/checkout?lang=en", data=_good(**(form | {"quoted": odd})))
        assert response.status_code == 409 and "Some prices have changed" in response.get_data(as_text=True)
    assert _orders(db) == 0


def test_a_double_submission_makes_one_order(client, db, basket) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    data = _good(**_form(page))
    cart_cookie = client.get_cookie("cart").value
    first = client.post("/checkout", data=data)
    client.set_cookie("cart", cart_cookie)  # the second click left before the first answer emptied the cart
    second = client.post("/checkout", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert _orders(db) == 1


def test_an_old_form_sent_again_after_the_cart_changed_comes_back_as_the_form(client, db, basket) -> None:
    """Issue 12, item 7: place an order, put something else in the cart, send the old form again: the
    form comes back for the new cart (not the first order's thank-you), nothing placed, the cart kept."""
    first, second = basket
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    old_form = _good(**_form(page))
    placed = client.post("/checkout?lang=en", data=old_form)
    assert placed.status_code == 303 and client.get_cookie("cart") is None
    assert "Thank you!" in client.get(placed.location).get_data(as_text=True)  # the buyer saw the first order
    client.post("/cart/add", data={"product": second.slug, "quantity": "3"})
    client.get("/cart")
    new_cart = client.get_cookie("cart").value

    again = client.post("/checkout?lang=en", data=old_form)
    body = again.get_data(as_text=True)
    assert again.status_code == 409
    assert "Your cart has changed since this form was sent." in body and 'role="alert"' in body
    assert "Thank you" not in body and "Place order" in body
    assert 'value="Nguyễn Thị Lan"' in body  # what was typed stays
    assert "₫180,000" in body  # the summary is the new cart: 3 × 60,000 noodles
    assert client.get_cookie("cart").value == new_cart  # the cart is untouched
    assert _orders(db) == 1
    fresh = _form(body)
    assert fresh["submission_key"] != old_form["submission_key"]

    # The re-rendered form places the new cart, once, at the prices it shows.
    placed_again = client.post("/checkout?lang=en", data=_good(**fresh))
    assert placed_again.status_code == 303 and placed_again.location != placed.location
    assert _orders(db) == 2
    newest = db.session.scalars(select(Order).order_by(Order.id.desc())).first()
    assert [(line.product_id, line.quantity) for line in newest.lines] == [(second.id, 3)]


def test_stock_sold_out_meanwhile_keeps_what_was_typed(client, db, basket) -> None:
    first, second = basket
    client.post("/cart/add", data={"product": first.slug, "quantity": "1"})  # 3 of the squid now
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    first.stock = 2  # someone else bought the others while the buyer typed
    db.session.commit()
    form = _form(page)
    response = client.post("/checkout?lang=en", data=_good(address="Số 7, ngõ 12 Trần Hưng Đạo", **form))
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert 'role="alert"' in body and "Sorry, only 2 of Co To dried squid left; you asked for 3." in body
    for typed in [
        'value="Nguyễn Thị Lan"',
        'value="0912 345 678"',
        'value="Lan@Example.com"',
        'value="Số 7, ngõ 12 Trần Hưng Đạo"',
        "Gọi trước khi giao",
    ]:
        assert typed in body, typed
    assert re.search(r'<option selected value="22">Quảng Ninh</option>', body)
    assert re.search(rf'<option selected value="{HA_LONG_WARD}">Phường Hạ Long</option>', body)
    assert re.search(r'checked[^>]*value="cod"|value="cod"[^>]*checked', body)
    assert "Only 2 left: please lower the quantity." in body and 'href="/cart"' in body  # the summary says why
    assert _form(body)["submission_key"] != form["submission_key"]  # a new key for the re-rendered form
    assert _orders(db) == 0
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.stock, second.stock) == (2, 8)  # nothing taken

    # "Buy what is left": the cart comes down to 2, the typed details stay, the order is placed once.
    fitted = client.post("/checkout?lang=en", data=_good(fit_to_stock="1", **_form(body)))
    fitted_body = fitted.get_data(as_text=True)
    assert fitted.status_code == 200 and 'value="Nguyễn Thị Lan"' in fitted_body and "Only 2 left" not in fitted_body
    data = _good(**_form(fitted_body))
    placed = client.post("/checkout?lang=en", data=data)
    assert placed.status_code == 303 and placed.headers["Location"].startswith("/orders/")
    order = db.session.scalars(select(Order)).one()
    assert [line.quantity for line in order.lines] == [2, 1] and order.address == "12 Trần Hưng Đạo"
    db.session.refresh(first)
    assert first.stock == 0


def test_a_product_gone_from_sale_at_checkout_keeps_what_was_typed(client, db, basket) -> None:
    first, _second = basket
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    first.stock = 0
    db.session.commit()
    response = client.post("/checkout?lang=en", data=_good(**_form(page)))
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "Sorry, Co To dried squid has just sold out." in body
    assert 'value="Nguyễn Thị Lan"' in body and "Sold out: please remove it." in body and _orders(db) == 0
    fitted = client.post("/checkout?lang=en", data=_good(fit_to_stock="1", **_form(body)))
    assert fitted.status_code == 200 and "Co To dried squid" not in fitted.get_data(as_text=True)
    assert client.post("/checkout?lang=en", data=_good(**_form(fitted.get_data(as_text=True)))).status_code == 303
    assert db.session.scalars(select(Order)).one().total_vnd == 90_000  # 60,000 + 30,000 shipping


def test_an_empty_cart_cannot_check_out(client, db) -> None:
    response = client.get("/checkout")
    assert response.status_code == 303 and response.headers["Location"] == "/cart"
    response = client.post("/checkout", data=_good())
    assert response.status_code == 303 and _orders(db) == 0
    response = client.post("/checkout", data=_good(fit_to_stock="1"))
    assert response.status_code == 303 and response.headers["Location"] == "/cart" and _orders(db) == 0


def test_missing_or_wrong_csrf_token_is_refused(app, client, db, basket) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/checkout", data=_good(**_form(page))).status_code == 400
        assert client.post("/checkout", data=_good(csrf_token="forged", **_form(page))).status_code == 400
        assert _orders(db) == 0
        page = client.get("/checkout?lang=en").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        assert client.post("/checkout", data=_good(csrf_token=token, **_form(page))).status_code == 303
        assert _orders(db) == 1
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_communes_follow_the_province(client, db) -> None:
    items = client.get("/checkout/communes?province=22").get_json()["items"]
    assert len(items) == 54 and any(c["name"] == "Đặc khu Cô Tô" for c in items)
    assert client.get("/checkout/communes?province=abc").get_json() == {"items": []}
    assert client.get("/checkout/communes?province=99999").get_json() == {"items": []}


def test_without_javascript_the_commune_list_can_be_refreshed(client, db, basket) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post("/checkout?lang=en", data=_good(province="1", ward="", refresh="1", **_form(page)))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Phường Hoàn Kiếm" in body and "Phường Hạ Long" not in body
    assert 'value="Nguyễn Thị Lan"' in body and "Please choose" not in body
    assert _orders(db) == 0


def test_the_order_page_in_vietnamese_by_default(client, db, basket) -> None:
    page = client.get("/checkout").get_data(as_text=True)
    response = client.post("/checkout", data=_good(**_form(page)))
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<html lang="vi">' in shown and "990.000\xa0₫" in shown


def test_stock_held_by_an_overdue_transfer_goes_to_the_buyer_at_checkout(client, db) -> None:
    from datetime import timedelta

    from storefront.db import utcnow
    from tests.factories import make_order

    product = make_product(name_en="Last jar of honey", stock=2)
    db.session.commit()
    client.post("/cart/add", data={"product": product.slug, "quantity": "2"})
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    held = make_order({product.id: 2}, PaymentMethod.BANK_TRANSFER, now=utcnow() - timedelta(hours=2))
    db.session.commit()  # someone took both jars and never paid
    response = client.post("/checkout?lang=en", data=_good(**_form(page)))
    assert response.status_code == 303 and response.headers["Location"].startswith("/orders/")
    db.session.refresh(held)
    db.session.refresh(product)
    assert held.status == OrderStatus.EXPIRED and product.stock == 0
    assert db.session.scalars(select(Order).where(Order.id != held.id)).one().status == OrderStatus.PLACED


@pytest.mark.parametrize(
    "name",
    ["\u200b\u200b\u200b", "\u200b \u2060", "Lan \u202echuyển khoản 500.000đ", "Nguy\u2066ễn\u2069 Lan", "12345"],
)
def test_a_name_of_invisible_or_reordering_characters_is_refused(client, db, basket, name: str) -> None:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post("/checkout?lang=en", data=_good(**{**_form(page), "full_name": name}))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="full_name-error"' in body and "invisible characters and direction marks are not accepted" in body
    assert _orders(db) == 0


def test_checkout_pages_holding_personal_data_are_never_stored(client, db, basket) -> None:
    page = client.get("/checkout?lang=en")
    assert page.headers["Cache-Control"] == "private, no-store"
    again = client.post("/checkout?lang=en", data=_good(**{**_form(page.get_data(as_text=True)), "phone": "12"}))
    assert again.status_code == 422 and "Nguyễn Thị Lan" in again.get_data(as_text=True)
    assert again.headers["Cache-Control"] == "private, no-store"
