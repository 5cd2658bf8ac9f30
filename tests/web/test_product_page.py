"""A product's page: gallery, price, stock, certificate, producer, place, more products, buying or booking."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from tests.factories import TODAY, Shop, make_certificate, make_image, make_product
from tests.web.conftest import card_names, text_of


def ld_json(html: str) -> list[dict]:
    return [json.loads(body) for body in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_product_page_shows_what_a_shopper_needs(client, shop: Shop) -> None:
    make_image(shop.products["muc-kho-co-to"])
    make_image(shop.products["muc-kho-co-to"], alt_vi="Mực khô phơi nắng", alt_en="Squid drying in the sun")
    response = client.get("/products/muc-kho-co-to")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = text_of(html)
    assert "<h1" in html and "Mực khô Cô Tô</h1>" in html
    assert "1.250.000\u00a0₫" in text and "gói 500 g" in text
    # gallery: every picture with its alt text
    assert 'src="/media/products/muc-kho-co-to-0.png" alt="Ảnh Mực khô Cô Tô"' in html
    assert 'alt="Mực khô phơi nắng"' in html
    # the producer and the place, with the former district
    assert 'href="/producers/htx-thuy-san-co-to"' in html
    assert "Đặc khu Cô Tô" in text and "huyện Cô Tô" in text
    # more from the producer, not the product itself
    assert "Mực một nắng Cô Tô" in card_names(html)
    assert "Mực khô Cô Tô" not in card_names(html)


def test_the_certificate_is_shown_in_full(client, shop: Shop) -> None:
    squid = shop.products["muc-kho-co-to"]
    certificate = squid.certificates[0]
    text = text_of(client.get("/products/muc-kho-co-to?lang=en").get_data(as_text=True))
    assert "★★★★★" in text
    assert certificate.number in text
    assert certificate.decision_number in text
    assert "UBND tỉnh Quảng Ninh" in text and "Provincial council" in text
    assert str(certificate.decided_on.year) in text
    # `expires_on` is the first day it no longer counts: the page names the last day it does.
    last_day = certificate.expires_on - timedelta(days=1)
    assert f"Valid until {last_day.day} {last_day:%b %Y}" in text


def test_an_expired_certificate_shows_no_stars_and_says_it_expired(client, shop: Shop) -> None:
    html = client.get("/products/banh-gai-het-han?lang=en").get_data(as_text=True)
    text = text_of(html.split('class="more"')[0])
    assert "★" not in text
    assert "This certificate expired on" in text
    assert "shows no stars" in text
    data = ld_json(html)[0]
    assert "award" not in data


def test_a_product_without_a_certificate_says_so(client, shop: Shop) -> None:
    text = text_of(client.get("/products/duong-phen-dam-ha?lang=en").get_data(as_text=True).split('class="more"')[0])
    assert "no OCOP star rating yet" in text and "★" not in text


def test_the_cart_form_posts_slug_and_quantity_with_a_csrf_token(app, client, shop: Shop) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        html = client.get("/products/mien-dong-binh-lieu?lang=en").get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    form = html.split('<form class="add-to-cart"')[1].split("</form>")[0]
    assert 'method="post" action="/cart/add"' in form
    assert 'name="product" value="mien-dong-binh-lieu"' in form
    assert re.search(r'<input type="hidden" name="csrf_token" value="[^"]{20,}">', form)
    assert '<label for="quantity">Quantity</label>' in form
    assert 'id="quantity" name="quantity"' in form
    assert '<button type="submit" class="button primary">Add to cart</button>' in form


def test_stock_state(client, db) -> None:
    make_product(slug="het-hang", stock=0)
    make_product(slug="sap-het", stock=3)
    sold_out = client.get("/products/het-hang?lang=en").get_data(as_text=True)
    assert "add-to-cart" not in sold_out
    # Said once, clearly, where the add-to-cart form would be; not again as a stock line above it.
    assert text_of(sold_out).count("Sold out for now. The producer is preparing more.") == 1
    assert "Out of stock" not in text_of(sold_out) and sold_out.count("stock-out") == 1
    vi = text_of(client.get("/products/het-hang?lang=vi").get_data(as_text=True))
    assert vi.count("Tạm hết hàng") == 1 and "Hết hàng" not in vi
    assert ld_json(sold_out)[0]["offers"]["availability"] == "https://schema.org/OutOfStock"
    low = text_of(client.get("/products/sap-het?lang=en").get_data(as_text=True))
    assert "Only 3 left" in low


def test_a_tourism_service_is_booked_not_added_to_a_cart(client, shop: Shop) -> None:
    html = client.get("/products/homestay-co-to?lang=en").get_data(as_text=True)
    assert "add-to-cart" not in html and "Add to cart" not in html
    assert "Book this experience" in html
    assert 'href="tel:0912345678"' in html
    assert 'href="mailto:htx-thuy-san-co-to@example.com' in html


def test_json_ld_describes_the_product_and_its_vnd_offer(client, shop: Shop) -> None:
    make_image(shop.products["muc-kho-co-to"])
    html = client.get("/products/muc-kho-co-to").get_data(as_text=True)
    (data,) = ld_json(html)
    assert data["@type"] == "Product" and data["name"] == "Mực khô Cô Tô"
    offer = data["offers"]
    assert offer["priceCurrency"] == "VND"
    assert offer["price"] == 1_250_000 and isinstance(offer["price"], int)
    assert offer["availability"] == "https://schema.org/InStock"
    assert data["image"] == ["https://shop.example/media/products/muc-kho-co-to-0.png"]
    assert data["url"] == "https://shop.example/products/muc-kho-co-to"
    assert data["brand"]["name"] == "HTX Thủy sản Cô Tô"
    assert '<meta property="og:image" content="https://shop.example/media/products/muc-kho-co-to-0.png">' in html


def test_json_ld_of_a_product_without_pictures_names_none(client, shop: Shop) -> None:
    html = client.get("/products/mien-dong-binh-lieu").get_data(as_text=True)
    assert "image" not in ld_json(html)[0]
    assert "og:image" not in html


def test_json_ld_text_cannot_break_out_of_its_script(client, db) -> None:
    hostile = '</script><script>alert(1)</script><!-- & "'
    make_product(slug="hostile", name_vi=hostile, description_vi=hostile)
    html = client.get("/products/hostile").get_data(as_text=True)
    body = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in body and ">" not in body
    assert json.loads(body)["name"] == hostile
    assert "<script>alert(1)</script>" not in html


def test_every_page_has_a_title_description_and_canonical_link(client, shop: Shop) -> None:
    for path, canonical in [
        ("/", "https://shop.example/"),
        ("/products?group=thuc-pham&lang=en", "https://shop.example/products?group=thuc-pham"),
        ("/products/muc-kho-co-to", "https://shop.example/products/muc-kho-co-to"),
        ("/producers", "https://shop.example/producers"),
        ("/producers/htx-thuy-san-co-to", "https://shop.example/producers/htx-thuy-san-co-to"),
    ]:
        html = client.get(path).get_data(as_text=True)
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert len(title.strip()) > len(" · OCOP Quảng Ninh"), path
        description = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert description and len(description.group(1)) > 10, path
        assert f'<link rel="canonical" href="{canonical}">' in html, path


def test_pages_have_no_inline_script_and_carry_a_csp(client, shop: Shop) -> None:
    for path in (
        "/",
        "/products",
        "/products?q=muc",
        "/products/muc-kho-co-to",
        "/producers",
        "/producers/htx-thuy-san-co-to",
    ):
        response = client.get(path)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        html = response.get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/ld+json"' in tag, (path, tag)
        assert not re.search(r"\son[a-z]+=", html), path  # no inline event handlers
        assert ' style="' not in html, path


def test_a_draft_product_is_not_found(client, shop: Shop) -> None:
    response = client.get("/products/san-pham-nhap")
    assert response.status_code == 404


def test_an_unknown_product_is_a_404_in_vietnamese_by_default(client, shop: Shop) -> None:
    response = client.get("/products/khong-co")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Không tìm thấy trang" in html


def test_an_unknown_product_is_a_404_in_english_when_asked(client, shop: Shop) -> None:
    response = client.get("/products/khong-co?lang=en")
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)


def test_certificate_validity_is_judged_on_vietnam_s_day(client, db, monkeypatch) -> None:
    product = make_product(slug="het-han-hom-nay")
    certificate = make_certificate(product, stars=4, decided_on=TODAY - timedelta(days=400), today=TODAY)
    # The certificate's last valid day is the day before `expires_on`.
    monkeypatch.setattr("storefront.web.views.vn_today", lambda now=None: certificate.expires_on - timedelta(days=1))
    assert "★★★★" in client.get("/products/het-han-hom-nay").get_data(as_text=True)
    monkeypatch.setattr("storefront.web.views.vn_today", lambda now=None: certificate.expires_on)
    assert "★" not in text_of(client.get("/products/het-han-hom-nay").get_data(as_text=True))


def test_the_product_form_puts_the_product_in_the_cart(client, shop: Shop) -> None:
    html = client.get("/products/mien-dong-binh-lieu?lang=en").get_data(as_text=True)
    form = html.split('<form class="add-to-cart"')[1].split("</form>")[0]
    action = re.search(r'action="([^"]+)"', form).group(1)
    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', form))
    response = client.post(action, data={"product": fields["product"], "quantity": "2"})
    assert response.status_code in (302, 303)
    cart = text_of(client.get("/cart").get_data(as_text=True))
    assert "Bình Liêu dong noodles" in cart or "Miến dong Bình Liêu" in cart


def test_the_quantity_is_capped_by_stock_and_the_cart_limit(client, db) -> None:
    make_product(slug="nhieu-hang", stock=5000)
    make_product(slug="it-hang", stock=7)
    assert 'max="99"' in client.get("/products/nhieu-hang").get_data(as_text=True)
    assert 'max="7"' in client.get("/products/it-hang").get_data(as_text=True)


def test_the_cached_product_page_gives_each_visitor_their_own_csrf_token(app, db) -> None:
    from cachelib import SimpleCache

    from storefront.extensions import cache
    from tests.conftest import fresh_client

    make_product(slug="mien-dong", stock=4)
    db.session.commit()
    original = app.extensions["cache"][cache]
    app.extensions["cache"][cache] = SimpleCache()
    try:
        tokens = []
        for _ in range(2):  # the second visitor is served from the cache
            html = fresh_client(app).get("/products/mien-dong?lang=en").get_data(as_text=True)
            form = html.split('<form class="add-to-cart" method="post" action="/cart/add"')[1].split("</form>")[0]
            assert 'name="product" value="mien-dong"' in form and 'max="4"' in form and "Add to cart" in form
            tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', form).group(1))
        assert tokens[0] != tokens[1]
    finally:
        app.extensions["cache"][cache] = original
