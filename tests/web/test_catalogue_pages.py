"""The home page and the catalogue, as a shopper sees them."""

from __future__ import annotations

import re

import pytest

from tests.factories import Shop
from tests.web.conftest import card_names, text_of


def test_home_shows_featured_products_groups_and_places(client, shop: Shop) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    featured = html.split('id="featured-heading"')[1].split("</section>")[0]
    assert set(card_names(featured)) == {
        "Mực khô Cô Tô",
        "Chả mực Hạ Long",
        "Miến dong Bình Liêu",
        "Ba kích tím Ba Chẽ",
    }
    assert card_names(featured)[0] in {"Mực khô Cô Tô", "Chả mực Hạ Long"}  # five stars first
    for group in (
        "Thực phẩm",
        "Đồ uống",
        "Thảo dược",
        "Thủ công mỹ nghệ",
        "Sinh vật cảnh",
        "Dịch vụ du lịch cộng đồng",
    ):
        assert group in html
    assert 'href="/products?group=thuc-pham"' in html
    assert 'href="/products?locality=xa-binh-lieu"' in html and "huyện Bình Liêu" in html


def test_catalogue_lists_published_products_newest_first(client, shop: Shop) -> None:
    html = client.get("/products").get_data(as_text=True)
    names = card_names(html)
    assert len(names) == 9
    assert names[0] == "Bánh gai Hoành Bồ" and names[-1] == "Mực khô Cô Tô"
    assert "Sản phẩm nháp" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=muc+co+to", "Mực khô Cô Tô"),
        ("q=mien+dong", "Miến dong Bình Liêu"),
        ("q=ba+kich", "Ba kích tím Ba Chẽ"),
        ("q=duong+phen", "Đường phèn Đầm Hà"),
        ("q=M%E1%BB%B1c+kh%C3%B4", "Mực khô Cô Tô"),
    ],
)
def test_search_without_diacritics(client, shop: Shop, query: str, expected: str) -> None:
    html = client.get(f"/products?{query}").get_data(as_text=True)
    assert card_names(html)[0] == expected


def test_search_keeps_the_query_in_the_box_and_title(client, shop: Shop) -> None:
    html = client.get("/products?q=muc+co+to").get_data(as_text=True)
    assert 'value="muc co to"' in html
    assert re.search(r"<title>[^<]*muc co to", html)
    assert '<meta name="robots" content="noindex, follow">' in html


def test_a_search_that_finds_nothing_says_so(client, shop: Shop) -> None:
    text = text_of(client.get("/products?q=pizza").get_data(as_text=True))
    assert "No products match these filters." in text or "Không có sản phẩm" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stars=5", {"Mực khô Cô Tô", "Chả mực Hạ Long"}),
        ("group=thuy-san", {"Mực khô Cô Tô", "Chả mực Hạ Long", "Mực một nắng Cô Tô"}),
        ("group=do-uong", {"Rượu ba kích Ba Chẽ"}),
        ("locality=xa-ba-che", {"Ba kích tím Ba Chẽ", "Rượu ba kích Ba Chẽ"}),
        ("producer=cong-ty-cha-muc-ha-long", {"Chả mực Hạ Long", "Bánh gai Hoành Bồ"}),
        ("stars=4&group=thuc-pham", {"Mực khô Cô Tô", "Chả mực Hạ Long", "Miến dong Bình Liêu"}),
        ("group=no-such-group", set()),
    ],
)
def test_filters(client, shop: Shop, query: str, expected: set[str]) -> None:
    response = client.get(f"/products?{query}")
    assert response.status_code == 200
    assert set(card_names(response.get_data(as_text=True))) == expected


def test_filters_show_as_selected_choices(client, shop: Shop) -> None:
    html = client.get("/products?stars=4&group=thao-duoc&locality=xa-ba-che&sort=price_desc").get_data(as_text=True)
    assert '<option value="4" selected>' in html
    assert '<option value="thao-duoc" selected>' in html
    assert '<option value="xa-ba-che" selected>' in html
    assert '<option value="price_desc" selected>' in html
    for label in ('for="filter-stars"', 'for="filter-group"', 'for="filter-locality"', 'for="filter-sort"'):
        assert label in html


