"""The cart through the client: hostile quantities, tampered cookies, CSRF, today's prices, the header count."""

from __future__ import annotations

import pytest

from storefront.cart import cart as carts
from storefront.catalog.models import ProductStatus
from tests.factories import make_product


def _add(client, slug: str, quantity: object = "1", **extra):
    return client.post("/cart/add?lang=en", data={"product": slug, "quantity": quantity, **extra})


def test_adding_shows_the_product_with_todays_price_and_counts_it(client, db) -> None:
    product = make_product(name_en="Co To dried squid", price_vnd=450_000, stock=5)
    db.session.commit()  # views roll back on refusals; keep the setup
    response = _add(client, product.slug, "2")
    assert response.status_code == 303 and response.headers["Location"] == "/cart"
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "Co To dried squid" in page and "₫450,000" in page and "₫900,000" in page
    assert "data-cart-count>2<" in page
    assert "Added Co To dried squid to your cart." in page

    product.price_vnd = 500_000  # the producer changes the price: the cart shows today's
    db.session.flush()
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "₫500,000" in page and "₫450,000" not in page


@pytest.mark.parametrize(
    "quantity, message",
    [
        ("-1", "Quantity must be at least 1."),
        ("0", "Quantity must be at least 1."),
        ("1.5", "Quantity must be a whole number."),
        ("abc", "Quantity must be a whole number."),
        ("", "Quantity must be a whole number."),
        ("NaN", "Quantity must be a whole number."),
        ("Infinity", "Quantity must be a whole number."),
        (str(10**30), "Quantity must be at most 99."),
        ("100", "Quantity must be at most 99."),
        ("1; DROP TABLE products", "Quantity must be a whole number."),
        # Short to type, astronomically large: never turned into a billion-digit int (that hangs the worker).
        ("1E999999999", "Quantity must be at most 99."),
        ("-9E99999999", "Quantity must be at least 1."),
        ("1e2", "Quantity must be at most 99."),
    ],
)
def test_hostile_quantities_are_refused_with_a_clear_message(client, db, quantity, message) -> None:
    product = make_product(stock=500)
    db.session.commit()  # views roll back on refusals; keep the setup
    response = _add(client, product.slug, quantity)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/products/{product.slug}"
    assert "cart=" not in response.headers.get("Set-Cookie", "")
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert message in page and "Your cart is empty." in page


def test_more_than_the_stock_is_refused(client, db) -> None:
    product = make_product(name_en="Ba Kich wine", stock=3)
    db.session.commit()  # views roll back on refusals; keep the setup
    _add(client, product.slug, "2")
    _add(client, product.slug, "2")
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "Only 3 of Ba Kich wine left." in page
    assert 'value="2"' in page


@pytest.mark.parametrize(
    "slug",
    ["no-such-product", "", "<script>alert(1)</script>", "x" * 5000, "' OR 1=1 --", "ab\x00c", "m\u1ef1c-\u200b"],
)
def test_unknown_slugs_are_refused(client, db, slug) -> None:
    response = _add(client, slug)
    assert response.status_code == 303 and response.headers["Location"] == "/cart"
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "This product is not on sale." in page and "<script>alert(1)" not in page


def test_unpublished_and_sold_out_products_cannot_be_added(client, db) -> None:
    draft = make_product(status="draft")
    sold_out = make_product(name_en="Squid cakes", stock=0)
    db.session.commit()  # views roll back on refusals; keep the setup
    _add(client, draft.slug)
    assert "This product is not on sale." in client.get("/cart?lang=en").get_data(as_text=True)
    _add(client, sold_out.slug)
    assert "Sorry, Squid cakes is sold out." in client.get("/cart?lang=en").get_data(as_text=True)


def test_a_price_sent_by_the_client_is_ignored(client, db) -> None:
    product = make_product(price_vnd=300_000)
    db.session.commit()  # views roll back on refusals; keep the setup
    _add(client, product.slug, "1", price_vnd="1", price="1", total_vnd="1")
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "₫300,000" in page and "₫1<" not in page


def test_a_tampered_cookie_is_an_empty_cart(client, db) -> None:
    product = make_product()
    db.session.commit()  # views roll back on refusals; keep the setup
    _add(client, product.slug)
    cookie = client.get_cookie("cart")
    assert cookie is not None
    client.set_cookie("cart", cookie.value[:-3] + "AAA")
    page = client.get("/cart?lang=en")
    assert page.status_code == 200 and "Your cart is empty." in page.get_data(as_text=True)
    for value in ["garbage", "", "x" * 4000, "[[1, 5]]"]:
        client.set_cookie("cart", value)
        assert client.get("/cart").status_code == 200
        assert client.get("/checkout").status_code == 303


def test_the_cookie_carries_ids_and_quantities_only_and_survives_a_restart(client, db) -> None:
    product = make_product(price_vnd=123_456)
    db.session.commit()  # views roll back on refusals; keep the setup
    response = _add(client, product.slug, "3")
    header = response.headers["Set-Cookie"]
    assert "Max-Age=" in header and "HttpOnly" in header and "SameSite=Lax" in header
    from itsdangerous import URLSafeSerializer

    value = client.get_cookie("cart").value
    data = URLSafeSerializer("test-secret-key-not-for-production", salt="storefront.cart.v1").loads(value)
    assert data == [[product.id, 3]]
    assert "123456" not in value


