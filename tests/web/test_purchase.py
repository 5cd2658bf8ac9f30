"""The product page's purchase bar: price, quantity, Add to cart and Buy now; units sold; delivery promises."""

from __future__ import annotations

from datetime import date

from storefront.orders import lifecycle
from storefront.orders.models import PaymentMethod
from storefront.reviews.signals import buyer_signals
from storefront.sales.report import sales_report
from tests.factories import NOW, make_order, make_product
from tests.web.conftest import text_of


def _form(html: str) -> str:
    return html.split('<form class="add-to-cart"')[1].split("</form>")[0]


def test_the_bar_has_price_quantity_and_both_buttons(client, db) -> None:
    product = make_product(name_en="Ha Long fish sauce", price_vnd=95_000, unit_en="bottle", stock=20)
    form = _form(client.get(f"/products/{product.slug}?lang=en").get_data(as_text=True))
    assert "₫95,000" in form and "/ bottle" in form
    assert '<label for="quantity">Quantity</label>' in form
    # − and + need the script: hidden until it runs, the number field alone works without it
    assert form.count("data-step=") == 2 and form.count(" hidden>") == 2
    assert ">Add to cart</button>" in form and 'name="buy_now" value="1">Buy now</button>' in form


def test_buy_now_puts_it_in_the_cart_and_goes_to_checkout(client, db) -> None:
    product = make_product(stock=5)
    db.session.commit()
    response = client.post("/cart/add", data={"product": product.slug, "quantity": "2", "buy_now": "1"})
    assert response.status_code == 303 and response.headers["Location"] == "/checkout"
    assert "data-cart-count>2<" in client.get("/products").get_data(as_text=True)


def test_adding_from_the_page_with_script_stays_there_and_says_the_count(client, db) -> None:
    product = make_product(name_en="Binh Lieu noodles", stock=5)
    db.session.commit()
    response = client.post(
        "/cart/add?lang=en", data={"product": product.slug, "quantity": "3"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.get_json() == {"message": "Added Binh Lieu noodles to your cart.", "count": 3}
    refused = client.post(
        "/cart/add?lang=en", data={"product": product.slug, "quantity": "99"}, headers={"Accept": "application/json"}
    )
    assert refused.status_code == 422 and refused.get_json()["error"]["message"]


def test_units_sold_count_only_sales_whose_money_is_in(client, db) -> None:
    product = make_product(name_en="Van Don oysters", stock=50)
    delivered = make_order({product.id: 3})
    lifecycle.confirm_order(delivered, actor="test", now=NOW)
    lifecycle.mark_shipped(delivered, product.producer_id, actor="test", now=NOW)
    lifecycle.mark_delivered(delivered, product.producer_id, actor="test", now=NOW)
    make_order({product.id: 4})  # cash on delivery, not delivered yet: no sale
    on_its_way = make_order({product.id: 5})  # shipped, the cash not collected yet: no sale
    lifecycle.confirm_order(on_its_way, actor="test", now=NOW)
    lifecycle.mark_shipped(on_its_way, product.producer_id, actor="test", now=NOW)
    refunded = make_order({product.id: 6}, PaymentMethod.CARD)  # paid, then the money went back
    lifecycle.mark_paid(refunded, actor="webhook:stripe", now=NOW)
    lifecycle.mark_refunded(refunded, actor="webhook:stripe", now=NOW)
    db.session.flush()
    text = text_of(client.get(f"/products/{product.slug}?lang=en").get_data(as_text=True))
    assert "3 sold" in text
    assert "Đã bán 3" in text_of(client.get(f"/products/{product.slug}?lang=vi").get_data(as_text=True))
    # The cards count by the same rule as the programme's reports.
    assert buyer_signals([product.id])[product.id].units_sold == 3
    assert sales_report("product", date(2026, 1, 1), date(2026, 12, 31)).totals.units == 3


def test_delivery_promises_come_from_the_settings(app, client, db) -> None:
    product = make_product(stock=5)
    text = text_of(client.get(f"/products/{product.slug}?lang=en").get_data(as_text=True))
    assert "Shipping ₫30,000 for this producer's parcel, free from ₫500,000 of their goods." in text
    assert "Cash on delivery available." in text
    assert f"Arrives in 1–2 days in {product.locality.province_name}, 3–5 days elsewhere in Vietnam." in text
