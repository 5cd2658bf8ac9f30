"""In English, local terms (HTX, Đặc khu, UBND) are explained (issue 13, item 7): where a product or
producer page first uses them, as an <abbr> saying what they mean, and once in the footer's glossary;
Vietnamese pages carry neither."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from storefront.i18n import explain_local_terms

HTX = '<abbr lang="vi" title="hợp tác xã: a cooperative">HTX</abbr>'
SPECIAL_ZONE = '<abbr lang="vi" title="a special zone (an island district)">Đặc khu</abbr>'
UBND = '<abbr lang="vi" title="Ủy ban nhân dân: a People&#39;s Committee, the local government">UBND</abbr>'
GLOSSARY = re.compile(r'<p class="glossary">.*?</p>', re.S)


@pytest.mark.parametrize(
    "text, english",
    [
        ("HTX Thủy sản Cô Tô", f"{HTX} Thủy sản Cô Tô"),
        ("Đặc khu Cô Tô", f"{SPECIAL_ZONE} Cô Tô"),
        ("UBND tỉnh Quảng Ninh", f"{UBND} tỉnh Quảng Ninh"),
        ("Công ty HTXanh", "Công ty HTXanh"),  # a word that only starts like a term is left alone
        ("<script>HTX</script>", f"&lt;script&gt;{HTX}&lt;/script&gt;"),
        ("", ""),
    ],
)
def test_terms_are_marked_in_english_only_and_the_rest_is_escaped(app, text, english) -> None:
    with app.test_request_context("/?lang=en"):
        assert str(explain_local_terms(text)) == english
    with app.test_request_context("/?lang=vi"):
        assert str(explain_local_terms(text)) == str(escape(text))
        assert "<abbr" not in str(explain_local_terms(text))


def test_a_product_page_explains_its_producers_and_places_terms(client, shop) -> None:
    page = client.get("/products/muc-kho-co-to?lang=en").get_data(as_text=True)
    made_by = re.search(r'<p class="made-by">.*?</p>', page, re.S)
    assert made_by and HTX in made_by.group(0) and SPECIAL_ZONE in made_by.group(0)
    issued = re.search(r"<dt>Issued by</dt><dd>(.*?)</dd>", page, re.S)
    assert issued and issued.group(1).startswith(UBND)
    glossary = GLOSSARY.search(page)
    assert glossary and "a cooperative" in glossary.group(0) and "a People's Committee" in glossary.group(0)
    assert '<span lang="vi">hợp tác xã</span>' in glossary.group(0)  # read out as Vietnamese


def test_a_producer_page_explains_them_too(client, shop) -> None:
    page = client.get("/producers/htx-thuy-san-co-to?lang=en").get_data(as_text=True)
    assert f'<h1 id="producer-name">{HTX} Thủy sản Cô Tô</h1>' in page
    assert SPECIAL_ZONE in page and GLOSSARY.search(page)


@pytest.mark.parametrize("path", ["/products/muc-kho-co-to", "/producers/htx-thuy-san-co-to", "/"])
def test_vietnamese_pages_need_no_explanation(client, shop, path) -> None:
    page = client.get(f"{path}?lang=vi").get_data(as_text=True)
    assert "<abbr" not in page and not GLOSSARY.search(page)
    assert "HTX Thủy sản Cô Tô" in page
