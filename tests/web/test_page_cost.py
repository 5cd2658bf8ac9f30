"""A page costs the same number of queries for 3 products as for 30; cached pages follow every change."""

from __future__ import annotations

from typing import Any

import pytest

from storefront.extensions import db
from tests.conftest import fresh_client
from tests.factories import TODAY, make_group, make_image, make_producer, make_product


def _add(n: int, group: Any, producer: Any) -> None:
    for i in range(n):
        product = make_product(
            group=group, producer=producer, locality=producer.locality, stars=[4, 5, None][i % 3], today=TODAY
        )
        make_image(product)
        make_image(product)
    db.session.flush()
    db.session.expunge_all()


def _queries(client: Any, count_queries: Any, path: str) -> int:
    with count_queries() as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/products",
        "/products?q=san+pham",
        "/products?stars=4&sort=price_desc",
        "/products?group={group}",
        "/products/{slug}",
        "/producers",
        "/producers/{producer}",
    ],
)
def test_query_count_does_not_grow_with_the_catalogue(client, db, count_queries, path: str) -> None:
    group = make_group(code="1", position=1)
    producer = make_producer()
    make_product(slug="the-product", group=group, producer=producer, stars=5, today=TODAY)
    _add(3, group, producer)
    url = path.format(group=group.slug, slug="the-product", producer=producer.slug)
    few = _queries(client, count_queries, url)
    group, producer = db.session.merge(group), db.session.merge(producer)
    _add(30, group, producer)
    many = _queries(client, count_queries, url)
    assert few == many, url
    assert many <= 8, url


def test_a_cached_page_costs_no_catalogue_queries_and_follows_changes(client, db, count_queries, memory_cache) -> None:
    product = make_product(slug="che-tien-yen", name_vi="Chè Tiên Yên", price_vnd=120_000, stars=4, today=TODAY)
    db.session.commit()
    for path in ("/", "/products", "/products/che-tien-yen", "/producers"):
        assert client.get(path).status_code == 200
        with count_queries() as queries:
            again = client.get(path)
        assert again.status_code == 200
        assert not [q for q in queries if "products" in q or "producers" in q], path
    product.name_vi = "Chè xanh Tiên Yên"
    product.price_vnd = 135_000
    db.session.commit()
    for path in ("/products", "/products/che-tien-yen"):
        html = client.get(path).get_data(as_text=True)
        assert "Chè xanh Tiên Yên" in html and "135.000\u00a0₫" in html, path
    assert "Chè xanh Tiên Yên" in client.get("/").get_data(as_text=True)


def test_the_cache_keeps_languages_apart(client, db, memory_cache) -> None:
    make_product(slug="tra-hoa-vang", name_vi="Trà hoa vàng", name_en="Golden camellia tea", price_vnd=150_000)
    db.session.commit()
    assert "150.000\u00a0₫" in client.get("/products/tra-hoa-vang?lang=vi").get_data(as_text=True)
    english = client.get("/products/tra-hoa-vang?lang=en").get_data(as_text=True)
    assert "₫150,000" in english and "Golden camellia tea</h1>" in english


def test_the_cart_form_is_never_cached(app, client, db, memory_cache) -> None:
    make_product(slug="mat-ong", name_vi="Mật ong rừng")
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        first = client.get("/products/mat-ong").get_data(as_text=True)
        other = fresh_client(app).get("/products/mat-ong").get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False

    def token(html: str) -> str:
        return html.split('name="csrf_token" value="')[1].split('"')[0]

    assert token(first) != token(other)


