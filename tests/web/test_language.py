"""Vietnamese first; English on request, remembered; prices formatted per language."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import Shop
from tests.web.conftest import text_of


def test_vietnamese_is_the_default(client, shop: Shop) -> None:
    html = client.get("/products/mien-dong-binh-lieu").get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Thêm vào giỏ" in html and "Số lượng" in html
    assert "95.000\u00a0₫" in html


def test_english_by_query_is_remembered_in_a_cookie(client, shop: Shop) -> None:
    response = client.get("/products/mien-dong-binh-lieu?lang=en")
    assert "lang=en" in response.headers.get("Set-Cookie", "")
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html and "Add to cart" in html and "₫95,000" in html
    assert "Bình Liêu dong noodles</h1>" in html
    # the next page, with no ?lang, stays English
    later = client.get("/products").get_data(as_text=True)
    assert '<html lang="en">' in later and "All OCOP products" in later
    # and switching back is remembered too
    assert '<html lang="vi">' in client.get("/?lang=vi").get_data(as_text=True)
    assert '<html lang="vi">' in client.get("/products").get_data(as_text=True)


def test_accept_language_picks_english(client, shop: Shop) -> None:
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in html and "Five- and four-star products" in html


def test_an_unknown_language_falls_back_to_vietnamese(client, shop: Shop) -> None:
    html = client.get("/?lang=fr", headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)
    assert '<html lang="vi">' in html and "Sản phẩm 5 sao và 4 sao" in html


def test_english_product_falls_back_to_vietnamese_text_when_untranslated(client, db) -> None:
    from tests.factories import make_product

    make_product(slug="chi-tieng-viet", name_vi="Nấm lim xanh", name_en="")
    assert "Nấm lim xanh</h1>" in client.get("/products/chi-tieng-viet?lang=en").get_data(as_text=True)


def test_the_language_switch_keeps_the_page_and_its_filters(client, shop: Shop) -> None:
    html = client.get("/products?group=thuc-pham&sort=price_asc").get_data(as_text=True)
    assert 'href="/products?group=thuc-pham&amp;sort=price_asc&amp;lang=en"' in html


def test_certificate_dates_follow_the_language(client, shop: Shop) -> None:
    certificate = shop.products["muc-kho-co-to"].certificates[0]
    vi = text_of(client.get("/products/muc-kho-co-to?lang=vi").get_data(as_text=True))
    en = text_of(client.get("/products/muc-kho-co-to?lang=en").get_data(as_text=True))
    last_day = certificate.expires_on - timedelta(days=1)
    # As shoppers here write a day: 07/10/2025 in Vietnamese, 7 Oct 2025 in English (never "ngày 7 tháng 10").
    assert f"Hiệu lực đến {last_day:%d/%m/%Y}" in vi and "tháng" not in vi
    assert f"Valid until {last_day.day} {last_day:%b %Y}" in en


def test_days_and_times_are_written_the_shop_s_way(app) -> None:
    from datetime import UTC, date, datetime

    from flask_babel import force_locale

    from storefront.i18n import format_day, format_moment, machine_time

    moment = datetime(2025, 10, 7, 3, 5, 9, 123456, tzinfo=UTC)  # 10:05 in Vietnam
    with app.test_request_context("/"):
        with force_locale("vi"):
            assert format_day(date(2025, 10, 7), "long") == "07/10/2025"
            assert format_moment(moment, "short") == "10:05 07/10/2025"
        with force_locale("en"):
            assert format_day(date(2025, 10, 7)) == "7 Oct 2025"
            assert format_moment(moment) == "7 Oct 2025, 10:05"
    assert machine_time(moment) == "2025-10-07T03:05:09Z" and machine_time(date(2025, 10, 7)) == "2025-10-07"


def test_forcing_a_locale_inside_a_request_still_translates_templates(app, db) -> None:
    from flask import render_template_string
    from flask_babel import force_locale

    with app.test_request_context("/?lang=en"):
        assert render_template_string("{{ _('Add to cart') }}") == "Add to cart"
        with force_locale("vi"):
            assert render_template_string("{{ _('Add to cart') }}") == "Thêm vào giỏ"
        assert render_template_string("{{ _('Add to cart') }}") == "Add to cart"


def test_the_layout_rendered_once_per_language_never_mixes_languages_or_visitors(app, client, shop: Shop) -> None:
    # Tests run with auto-reload (debug), which renders the layout afresh; production keeps it per process.
    saved = app.jinja_env.auto_reload
    app.jinja_env.auto_reload = False
    app.extensions.pop("storefront_layout_blocks", None)
    try:
        for _ in range(2):
            vi = client.get("/products?lang=vi").get_data(as_text=True)
            assert "Chuyển đến nội dung" in vi and "Tìm sản phẩm" in vi and "Skip to content" not in vi
            en = client.get("/products?lang=en&q=muc").get_data(as_text=True)
            assert "Skip to content" in en and "Search products" in en and "Tìm sản phẩm" not in en
            # what is per request still is: the words searched for and the cart count
            assert 'name="q" value="muc"' in en and "data-cart-count>0</span>" in en
        assert ("site_footer", "vi") in app.extensions["storefront_layout_blocks"]
    finally:
        app.jinja_env.auto_reload = saved
        app.extensions.pop("storefront_layout_blocks", None)
