"""Reviews from real buyers: only a delivered line's buyer (holding the order's link), once, within the
window; hostile text made harmless or refused; an officer hides one; shown apart from the OCOP stars."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.orders.lifecycle import confirm_order, mark_delivered, mark_shipped
from storefront.reviews.models import Review
from storefront.reviews.queries import ratings_for
from storefront.reviews.services import EDIT_WINDOW, author_name, clean_body, hide_review, write_review
from tests.factories import make_buyer, make_order, make_product, make_user


@pytest.fixture()
def delivered(db):
    product = make_product(slug="muc-kho-co-to", name_en="Co To dried squid", stock=10, stars=4)
    order = make_order({product.id: 1}, buyer=make_buyer(full_name="Nguyễn Thị Lan"))
    now = utcnow()
    confirm_order(order, actor="test", now=now)
    mark_shipped(order, product.producer_id, actor="test", now=now)
    mark_delivered(order, product.producer_id, actor="test", now=now)
    db.session.commit()
    return order, product


def _reviews(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Review))


def test_the_buyer_rates_a_delivered_line_from_the_order_page(client, db, delivered) -> None:
    order, product = delivered
    page = client.get(f"/orders/{order.token}?lang=en").get_data(as_text=True)
    assert "Rate what you received" in page and 'name="rating"' in page
    line = order.lines[0]
    response = client.post(
        f"/orders/{order.token}/reviews/{line.id}", data={"rating": "5", "body": "Mực ngon, giao nhanh."}
    )
    assert response.status_code == 303
    review = db.session.scalar(select(Review))
    assert (review.rating, review.body, review.author_name) == (5, "Mực ngon, giao nhanh.", "Lan N.")
    product_page = client.get(f"/products/{product.slug}?lang=en").get_data(as_text=True)
    assert "Buyers&#39; reviews" in product_page or "Buyers' reviews" in product_page
    assert "5.0 out of 5" in product_page and "1 review" in product_page
    assert "Mực ngon, giao nhanh." in product_page
    assert "not a review" in product_page  # the OCOP stars are set apart in words too


def test_editing_within_30_days_changes_the_one_review(client, db, delivered) -> None:
    order, _product = delivered
    line = order.lines[0]
    client.post(f"/orders/{order.token}/reviews/{line.id}", data={"rating": "2", "body": "Chưa khô lắm."})
    client.post(f"/orders/{order.token}/reviews/{line.id}", data={"rating": "4", "body": "Đã hỏi lại, ổn."})
    assert _reviews(db) == 1
    assert db.session.scalar(select(Review.rating)) == 4


def test_after_30_days_the_review_is_locked(db, delivered) -> None:
    order, _product = delivered
    review = write_review(order, order.lines[0].id, "3", "ok", now=utcnow())
    with pytest.raises(DomainError) as refused:
        write_review(order, order.lines[0].id, "1", "changed", now=review.created_at + EDIT_WINDOW + timedelta(1))
    assert refused.value.code == "review_locked"


def test_a_line_not_yet_delivered_cannot_be_reviewed(client, db) -> None:
    product = make_product(stock=5)
    order = make_order({product.id: 1})
    db.session.commit()
    assert "Rate what you received" not in client.get(f"/orders/{order.token}?lang=en").get_data(as_text=True)
    response = client.post(f"/orders/{order.token}/reviews/{order.lines[0].id}", data={"rating": "5"})
    assert response.status_code == 303
    assert _reviews(db) == 0


def test_without_the_orders_token_or_with_another_orders_line_nothing_is_written(client, db, delivered) -> None:
    order, product = delivered
    other = make_order({product.id: 1})
    db.session.commit()
    assert client.post(f"/orders/not-the-token/reviews/{order.lines[0].id}", data={"rating": "5"}).status_code == 404
    assert client.post(f"/orders/{other.token}/reviews/{order.lines[0].id}", data={"rating": "5"}).status_code == 404
    assert _reviews(db) == 0


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("<script>alert(1)</script>Ngon", "Ngon"),
        ('<img src=x onerror="alert(1)">Tốt', "Tốt"),
        ("<b>đậm</b> & 5 < 6", "đậm & 5 < 6"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),
    ],
)
def test_markup_never_reaches_the_page(client, db, delivered, body: str, shown: str) -> None:
    order, product = delivered
    client.post(f"/orders/{order.token}/reviews/{order.lines[0].id}", data={"rating": "4", "body": body})
    assert db.session.scalar(select(Review.body)) == shown
    page = client.get(f"/products/{product.slug}").get_data(as_text=True)
    assert "<script>alert" not in page and "onerror" not in page


@pytest.mark.parametrize("body", ["x" * 10_000, "bad\x00byte", "bell\x07", "rtl\u202eoverride"])
def test_hostile_text_is_refused(client, db, delivered, body: str) -> None:
    order, _product = delivered
    response = client.post(f"/orders/{order.token}/reviews/{order.lines[0].id}", data={"rating": "5", "body": body})
    assert response.status_code == 303
    assert _reviews(db) == 0


@pytest.mark.parametrize("rating", ["0", "6", "4.5", "", "five", "-1"])
def test_a_rating_must_be_1_to_5(db, delivered, rating: str) -> None:
    order, _product = delivered
    with pytest.raises(DomainError):
        write_review(order, order.lines[0].id, rating, "", now=utcnow())


def test_an_officer_hides_an_abusive_review_and_the_average_follows(client, db, delivered, login_as) -> None:
    order, product = delivered
    review = write_review(order, order.lines[0].id, "1", "lời lẽ xúc phạm", now=utcnow())
    db.session.commit()
    assert ratings_for([product.id])[product.id].count == 1
    login_as("officer")
    page = client.get(f"/products/{product.slug}?lang=en").get_data(as_text=True)
    assert "Hide review" in page
    response = client.post(f"/reviews/{review.id}/hide", data={"reason": "abusive"})
    assert response.status_code == 303
    assert ratings_for([product.id]) == {}
    assert "lời lẽ xúc phạm" not in client.get(f"/products/{product.slug}").get_data(as_text=True)


def test_a_product_without_a_shown_review_reads_no_reviews(client, db, delivered, count_queries) -> None:
    """The page's cached data knows the count of visible reviews: with none, no query reads them."""
    order, product = delivered
    with count_queries() as queries:
        page = client.get(f"/products/{product.slug}?lang=en").get_data(as_text=True)
    assert "No reviews yet." in page
    assert not [q for q in queries if "ORDER BY reviews.created_at" in q]
    review = write_review(order, order.lines[0].id, "2", "khô quá", now=utcnow())
    db.session.commit()
    assert "khô quá" in client.get(f"/products/{product.slug}?lang=en").get_data(as_text=True)
    hide_review(review, actor=make_user(role="officer"), reason="abusive", now=utcnow())
    db.session.commit()
    page = client.get(f"/products/{product.slug}?lang=en").get_data(as_text=True)
    assert "No reviews yet." in page and "khô quá" not in page