def test_each_page_selects_its_own_group_and_place_in_its_own_language(client, shop: Shop, memory_cache) -> None:
    """The group and place fields are rendered once per choice and language and then remembered: a page
    never shows the choice or the language of the page that was rendered before it."""
    for _shown in range(2):  # rendered, then remembered
        for group, place in (("thao-duoc", "xa-ba-che"), ("thuc-pham", None), (None, "xa-ba-che"), (None, None)):
            args = "&".join(f"{k}={v}" for k, v in (("group", group), ("locality", place)) if v)
            for language, herbs in (("vi", "Thảo dược"), ("en", "Herbs and herbal products")):
                html = client.get(f"/products?{args}&lang={language}").get_data(as_text=True)
                for field, chosen in (("group", group), ("locality", place)):
                    select = re.search(rf'<select id="filter-{field}".*?</select>', html, re.S)
                    assert select, (field, args, language)
                    selected = re.findall(r'<option value="([^"]*)" selected>', select.group(0))
                    assert selected == ([chosen] if chosen else []), (field, args, language)
                assert f">— {herbs}<" in html or f">{herbs}<" in html, (args, language)


def test_sorting_by_price(client, shop: Shop) -> None:
    cheapest = card_names(client.get("/products?sort=price_asc").get_data(as_text=True))
    dearest = card_names(client.get("/products?sort=price_desc").get_data(as_text=True))
    assert cheapest[0] == "Bánh gai Hoành Bồ" and cheapest[-1] == "Mực khô Cô Tô"
    assert dearest == list(reversed(cheapest))


def test_sorting_by_stars_puts_five_stars_first_and_unrated_last(client, shop: Shop) -> None:
    names = card_names(client.get("/products?sort=stars").get_data(as_text=True))
    assert set(names[:2]) == {"Mực khô Cô Tô", "Chả mực Hạ Long"}
    assert set(names[-2:]) == {"Bánh gai Hoành Bồ", "Đường phèn Đầm Hà"}


def test_pagination_links(client, db) -> None:
    from tests.factories import make_group, make_product

    group = make_group()
    for _ in range(30):
        make_product(group=group)
    html = client.get("/products?sort=price_asc").get_data(as_text=True)
    assert len(card_names(html)) == 24
    assert 'rel="next" href="/products?sort=price_asc&amp;page=2"' in html
    second = client.get("/products?sort=price_asc&page=2").get_data(as_text=True)
    assert len(card_names(second)) == 6
    assert 'rel="prev" href="/products?sort=price_asc"' in second
    assert 'rel="next"' not in second
    assert "Page 2 of 2" in text_of(second) or "Trang 2 / 2" in text_of(second)


