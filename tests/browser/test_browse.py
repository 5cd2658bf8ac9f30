"""A visitor on a phone: the home page in Vietnamese, a search without diacritics, a product, English, keys."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture()
def browser_context_args() -> dict[str, Any]:
    return {"viewport": PHONE, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}


def _lang(page: Any) -> str | None:
    return page.locator("html").get_attribute("lang")


def _full_screenshot(page: Any, path: Path) -> None:
    """Scroll to the bottom first, so lazily loaded pictures are in the picture too."""
    page.evaluate(
        """async () => {
          for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
            window.scrollTo(0, y);
            await new Promise((done) => setTimeout(done, 50));
          }
          window.scrollTo(0, 0);
        }"""
    )
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True)


def test_home_is_in_vietnamese_and_fits_a_phone(page: Any, screenshot_dir: Path) -> None:
    response = page.goto("/")
    assert response is not None and response.status == 200
    assert _lang(page) == "vi"
    # The switch offers English, so Vietnamese is the language shown.
    assert page.locator(".lang-switch a[hreflang=en]").count() == 1
    assert page.locator("main a[href^='/products/']").count() > 0
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _full_screenshot(page, screenshot_dir / "home-phone.png")


def test_search_without_diacritics_then_product_page_then_english(page: Any, screenshot_dir: Path) -> None:
    page.goto("/")
    search = page.get_by_role("combobox")  # the search box, enhanced with its type-ahead
    search.fill("muc co to")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/products\?q=muc\+co\+to"))
    squid = page.locator("main").get_by_role("link", name=re.compile(r"^Mực khô Cô Tô"))
    assert squid.count() > 0

    squid.first.click()
    page.wait_for_url(re.compile(r"/products/[^/?]+$"))
    assert page.locator("h1").inner_text().startswith("Mực khô Cô Tô")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _full_screenshot(page, screenshot_dir / "product-phone-vi.png")

    page.locator(".lang-switch a[hreflang=en]").click()
    page.wait_for_load_state()
    assert _lang(page) == "en"
    # The stars of its valid certificate, seen and said in words.
    assert re.fullmatch(r"★{3,5}", page.locator(".product-stars [aria-hidden=true]").first.inner_text())
    assert page.get_by_text(re.compile(r"OCOP [3-5]-star certified")).is_visible()
    quantity = page.get_by_label("Quantity")
    assert quantity.is_visible()
    assert page.get_by_role("button", name="Add to cart").is_visible()
    _full_screenshot(page, screenshot_dir / "product-phone-en.png")

    # The choice is remembered: the next page, reached by a plain link, is English too.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Producers").click()
    page.wait_for_url(re.compile(r"/producers$"))
    assert _lang(page) == "en"
    assert page.get_by_role("button", name="Search").is_visible()


def test_keyboard_reaches_the_skip_link_then_the_search_field(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    # The skip link is shown when focused, inside the screen.
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0 and box["x"] >= 0 and box["width"] > 0
    assert page.locator(".skip-link").is_visible()

    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search":
            break
    assert page.evaluate("document.activeElement.id") == "site-search"
    page.keyboard.type("mien dong")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/products\?q=mien\+dong"))
    assert page.locator("main a[href^='/products/']").count() > 0
