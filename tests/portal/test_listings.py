"""Listings: add, edit, publish and unpublish through the portal; history; GTIN; safe descriptions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storefront.catalog.history import ListingChange
from storefront.catalog.models import Product, ProductStatus
from storefront.db import utcnow
from storefront.orders.models import StockMovement
from storefront.producers.services import hide_listings, show_listings
from tests.factories import make_group, make_product


def _form(group_id: int, **overrides: Any) -> dict[str, Any]:
    values = {
        "name_vi": "Chả mực Hạ Long",
        "name_en": "Ha Long squid cake",
        "unit_vi": "hộp 500 g",
        "unit_en": "500 g box",
        "price_vnd": "250000",
        "stock": "12",
        "group_id": str(group_id),
        "gtin": "8930000000019",
        "description_vi": "Giã tay.\n\nKhông chất bảo quản.",
        "description_en": "Hand-pounded.",
    }
    values.update(overrides)
    return values


def test_a_producer_adds_a_draft_in_both_languages(client, producer_user, db) -> None:
    group = make_group()
    response = client.post("/portal/products/new", data=_form(group.id))
    assert response.status_code == 302
    product = db.session.scalars(select(Product).where(Product.name_vi == "Chả mực Hạ Long")).one()
    assert response.headers["Location"].endswith(f"/portal/products/{product.id}")
    assert product.producer_id == producer_user.producer_id
    assert product.status == ProductStatus.DRAFT
    assert (product.name_en, product.unit_vi, product.price_vnd, product.stock) == (
        "Ha Long squid cake",
        "hộp 500 g",
        250_000,
        12,
    )
    assert product.gtin == "8930000000019"
    assert "cha muc ha long" in product.search_name  # the search index is in step
    assert client.get(f"/products/{product.slug}").status_code == 404  # a draft is not in the shop


def test_publish_puts_it_in_the_shop_and_unpublish_takes_it_out(client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer, status=ProductStatus.DRAFT, name_vi="Mực khô Cô Tô")
    assert client.post(f"/portal/products/{product.id}/publish").status_code == 302
    assert "Mực khô Cô Tô" in client.get(f"/products/{product.slug}?lang=vi").get_data(as_text=True)
    assert "Mực khô Cô Tô" in client.get("/products?q=muc kho co to&lang=vi").get_data(as_text=True)
    client.post(f"/portal/products/{product.id}/unpublish")
    db.session.expire_all()
    assert product.status == ProductStatus.DRAFT
    assert client.get(f"/products/{product.slug}").status_code == 404


def test_a_wrong_gtin_check_digit_is_refused_on_the_field(client, producer_user, db) -> None:
    group = make_group()
    db.session.commit()  # a refused form rolls the request back; the test's rows stay
    response = client.post("/portal/products/new", data=_form(group.id, gtin="8930000000018"))
    assert response.status_code == 422
    assert "check digit" in response.get_data(as_text=True)
    assert db.session.scalars(select(Product).where(Product.name_vi == "Chả mực Hạ Long")).first() is None


def test_a_gtin_another_product_has_is_refused(client, producer_user, db) -> None:
    make_product(gtin="8930000000019")
    db.session.commit()
    response = client.post("/portal/products/new", data=_form(make_group().id))
    assert response.status_code == 422
    assert "Another product already has this GTIN." in response.get_data(as_text=True)


def test_bad_numbers_are_messages_not_errors(client, producer_user, db) -> None:
    group = make_group()
    db.session.commit()
    for price in ("-1", "abc", "1e9", "100000000"):
        response = client.post("/portal/products/new", data=_form(group.id, price_vnd=price))
        assert response.status_code == 422, price


def test_the_description_keeps_only_the_safe_subset(client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer)
    hostile = (
        '<p onclick="steal()">Ngon <b>lắm</b></p><script>alert(1)</script>'
        '<img src=x onerror=alert(2)><a href="javascript:alert(3)">xem</a><iframe src="//evil"></iframe>'
    )
    form = _form(product.group_id, description_vi=hostile, gtin="")
    assert client.post(f"/portal/products/{product.id}", data=form).status_code == 302
    db.session.expire_all()
    assert product.description_vi == "<p>Ngon <b>lắm</b></p>xem"
    page = client.get(f"/products/{product.slug}?lang=vi").get_data(as_text=True)
    assert "<p>Ngon <b>lắm</b></p>" in page
    for bad in ("<script>alert(1)", "onerror", "javascript:", "<iframe", "onclick"):
        assert bad not in page


def test_price_and_stock_changes_are_kept_with_who_and_when(client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer, price_vnd=100_000, stock=10)
    form = _form(product.group_id, price_vnd="120000", stock="4", gtin="")
    assert client.post(f"/portal/products/{product.id}", data=form).status_code == 302
    changes = db.session.scalars(select(ListingChange).where(ListingChange.product_id == product.id)).all()
    seen = {(c.field.value, c.old_value, c.new_value, c.user_id) for c in changes}
    assert seen == {("price_vnd", 100_000, 120_000, producer_user.id), ("stock", 10, 4, producer_user.id)}
    assert all(c.at is not None for c in changes)
    moves = db.session.scalars(select(StockMovement).where(StockMovement.product_id == product.id)).all()
    assert [m.delta for m in moves] == [-6]
    page = client.get(f"/portal/products/{product.id}").get_data(as_text=True)
    assert "History of price and stock" in page and "120,000" in page


def test_extra_fields_change_nothing_they_name(client, producer_user, db) -> None:
    """Mass assignment: producer_id, stars, status, slug and another product's id in the post are ignored."""
    product = make_product(producer=producer_user.producer, status=ProductStatus.DRAFT)
    other = make_product(stars=3, status=ProductStatus.DRAFT)
    form = _form(
        product.group_id,
        gtin="",
        producer_id=str(other.producer_id),
        stars="5",
        status="published",
        slug="hijacked",
        qr_code="HIJACK",
        id=str(other.id),
        product_id=str(other.id),
        stars_valid_until="2099-01-01",
    )
    assert client.post(f"/portal/products/{product.id}", data=form).status_code == 302
    db.session.expire_all()
    assert product.producer_id == producer_user.producer_id
    assert (product.stars, product.status, product.slug == "hijacked") == (0, ProductStatus.DRAFT, False)
    assert product.qr_code != "HIJACK"
    assert (other.stars, other.status, other.name_vi) != (5, ProductStatus.PUBLISHED, "Chả mực Hạ Long")
    assert other.status == ProductStatus.DRAFT and other.stars == 3
    created = client.post("/portal/products/new", data=form)
    new = db.session.get(Product, int(created.headers["Location"].rsplit("/", 1)[1]))
    assert new is not None
    assert (new.producer_id, new.stars, new.status) == (producer_user.producer_id, 0, ProductStatus.DRAFT)


