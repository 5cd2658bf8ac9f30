"""The cart, checkout and order page by parcel on a 390 × 844 phone, in Vietnamese and English, with and without JavaScript:
a group per producer, nothing wider than the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
#: Two demo products from two different producers (storefront/seed/demo.py).
NOODLES = "mien-dong-binh-lieu"
# The 1 kg pack: few enough of them reach the free-shipping threshold within MAX_UNITS_PER_PRODUCT (10).
NOODLES_PACK = "mien-dong-binh-lieu-tui-1-kg"
SQUID_CAKES = "cha-muc-gia-tay-ha-long"
FREE = {"en": "Free", "vi": "Miễn phí"}


@pytest.fixture()
def browser_context_args() -> dict[str, Any]:
    return {"viewport": PHONE, "locale": "vi-VN", "is_mobile": True, "has_touch": True}


def _fill_cart(page: Any, language: str, *, script: bool = True, noodles: str = NOODLES) -> list[dict[str, Any]]:
    from playwright.sync_api import expect

    products = []
    for slug, quantity in [(noodles, 2), (SQUID_CAKES, 1)]:
        response = page.request.get(f"/api/v1/products/{slug}?lang={language}")
        assert response.ok, f"demo product {slug} is missing"
        products.append(response.json())
        page.goto(f"/products/{slug}?lang={language}")
        page.locator("form.add-to-cart input[name=quantity]").first.fill(str(quantity))
        page.locator("form.add-to-cart button[type=submit]:not([name])").first.click()
        if script:  # the page stays and confirms
            expect(page.locator("[data-added]")).not_to_be_empty()
        else:  # the plain form: off to the cart
            page.wait_for_url("**/cart")
    return products


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px screen"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_cart_and_checkout_by_parcel_fit_a_phone(page: Any, screenshot_dir: Path, language: str) -> None:
    from playwright.sync_api import expect

    products = _fill_cart(page, language)
    page.goto(f"/cart?lang={language}")
    for product in products:
        parcel = page.locator(f'[data-parcel="{product["producer"]["name"]}"]')
        expect(parcel.get_by_role("link", name=product["producer"]["name"])).to_be_visible()
        expect(parcel).to_contain_text(product["name"])
        expect(parcel.locator("[data-parcel-shipping]")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"cart-parcels-390-{language}.png"), full_page=True)

    page.goto(f"/checkout?lang={language}")
    summary = page.locator("details.checkout-summary")
    expect(summary).not_to_have_attribute("open", "")  # folded to its total on a phone
    summary.locator("summary").click()
    expect(page.locator("[data-parcel]")).to_have_count(2)
    _no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"checkout-parcels-390-{language}.png"), full_page=True)

    # The order page lists what was bought by parcel too (fields by name: the labels are in either language).
    page.locator("[name=full_name]").fill("Nguyễn Thị Lan")
    page.locator("[name=phone]").fill("0912 345 678")
    page.locator("[name=address]").fill("12 Trần Hưng Đạo")
    page.locator("[name=province]").select_option(label="Quảng Ninh")
    page.locator("[name=ward]").select_option(label="Phường Hạ Long")
    page.locator("[name=payment_method][value=cod]").check()
    page.locator("form#checkout-form button[type=submit]").last.click()
    page.wait_for_url("**/orders/*")
    expect(page.locator("[data-parcel]")).to_have_count(2)
    expect(page.locator("[data-parcel-hint]")).to_have_count(0)
    _no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"order-parcels-390-{language}.png"), full_page=True)


@pytest.fixture()
def no_script_page(browser: Any, live_server: str) -> Any:
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="en-US", java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_without_javascript_a_quantity_changes_and_the_parcel_follows(no_script_page: Any) -> None:
    from playwright.sync_api import expect

    page = no_script_page
    noodles, _ = _fill_cart(page, "en", script=False, noodles=NOODLES_PACK)
    page.goto("/cart?lang=en")
    parcel = page.locator(f'[data-parcel="{noodles["producer"]["name"]}"]')
    # Enough noodles that their parcel ships free, through the plain form and its redirect.
    units = -(-500_000 // noodles["price_vnd"])
    assert units <= min(noodles["stock"], 10), "the demo's pack reaches the threshold within one order's cap"
    parcel.get_by_role("spinbutton", name=f"Quantity of {noodles['name']}").fill(str(units))
    parcel.get_by_role("button", name=f"Update the quantity of {noodles['name']}").click()
    page.wait_for_url("**/cart")
    expect(parcel.locator("[data-parcel-shipping]")).to_have_text(FREE["en"])
    expect(parcel.locator("[data-parcel-hint]")).to_have_count(0)
    _no_sideways_scroll(page)