def test_the_cached_purchase_box_carries_each_visitors_token_and_todays_limit(app, client, db, memory_cache) -> None:
    """The purchase box is cached with the page; the token and the quantity limit are put in per request:
    the visitor's own token adds to the cart, and a changed limit shows at once on the cached page."""
    import re

    from storefront.web.fragments import MAX_SLOT, TOKEN_SLOT

    make_product(slug="mien-dong", name_vi="Miến dong Bình Liêu", stock=40)
    make_product(slug="het-hang", name_vi="Chè hết hàng", stock=0)
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    limit = app.config["MAX_UNITS_PER_PRODUCT"]
    try:
        first = client.get("/products/mien-dong").get_data(as_text=True)  # built and cached
        visitor = fresh_client(app)
        page = visitor.get("/products/mien-dong").get_data(as_text=True)  # from the cache
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert token not in first
        added = visitor.post("/cart/add", data={"product": "mien-dong", "quantity": "2", "csrf_token": token})
        assert added.status_code in (302, 303)
        assert "2" in visitor.get("/cart").get_data(as_text=True)
        refused = fresh_client(app).post(
            "/cart/add", data={"product": "mien-dong", "quantity": "2", "csrf_token": token}
        )
        assert refused.status_code == 400  # another visitor's token is no good

        app.config.update(MAX_UNITS_PER_PRODUCT=7, RATELIMIT_ENABLED=True)  # the cap is one of the limits
        later = fresh_client(app).get("/products/mien-dong").get_data(as_text=True)
        assert 'max="7"' in later
        assert TOKEN_SLOT not in later and MAX_SLOT not in later

        sold_out = fresh_client(app).get("/products/het-hang")
        assert sold_out.status_code == 200 and "Set-Cookie" not in sold_out.headers
        assert TOKEN_SLOT not in sold_out.get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
        app.config.update(MAX_UNITS_PER_PRODUCT=limit, RATELIMIT_ENABLED=False)


def test_a_producers_text_cannot_reach_the_purchase_boxs_stand_ins(app, client, db, memory_cache) -> None:
    """A producer who writes the stand-ins' words into a service's name and unit gets them shown as text:
    no visitor's CSRF token lands in the booking e-mail's subject, and the page starts no session."""
    from storefront.web.fragments import MAX_SLOT, TOKEN_SLOT

    tours = make_group(is_shippable=False)
    producer = make_producer(email="htx@example.vn")
    make_product(
        slug="tour-thu",
        name_vi=f"Tour {TOKEN_SLOT} csrf-token-of-this-request",
        unit_vi=f"{MAX_SLOT} người",
        group=tours,
        producer=producer,
    )
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client.get("/products/tour-thu")  # built and cached
        response = fresh_client(app).get("/products/tour-thu")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers  # no form, no token, no session
    assert "&lt;max-units-of-this-request&gt; người" in html  # the unit as the producer wrote it
    assert "mailto:htx@example.vn?subject=Tour%20%3Ccsrf-token-of-this-request%3E" in html


def test_more_from_a_producer_is_rendered_once_for_its_pages_and_follows_changes(
    client, db, count_queries, memory_cache
) -> None:
    """Pages of one producer that are not on its "more from" list show the same block, read from the
    cache with no query for its cards; a page on the list never shows itself; a change shows at once."""
    producer = make_producer()
    best = [make_product(slug=f"hang-dau-{n}", name_vi=f"Hàng đầu {n}", producer=producer, stars=5) for n in range(5)]
    for n in range(2):
        make_product(slug=f"hang-khac-{n}", name_vi=f"Hàng khác {n}", producer=producer)
    db.session.commit()

    def more(html: str) -> str:
        return html[html.index('id="more-producer-heading"') :]

    first = client.get("/products/hang-khac-0").get_data(as_text=True)
    with count_queries() as queries:
        second = client.get("/products/hang-khac-1").get_data(as_text=True)
    assert more(second) == more(first) and all(f"Hàng đầu {n}<" in more(second) for n in range(1, 5))  # newest first
    assert not [q for q in queries if "product_images" in q and "producers" in q and " IN (" in q]  # no cards
    on_the_list = more(client.get("/products/hang-dau-4").get_data(as_text=True))
    assert "Hàng đầu 4<" not in on_the_list and "Hàng đầu 0<" in on_the_list
    best[1].name_vi = "Hàng đầu đổi tên"
    db.session.commit()
    assert "Hàng đầu đổi tên<" in more(client.get("/products/hang-khac-1").get_data(as_text=True))