def test_stars_and_certificates_are_shown_not_editable(client, producer_user) -> None:
    product = make_product(producer=producer_user.producer, stars=4)
    page = client.get(f"/portal/products/{product.id}").get_data(as_text=True)
    assert "OCOP 4 stars" in page
    assert 'name="stars"' not in page


def test_a_listing_the_programme_hid_cannot_be_published_again_by_the_producer(client, producer_user, db) -> None:
    producer = producer_user.producer
    product = make_product(producer=producer, name_vi="Mực khô Cô Tô")
    hide_listings(producer, now=utcnow())
    db.session.commit()
    page = client.get(f"/portal/products/{product.id}?lang=en").get_data(as_text=True)
    assert "The programme office has taken your listings out of the shop" in page
    response = client.post(f"/portal/products/{product.id}/publish?lang=en", follow_redirects=True)
    assert "so this product cannot be published now. Please contact the programme office." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert product.status == ProductStatus.DRAFT
    assert client.get(f"/products/{product.slug}").status_code == 404
    vi = client.post(f"/portal/products/{product.id}/publish?lang=vi", follow_redirects=True).get_data(as_text=True)
    assert "nên chưa thể đăng bán sản phẩm này" in vi
    # A new draft of the producer's is refused the same way; once the office shows them, all is as before.
    draft = make_product(producer=producer, status=ProductStatus.DRAFT)
    db.session.commit()
    client.post(f"/portal/products/{draft.id}/publish")
    db.session.expire_all()
    assert draft.status == ProductStatus.DRAFT
    show_listings(producer, now=utcnow())
    db.session.commit()
    assert client.post(f"/portal/products/{draft.id}/publish").status_code == 302
    db.session.expire_all()
    assert draft.status == ProductStatus.PUBLISHED and product.status == ProductStatus.PUBLISHED
