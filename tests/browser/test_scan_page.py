"""A tourist scans a pack with a phone: the scan page in the phone's language, fitting its width, no errors,
and buying works without JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storefront.seed.demo import gtin13, qr_code_for
from storefront.text import slugify

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
SQUID = slugify("Mực khô Cô Tô loại đặc biệt")
SQUID_CODE = qr_code_for(SQUID)
SQUID_GTIN = gtin13("893" + "6075" + "00101")


def _context(browser: Any, live_server: str, locale: str, **extra: Any) -> Any:
    from tests.browser.conftest import CSP_REPORTER

    context = browser.new_context(
        base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True, locale=locale, **extra
    )
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_REPORTER)
    return context


def _watch(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.mark.parametrize(
    ("locale", "lang", "button", "heading"),
    [
        ("vi-VN", "vi", "Thêm vào giỏ", "Mực khô Cô Tô loại đặc biệt"),
        ("en-US", "en", "Add to cart", "Cô Tô dried squid"),
    ],
)
def test_the_scan_page_on_a_phone(
    browser: Any, live_server: str, screenshot_dir: Path, locale: str, lang: str, button: str, heading: str
) -> None:
    context = _context(browser, live_server, locale)
    try:
        page = context.new_page()
        errors = _watch(page)
        # Through the GS1 Digital Link on the pack: the resolver's 307 lands on the scan page.
        response = page.goto(f"/01/0{SQUID_GTIN}")
        assert response is not None and response.status == 200
        assert page.url.endswith(f"/q/{SQUID_CODE}")
        assert page.locator("html").get_attribute("lang") == lang
        assert heading in page.locator("h1").inner_text()
        assert page.locator("#certificate dl").is_visible()
        assert page.get_by_role("button", name=button).is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(screenshot_dir / f"scan-{lang}.png"), full_page=True)
        assert errors == []
    finally:
        context.close()


def test_buying_from_the_scan_page_needs_no_javascript(browser: Any, live_server: str) -> None:
    context = _context(browser, live_server, "en-US", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/q/{SQUID_CODE}")
        page.get_by_label("Quantity").fill("2")
        page.get_by_role("button", name="Add to cart").click()
        page.wait_for_load_state()
        assert "/cart" in page.url
        assert "Cô Tô dried squid" in page.locator("main").inner_text()
    finally:
        context.close()
