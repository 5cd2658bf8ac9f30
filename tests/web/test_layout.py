"""The layout kept per process (header parts, menu, footer) still shows each visitor their own page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from storefront.templating import LAYOUT_BLOCKS_KEPT, layout_block
from tests.conftest import fresh_client
from tests.factories import make_product


@pytest.fixture()
def kept_layout(app: Flask) -> Iterator[dict[Any, Any]]:
    """The layout's blocks kept as in production: tests run with auto-reload (debug), which renders afresh."""
    saved = app.jinja_env.auto_reload
    app.jinja_env.auto_reload = False
    blocks: dict[Any, Any] = app.extensions.setdefault("storefront_layout_blocks", {})
    blocks.clear()
    try:
        yield blocks
    finally:
        app.jinja_env.auto_reload = saved
        blocks.clear()


def _header(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def _switch(html: str) -> dict[str, str]:
    """The language switch's links, {language: address}, for the languages the page is not shown in."""
    switch = re.search(r'<span class="lang-switch">(.*?)</span>', html, flags=re.S)
    assert switch is not None
    links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+">', switch[1])
    return {code: href.replace("&amp;", "&") for href, code in links}


def _alternates(html: str) -> dict[str, str]:
    links = re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html)
    return {code: href.replace("&amp;", "&") for code, href in links}


def test_a_signed_in_visitor_and_a_cart_show_through_the_kept_layout(app, client, db, login_as, kept_layout) -> None:
    make_product(slug="muc-kho", name_vi="Mực khô", stock=20)
    anonymous = fresh_client(app)
    login_as("customer")
    client.post("/cart/add", data={"product": "muc-kho", "quantity": 3})
    for _ in range(2):  # the second time from the kept blocks
        header = _header(anonymous.get("/").get_data(as_text=True))
        assert 'class="account-link" href="/login">Đăng nhập</a>' in header
        assert "data-cart-count>0<" in header
        header = _header(client.get("/").get_data(as_text=True))
        assert 'class="account-link" href="/account">Tài khoản</a>' in header and "/login" not in header
        assert "data-cart-count>3<" in header
    assert {("account_link", "vi", False), ("account_link", "vi", True), ("cart_link", "vi", 3)} <= set(kept_layout)
    # and nothing of either visitor is kept in the blocks shared by everyone
    assert not any("Tài khoản" in block for key, block in kept_layout.items() if key[0] != "account_link")


def test_the_language_switch_links_to_this_page_in_each_language(client, db, kept_layout) -> None:
    # PUBLIC_BASE_URL is https://shop.example in the tests' settings
    make_product(slug="muc-kho", name_vi="Mực khô", name_en="Dried squid")
    make_product(slug="mien-dong", name_vi="Miến dong", name_en="Dong noodles")
    for slug in ("muc-kho", "mien-dong"):  # the second page is no copy of the first's links
        vi = client.get(f"/products/{slug}?lang=vi").get_data(as_text=True)
        assert _switch(vi) == {"en": f"/products/{slug}?lang=en"}
        assert 'lang="vi"' in vi and '<strong aria-current="true">VI</strong>' in vi
        en = client.get(f"/products/{slug}?lang=en").get_data(as_text=True)
        assert _switch(en) == {"vi": f"/products/{slug}?lang=vi"}
        assert '<strong aria-current="true">EN</strong>' in en and "Skip to content" in en
        for html in (vi, en):
            assert _alternates(html) == {
                "vi": f"https://shop.example/products/{slug}?lang=vi",
                "en": f"https://shop.example/products/{slug}?lang=en",
            }
    listing = client.get("/products?stars=5&lang=en&sort=newest").get_data(as_text=True)
    assert _switch(listing) == {"vi": "/products?stars=5&lang=vi&sort=newest"}
    assert 'rel="canonical" href="https://shop.example/products?stars=5&amp;sort=newest"' in listing


def test_a_warm_page_costs_no_more_queries_than_the_first(
    app, client, db, count_queries, memory_cache, login_as, kept_layout
) -> None:
    make_product(slug="muc-kho", name_vi="Mực khô", stars=5)
    anonymous = fresh_client(app)

    def queries(visitor: Any, path: str) -> int:
        with count_queries() as statements:
            assert visitor.get(path).status_code == 200
        return len(statements)

    for path in ("/", "/products", "/products/muc-kho"):
        first = queries(anonymous, path)
        warm = [queries(anonymous, path) for _ in range(3)]
        assert warm[0] <= first and len(set(warm)) == 1, path
    # An anonymous visitor's layout reads nothing from the database: a cached home page costs no query.
    assert queries(anonymous, "/") == 0
    login_as("customer")
    signed_in = [queries(client, "/") for _ in range(3)]
    assert len(set(signed_in)) == 1 and signed_in[0] <= 2  # the visitor's session row, whatever the layout kept


def test_cart_counts_past_what_the_layout_keeps_are_rendered_each_time(app, db, kept_layout) -> None:
    with app.test_request_context("/?lang=en"):
        for count in range(LAYOUT_BLOCKS_KEPT + 20):
            assert f"data-cart-count>{count}<" in layout_block("cart_link", count)
    assert len(kept_layout) == LAYOUT_BLOCKS_KEPT


def test_a_visitor_without_cookies_gets_no_session_and_pages_vary_by_cookie_and_language(app, db) -> None:
    response = fresh_client(app).get("/")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert {"Accept-Language", "Cookie"} <= set(response.vary)