def test_update_and_remove(client, db) -> None:
    product = make_product(name_en="Morinda", stock=10)
    db.session.commit()  # views roll back on refusals; keep the setup
    _add(client, product.slug, "1")
    client.post("/cart/update?lang=en", data={"product_id": product.id, "quantity": "4"})
    assert 'value="4"' in client.get("/cart?lang=en").get_data(as_text=True)
    response = client.post("/cart/update?lang=en", data={"product_id": product.id, "quantity": "-3"})
    assert response.status_code == 303
    assert "Quantity must be at least 1." in client.get("/cart?lang=en").get_data(as_text=True)
    client.post("/cart/update?lang=en", data={"product_id": product.id, "quantity": "11"})
    assert "Only 10 of Morinda left." in client.get("/cart?lang=en").get_data(as_text=True)
    client.post("/cart/update?lang=en", data={"product_id": "abc", "quantity": "1"})
    client.post("/cart/remove", data={"product_id": product.id})
    assert "Your cart is empty." in client.get("/cart?lang=en").get_data(as_text=True)
    assert client.post("/cart/remove", data={"product_id": "nope"}).status_code == 303


def test_a_product_unpublished_after_adding_is_marked_and_blocks_checkout(client, db) -> None:
    product = make_product()
    db.session.commit()  # views roll back on refusals; keep the setup
    _add(client, product.slug)
    product.status = ProductStatus.DRAFT
    db.session.flush()
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "No longer on sale: please remove it." in page and 'href="/checkout"' not in page
    response = client.get("/checkout")
    assert response.status_code == 303 and response.headers["Location"] == "/cart"


def test_the_cart_page_offers_checkout(client, db) -> None:
    product = make_product()
    db.session.commit()  # views roll back on refusals; keep the setup
    _add(client, product.slug)
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert '<a class="button primary" href="/checkout">Checkout</a>' in page


def test_csrf_is_required_when_enabled(app, client, db) -> None:
    import re

    product = make_product(stock=10)
    db.session.commit()
    _add(client, product.slug)  # CSRF off: a cart page with forms to take a token from
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        missing = _add(client, product.slug)
        wrong = _add(client, product.slug, csrf_token="not-a-token")
        assert missing.status_code == 400 and wrong.status_code == 400
        assert "Your form expired" in missing.get_data(as_text=True)
        assert 'value="1"' in client.get("/cart?lang=en").get_data(as_text=True)  # nothing was added
        page = client.get("/cart").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert _add(client, product.slug, csrf_token=token).status_code == 303
        assert 'value="2"' in client.get("/cart?lang=en").get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_merge_carts_keeps_the_larger_quantity_and_caps() -> None:
    assert carts.merge_carts({1: 2, 2: 1}, {2: 3, 3: 1}) == {1: 2, 2: 3, 3: 1}
    assert carts.merge_carts({1: 99}, {1: 99}) == {1: 99}
    assert carts.merge_carts({}, {}) == {}


def test_clean_drops_anything_malformed() -> None:
    assert carts.clean([[1, 2], [2, 0], [3, -1], [4, 100], ["5", 1], [6, 1.5], [True, 1], [7], 8]) == {1: 2}
    assert carts.clean({"1": 2}) == {}


def test_the_header_count_comes_from_the_cookie_without_sql(client, db, count_queries) -> None:
    product = make_product(stock=10)
    db.session.commit()
    _add(client, product.slug, "3")
    with count_queries() as queries:
        page = client.get("/no-such-page?lang=en")
    assert page.status_code == 404
    assert "data-cart-count>3<" in page.get_data(as_text=True)
    assert queries == []


def test_stock_held_by_an_overdue_transfer_comes_back_when_someone_wants_it(client, db) -> None:
    from datetime import timedelta

    from storefront.db import utcnow
    from storefront.orders.models import OrderStatus, PaymentMethod
    from tests.factories import make_order

    product = make_product(name_en="Last jar of honey", stock=1)
    held = make_order({product.id: 1}, PaymentMethod.BANK_TRANSFER, now=utcnow() - timedelta(hours=2))
    db.session.commit()
    _add(client, product.slug, "1")
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "Added Last jar of honey to your cart." in page
    db.session.refresh(held)
    assert held.status == OrderStatus.EXPIRED


def test_a_line_problem_is_tied_to_its_quantity_field_and_each_button_names_its_product(client, db) -> None:
    product = make_product(name_en="Morinda", stock=5)
    db.session.commit()
    _add(client, product.slug, "4")
    product.stock = 2  # others bought meanwhile
    db.session.commit()
    page = client.get("/cart?lang=en").get_data(as_text=True)
    problem = f'id="problem-{product.id}"'
    assert f'<p class="error" role="alert" {problem}>Only 2 left: please lower the quantity.</p>' in page
    field = page.split(f'id="qty-{product.id}"')[1].split(">")[0]
    assert f'aria-describedby="problem-{product.id}"' in field and 'aria-invalid="true"' in field
    assert 'aria-label="Update the quantity of Morinda">Update</button>' in page
    vietnamese = client.get("/cart?lang=vi").get_data(as_text=True)
    assert "Cập nhật số lượng" in vietnamese


def test_the_quantity_field_offers_at_most_what_is_left_within_the_line_limit(client, db) -> None:
    plenty = make_product(stock=500)
    few = make_product(stock=3)
    db.session.commit()
    _add(client, plenty.slug, "1")
    _add(client, few.slug, "1")
    few.stock = 0
    db.session.commit()
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert f'max="{carts.MAX_QUANTITY}"' in page.split(f'id="qty-{plenty.id}"')[1].split(">")[0]
    assert 'max="0"' in page.split(f'id="qty-{few.id}"')[1].split(">")[0]
