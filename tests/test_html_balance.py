"""The checks of tests/html_checks.py catch what they are for, and the layout's macros are whole alone."""

from __future__ import annotations

import pytest
from flask import Flask, get_template_attribute

from tests.html_checks import CHECKS, balance_problem, parse_errors

LAYOUT = "_macros/layout.html"


@pytest.mark.parametrize(
    "html",
    [
        '<input id="q" name="q" value="',  # the old layout started inside an <input> ...
        '<a class="cart-link" href="/cart">Cart <span class="cart-count">',  # ... and left an <a><span> open
        "3</span></a>",  # ... for base.html to close
        "<div><p>text</div></p>",
        "<ul><li>one</ul>",
        "<script>var x = '</div>';",
    ],
)
def test_an_element_opened_or_closed_elsewhere_is_caught(html: str) -> None:
    assert balance_problem(html) is not None


@pytest.mark.parametrize(
    "html",
    [
        "",
        "plain text",
        '<p class="a">x <img src="/a.png" alt=""> <br> y</p>',
        "<script>if (a < b && c > d) { x = '<div>'; }</script>",
        "<!-- <div> --><input type=checkbox checked><svg><path d='M0 0'/></svg>",
        "<a href=\"/x?a=1&amp;b=2\" data-x='>'>link</a>",
    ],
)
def test_a_whole_fragment_passes(html: str) -> None:
    assert balance_problem(html) is None


def test_a_page_with_a_stray_end_tag_has_parse_errors() -> None:
    good = "<!doctype html><html lang=vi><head><title>x</title></head><body><p>x</p></body></html>"
    assert parse_errors(good) == []
    assert parse_errors(good.replace("<p>x</p>", "<p>x</span></p>"))
    assert parse_errors(good.replace("<p>x</p>", '<p id="a" id="b">x</p>'))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_macro_of_the_layout_renders_whole_alone(app: Flask, language: str) -> None:
    with app.test_request_context(f"/?lang={language}"):
        for name, args in [
            ("head_assets", ()),
            ("skip_link", ()),
            ("main_nav", ()),
            ("site_footer", ()),
            ("brand", ()),
            ("search_form", ()),
            ("cart_link", (3,)),
            ("account_link", (True,)),
            ("account_link", (False,)),
        ]:
            html = str(get_template_attribute(LAYOUT, name)(*args))
            assert html.strip() and balance_problem(html) is None, name
        languages = [("vi", "/?lang=vi", language == "vi"), ("en", "/?lang=en", language == "en")]
        header = str(get_template_attribute(LAYOUT, "site_header")(query='"><b>', cart_count=3, languages=languages))
        assert balance_problem(header) is None
        assert "&#34;&gt;&lt;b&gt;" in header  # the search words are escaped, never markup
        flashes = str(get_template_attribute(LAYOUT, "flash_messages")([("success", "Đã thêm <b>")]))
        assert balance_problem(flashes) is None and "&lt;b&gt;" in flashes


def test_the_suite_checks_the_pages_and_macros_it_renders(client) -> None:
    parts, pages = len(CHECKS._parts_seen), len(CHECKS._pages_seen)
    client.get("/products?q=html-balance-check")
    assert len(CHECKS._pages_seen) > pages and len(CHECKS._parts_seen) > parts
