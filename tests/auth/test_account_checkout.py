"""A signed-in shopper's checkout: the order joins the account, the address is remembered and offered
next time, and the account's cart empties."""

from __future__ import annotations

import re

from sqlalchemy import select

from storefront.orders.models import Order
from tests.factories import make_product

HA_LONG_WARD = 6688


def test_a_signed_in_order_joins_the_account_and_its_address_is_offered_next_time(client, db, login_as) -> None:
    user = login_as("customer", email="lan@example.com")
    product = make_product(price_vnd=120_000, stock=5)
    db.session.commit()
    client.post("/cart/add", data={"product": product.slug, "quantity": "1"})
    page = client.get("/checkout").get_data(as_text=True)
    assert 'value="lan@example.com"' in page  # the account's email to start from
    key = re.search(r'name="submission_key" type="hidden" value="([^"]*)"', page).group(1)
    quoted = re.search(r'name="quoted" type="hidden" value="([^"]*)"', page).group(1)
    response = client.post(
        "/checkout",
        data={
            "full_name": "Nguyễn Thị Lan",
            "phone": "0912 345 678",
            "email": "lan@example.com",
            "address": "12 Trần Hưng Đạo",
            "province": "22",
            "ward": str(HA_LONG_WARD),
            "payment_method": "cod",
            "submission_key": key,
            "quoted": quoted,
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    order = db.session.scalar(select(Order).order_by(Order.id.desc()))
    assert order.user_id == user.id
    db.session.refresh(user)
    assert user.delivery_address["address"] == "12 Trần Hưng Đạo"
    assert user.delivery_address["ward_code"] == HA_LONG_WARD
    assert user.saved_cart is None
    assert order.reference in client.get("/account").get_data(as_text=True)

    client.post("/cart/add", data={"product": product.slug, "quantity": "1"})
    again = client.get("/checkout").get_data(as_text=True)
    assert 'value="12 Trần Hưng Đạo"' in again
    assert f'<option selected value="{HA_LONG_WARD}">' in again


def test_the_address_is_edited_and_forgotten_on_the_account_page(client, db, login_as) -> None:
    user = login_as("customer")
    client.post("/account/address", data={"full_name": "Lan", "phone": "0912345678", "address": "5 Lê Lợi"})
    db.session.refresh(user)
    assert user.delivery_address == {"full_name": "Lan", "phone": "0912345678", "address": "5 Lê Lợi"}
    assert 'value="5 Lê Lợi"' in client.get("/account").get_data(as_text=True)
    client.post("/account/address", data={"forget": "1"})
    db.session.refresh(user)
    assert user.delivery_address is None


def test_the_account_page_lists_orders_in_a_fixed_number_of_queries(client, db, login_as, count_queries) -> None:
    from tests.factories import make_buyer, make_order

    user = login_as("customer", email="lan@example.com")
    product = make_product(stock=50)

    def queries() -> int:
        with count_queries() as statements:
            assert client.get("/account").status_code == 200
        return len(statements)

    make_order({product.id: 1}, buyer=make_buyer(email=user.email))
    one = queries()
    for _ in range(5):
        make_order({product.id: 1}, buyer=make_buyer(email=user.email))
    assert queries() == one