@pytest.mark.parametrize("page", ["3", "99", "10000", "99999999999999"])
def test_a_page_beyond_the_last_is_empty_with_a_way_back(client, shop: Shop, page: str) -> None:
    response = client.get(f"/products?page={page}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert card_names(html) == []
    assert 'href="/products"' in html  # back to the first page


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=abc",
        "page=",
        "page=1.5",
        "stars=99",
        "stars=-3",
        "stars=%3Cb%3E",
        "sort=nonsense",
        "group=%00",
        "locality=" + "x" * 3000,
        "producer=../../etc",
        "q=" + "a" * 5000,
        "q=" + "mực " * 1500,
        "q=%27%3B+DROP+TABLE+products%3B+--",
        "q=%22+OR+1%3D1+--",
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "q=%00%01%02",
        "q=%25%25%25&page=2",
        "q=_",
        "q=\\",
        "lang=xx",
        "stars=4&stars=5&page=2&page=x",
    ],
)
def test_malformed_query_values_never_give_an_error_page(client, shop: Shop, query: str) -> None:
    response = client.get(f"/products?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "<h1>" in html


def test_html_in_the_query_is_escaped(client, shop: Shop) -> None:
    html = client.get("/products?q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E").get_data(as_text=True)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_cards_show_price_unit_stars_producer_and_place(client, shop: Shop) -> None:
    html = client.get("/products?q=mien+dong").get_data(as_text=True)
    card = html.split('class="card"')[1].split("</li>")[0]
    assert "95.000\u00a0₫" in card
    assert "gói 500 g" in card
    assert "★★★★" in card and "★★★★★" not in card
    assert "HTX Miến dong Bình Liêu" in card and "Xã Bình Liêu" in card
    assert 'href="/products/mien-dong-binh-lieu"' in card


def test_a_product_with_an_expired_certificate_shows_no_stars_on_its_card(client, shop: Shop) -> None:
    html = client.get("/products?q=banh+gai").get_data(as_text=True)
    card = html.split('class="card"')[1].split("</li>")[0]
    assert "★" not in card


def test_robots_txt_keeps_crawlers_to_the_catalogue(client, db) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    body = response.get_data(as_text=True)
    assert "Disallow: /checkout" in body and "Disallow: /portal/" in body
    assert "Disallow: /products\n" not in body


def test_sitemaps_list_pages_producers_and_published_products(client, shop: Shop) -> None:
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: https://shop.example/sitemap.xml" in robots
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index.mimetype == "application/xml"
    body = index.get_data(as_text=True)
    assert "<loc>https://shop.example/sitemap-pages.xml</loc>" in body
    assert "<loc>https://shop.example/sitemap-products-1.xml</loc>" in body
    pages = client.get("/sitemap-pages.xml").get_data(as_text=True)
    assert "<loc>https://shop.example/producers/htx-thuy-san-co-to</loc>" in pages
    assert "<loc>https://shop.example/products?group=thuc-pham</loc>" in pages
    products = client.get("/sitemap-products-1.xml").get_data(as_text=True)
    assert "<loc>https://shop.example/products/muc-kho-co-to</loc>" in products
    assert "san-pham-nhap" not in products
    assert products.count("<url>") == 9
    assert client.get("/sitemap-products-2.xml").status_code == 404
    assert client.get("/sitemap-products-0.xml").status_code == 404


def test_a_producer_filter_shows_as_a_removable_choice(client, shop: Shop) -> None:
    html = client.get("/products?producer=htx-duoc-lieu-ba-che&sort=price_asc&lang=en").get_data(as_text=True)
    assert "Products by HTX Dược liệu Ba Chẽ" in html
    assert "Producer: HTX Dược liệu Ba Chẽ" in text_of(html)
    assert '<input type="hidden" name="producer" value="htx-duoc-lieu-ba-che">' in html
    assert 'href="/products?sort=price_asc">Remove' in html


def test_cached_fragments_carry_no_indentation_and_keep_words_apart(client, shop: Shop) -> None:
    from storefront.web.fragments import block

    assert block("<p>\n      Mực\n  khô</p>\n    <a>x</a> <a>y</a>") == "<p>\nMực\nkhô</p>\n<a>x</a> <a>y</a>"
    html = client.get("/products?lang=en").get_data(as_text=True)
    main = html.split('<main id="main" class="wrap" tabindex="-1">')[1].split("</main>")[0]
    assert not re.search(r"\n {4}", main.strip()), re.findall(r".{40}\n {4}.{20}", main)[:3]
    assert "All OCOP products</h1>" in main and "HTX Thủy sản Cô Tô · Đặc khu Cô Tô" in main


def test_only_the_public_pages_skip_the_rate_limit_check(app) -> None:
    from storefront.extensions import limiter
    from storefront.web.views import _is_public_page

    assert _is_public_page in limiter._request_filters  # Flask-Limiter keeps its filters there
    with app.test_request_context("/products?page=3"):
        assert _is_public_page()
    with app.test_request_context("/orders/abc/card", method="POST"):
        assert not _is_public_page()  # a POST that declares a limit keeps it
