"""The cart, checkout and order pages by parcel: a group per producer with its own shipping line and, while
it pays a fee, how much more from that producer ships it free; in both languages, without JavaScript, in a
fixed number of queries."""

from __future__ import annotations

import re

import pytest

from storefront.money import format_vnd
from tests.factories import make_order, make_producer, make_product

#: The settings' defaults, which the tests' app runs with.
FEE, THRESHOLD = 30_000, 500_000


def _add(client, slug: str, quantity: int = 1) -> None:
    response = client.post("/cart/add", data={"product": slug, "quantity": str(quantity)})
    assert response.status_code == 303


def _parcels(page: str) -> dict[str, str]:
    """Each parcel's section by its producer's name (the data-parcel attribute)."""
    sections = re.findall(r'<section class="parcel"[^>]*data-parcel="([^"]+)">(.*?)</section>', page, re.S)
    return dict(sections)


@pytest.fixture()
def two_parcels(client, db):
    """One parcel at exactly the threshold (free), one 45,000 short of it (a fee)."""
    cakes_maker = make_producer(name="Công ty Chả mực Hạ Long", slug="cong-ty-cha-muc")
    noodle_maker = make_producer(name="HTX Miến dong Bình Liêu", slug="htx-mien-dong")
    cakes = make_product(name_en="Squid cakes", name_vi="Chả mực", price_vnd=250_000, producer=cakes_maker)
    noodles = make_product(name_en="Dong noodles", name_vi="Miến dong", price_vnd=91_000, producer=noodle_maker)
    db.session.commit()
    _add(client, cakes.slug, 2)  # 500,000: the threshold itself ships free
    _add(client, noodles.slug, 5)  # 455,000: 45,000 short
    return cakes, noodles


@pytest.mark.parametrize("path", ["/cart", "/checkout"])
def test_each_producer_is_a_group_with_its_shipping_line_and_hint_in_english(client, two_parcels, path) -> None:
    page = client.get(f"{path}?lang=en").get_data(as_text=True)
    parcels = _parcels(page)
    assert list(parcels) == ["Công ty Chả mực Hạ Long", "HTX Miến dong Bình Liêu"]
    free, paid = parcels.values()
    assert 'href="/producers/cong-ty-cha-muc">Công ty Chả mực Hạ Long</a>' in free
    assert "Squid cakes" in free and "Dong noodles" not in free
    assert "<strong data-parcel-shipping>Free</strong>" in free and "data-parcel-hint" not in free
    assert 'href="/producers/htx-mien-dong">HTX Miến dong Bình Liêu</a>' in paid and "Dong noodles" in paid
    assert f"<strong data-parcel-shipping>{format_vnd(FEE, 'en')}</strong>" in paid
    assert "Add ₫45,000 more from HTX Miến dong Bình Liêu for free shipping." in paid
    assert "Each producer sends its own parcel" in page
    # The totals below: one fee for the one parcel that pays.
    assert f"<dd data-shipping>{format_vnd(FEE, 'en')}</dd>" in page
    assert f"<dd data-total><strong>{format_vnd(955_000 + FEE, 'en')}</strong></dd>" in page


@pytest.mark.parametrize("path", ["/cart", "/checkout"])
def test_the_same_in_vietnamese(client, two_parcels, path) -> None:
    page = client.get(f"{path}?lang=vi").get_data(as_text=True)
    free, paid = _parcels(page).values()
    assert "Chả mực" in free and "<strong data-parcel-shipping>Miễn phí</strong>" in free
    assert f"<strong data-parcel-shipping>{format_vnd(FEE, 'vi')}</strong>" in paid
    amount = format_vnd(45_000, "vi")
    assert amount == "45.000\xa0₫"
    assert f"Mua thêm {amount} từ HTX Miến dong Bình Liêu để được miễn phí vận chuyển." in paid
    assert "Mỗi chủ thể gửi một kiện hàng riêng" in page


def test_without_javascript_the_forms_change_a_quantity_and_the_parcel_follows(client, two_parcels) -> None:
    cakes, noodles = two_parcels
    response = client.post("/cart/update", data={"product_id": noodles.id, "quantity": "6"})
    assert response.status_code == 303 and response.headers["Location"] == "/cart"
    paid_now_free = _parcels(client.get("/cart?lang=en").get_data(as_text=True))["HTX Miến dong Bình Liêu"]
    assert "<strong data-parcel-shipping>Free</strong>" in paid_now_free and "data-parcel-hint" not in paid_now_free

    client.post("/cart/update", data={"product_id": cakes.id, "quantity": "1"})  # 250,000: short again
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "Add ₫250,000 more from Công ty Chả mực Hạ Long for free shipping." in page
    assert f"<dd data-shipping>{format_vnd(FEE, 'en')}</dd>" in page

    client.post("/cart/remove", data={"product_id": cakes.id})
    assert list(_parcels(client.get("/cart?lang=en").get_data(as_text=True))) == ["HTX Miến dong Bình Liêu"]


def test_a_line_that_cannot_be_bought_stays_in_its_group_and_ships_nothing(client, db, two_parcels) -> None:
    cakes, _ = two_parcels
    cakes.stock = 0
    db.session.commit()
    free = _parcels(client.get("/cart?lang=en").get_data(as_text=True))["Công ty Chả mực Hạ Long"]
    assert "Sold out: please remove it." in free
    assert "data-parcel-shipping" not in free and "data-parcel-hint" not in free


def _cart_of(client, db, producers: int, lines: int):
    makers = [make_producer() for _ in range(producers)]
    products = [make_product(producer=makers[i % producers]) for i in range(lines)]
    db.session.commit()
    client.delete_cookie("cart")
    for product in products:
        _add(client, product.slug)


@pytest.mark.parametrize("path", ["/cart", "/checkout"])
def test_the_query_count_does_not_grow_with_lines_or_producers(client, db, count_queries, path) -> None:
    counts = []
    for producers, lines in [(1, 1), (5, 5), (5, 10)]:
        _cart_of(client, db, producers, lines)
        with count_queries() as queries:
            page = client.get(f"{path}?lang=en")
        assert page.status_code == 200
        assert len(_parcels(page.get_data(as_text=True))) == producers
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts


def test_the_order_page_lists_what_was_bought_by_parcel(client, db) -> None:
    cakes_maker = make_producer(name="Công ty Chả mực Hạ Long", slug="cong-ty-cha-muc")
    noodle_maker = make_producer(name="HTX Miến dong Bình Liêu", slug="htx-mien-dong")
    cakes = make_product(name_en="Squid cakes", name_vi="Chả mực", price_vnd=250_000, producer=cakes_maker)
    noodles = make_product(name_en="Dong noodles", name_vi="Miến dong", price_vnd=91_000, producer=noodle_maker)
    order = make_order({cakes.id: 2, noodles.id: 5})
    db.session.commit()
    for language, free_word, name in [("en", "Free", cakes.name_en), ("vi", "Miễn phí", cakes.name_vi)]:
        page = client.get(f"/orders/{order.token}?lang={language}").get_data(as_text=True)
        free, paid = _parcels(page).values()
        assert name in free and name not in paid
        assert 'href="/producers/cong-ty-cha-muc">Công ty Chả mực Hạ Long</a>' in free
        assert f"<strong data-parcel-shipping>{free_word}</strong>" in free
        assert f"<strong data-parcel-shipping>{format_vnd(FEE, language)}</strong>" in paid
        assert "data-parcel-hint" not in page  # a placed order has nothing left to add
    assert "Each producer sends its own parcel." in client.get(f"/orders/{order.token}?lang=en").get_data(as_text=True)
