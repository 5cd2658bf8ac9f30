"""A long listing's pagination on phones with the text at 200 %: page 3 of many shows "‹ Previous", five page
numbers, "Page 3 of 9" and "Next ›", and nothing scrolls sideways at 390 px, 360 px or 320 px.

The demo catalogue has a page or two, so the tour (tour.py) never shows five page numbers; at 390 px with
doubled text they pushed the catalogue 18 px past the screen until the numbers wrapped (commit d914d9f).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import LONG_CATALOGUE_PAGES
from tests.browser.test_accessibility import LARGE_TEXT, NARROWEST, OVERFLOW, PHONE, SMALL_PHONE
from tests.browser.tour import goto

pytestmark = pytest.mark.browser

#: The pagination's links and current page not wholly between the screen's edges.
CUT_OFF = """(items) => items.filter((e) => {
  const box = e.getBoundingClientRect();
  return box.left < 0 || box.right > document.documentElement.clientWidth + 1;
}).map((e) => e.textContent.trim() + ' (' + Math.round(e.getBoundingClientRect().left) + '..'
  + Math.round(e.getBoundingClientRect().right) + ')')"""


@pytest.fixture()
def live_server(long_catalogue_server: str) -> str:
    """`page` opens the shop with the long catalogue, not the demo's."""
    return long_catalogue_server


@pytest.fixture()
def browser_context_args() -> dict[str, Any]:
    return {"viewport": PHONE, "locale": "en-VN", "is_mobile": True, "has_touch": True}


@pytest.fixture()
def large_text(page: Any) -> Iterator[Any]:
    """`page` with Chromium's default text size doubled, as test_accessibility.py sets it."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": LARGE_TEXT})
    try:
        yield page
    finally:
        cdp.detach()


def test_page_3_of_a_long_listing_fits_phones_with_doubled_text(large_text: Any) -> None:
    from playwright.sync_api import expect

    page = large_text
    goto(page, "/products?page=3", "en")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 32, "text not doubled"
    pagination = page.locator("nav.pagination")
    expect(pagination.get_by_role("link", name="‹ Previous")).to_have_attribute("href", "/products?page=2")
    expect(pagination.get_by_role("link", name="Next ›")).to_have_attribute("href", "/products?page=4")
    expect(pagination.locator("ul > li")).to_have_text(["1", "2", "3", "4", "5"])
    expect(pagination.locator("[aria-current=page]")).to_have_text("3")
    expect(pagination.locator(".page-of")).to_have_text(f"Page 3 of {LONG_CATALOGUE_PAGES}")

    sideways = []
    for viewport in (PHONE, SMALL_PHONE, NARROWEST):
        page.set_viewport_size(viewport)
        if overflow := page.evaluate(OVERFLOW):
            sideways.append(f"at {viewport['width']} px, text 200 %: {overflow}")
        # Centred flex items past the screen go off both edges, and past the left one no scrolling reaches them.
        if cut := pagination.locator("a, [aria-current=page]").evaluate_all(CUT_OFF):
            sideways.append(f"at {viewport['width']} px, text 200 %: cut off: {', '.join(cut)}")
    assert not sideways, "page 3 of the catalogue scrolls sideways:\n" + "\n".join(sideways)