def test_only_officers_hide_reviews(client, db, delivered, login_as) -> None:
    order, _product = delivered
    review = write_review(order, order.lines[0].id, "5", "", now=utcnow())
    db.session.commit()
    assert client.post(f"/reviews/{review.id}/hide").status_code == 302  # a guest: log in first
    login_as("producer")
    assert client.post(f"/reviews/{review.id}/hide").status_code == 403
    with pytest.raises(DomainError):
        hide_review(review, actor=make_user(role="customer"), reason="", now=utcnow())
    db.session.refresh(review)
    assert review.hidden_at is None


def test_ratings_for_many_products_in_one_query(db, count_queries, delivered) -> None:
    order, product = delivered
    write_review(order, order.lines[0].id, "4", "", now=utcnow())
    product_id = product.id
    with count_queries() as queries:
        ratings = ratings_for([product_id, product_id + 1000])
    assert len(queries) == 1
    assert ratings == {product.id: ratings[product.id]} and ratings[product.id].average == 4.0


def test_helpers() -> None:
    assert author_name("Nguyễn Thị Lan") == "Lan N."
    assert author_name("Mai") == "Mai"
    assert clean_body("  ok  ") == "ok"


def test_the_api_gives_a_rating_once_reviews_exist(client, db, delivered) -> None:
    order, product = delivered
    assert client.get(f"/api/v1/products/{product.slug}").get_json()["rating"] is None
    write_review(order, order.lines[0].id, "4", "", now=utcnow())
    db.session.commit()
    detail = client.get(f"/api/v1/products/{product.slug}").get_json()
    assert detail["rating"] == {"average": 4.0, "count": 1}
    assert detail["stars"] == 4  # the programme's stars, unchanged by buyers
    items = client.get("/api/v1/products").get_json()["items"]
    assert next(i for i in items if i["slug"] == product.slug)["rating"] == {"average": 4.0, "count": 1}


def test_cards_show_the_buyers_average_and_units_sold(client, db, delivered) -> None:
    order, product = delivered
    write_review(order, order.lines[0].id, "4", "", now=utcnow())
    unpaid = make_order({product.id: 3})  # cash on delivery, not delivered: not a sale yet
    db.session.commit()
    assert unpaid.lines[0].quantity == 3
    page = client.get(f"/products?lang=en&producer={product.producer.slug}").get_data(as_text=True)
    card = page.split(product.slug, 1)[1].split("</li>", 1)[0]
    assert "Buyers: 4.0/5 (1)" in card
    assert "1 sold" in card
