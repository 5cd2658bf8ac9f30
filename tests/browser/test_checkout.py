"""A guest buys in headless Chromium against the demo shop: cash on delivery, then a VietQR bank transfer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from storefront.money import format_vnd
from storefront.orders.pricing import PricedLine, ShippingRules, quote

pytestmark = pytest.mark.browser

#: Two demo products from two different producers (storefront/seed/demo.py).
NOODLES = "mien-dong-binh-lieu"
SQUID_CAKES = "cha-muc-gia-tay-ha-long"
#: The settings' defaults, which the live server runs with.
RULES = ShippingRules(fee_vnd=30_000, free_threshold_vnd=500_000)


@pytest.fixture()
def browser_context_args() -> dict[str, Any]:
    return {"viewport": {"width": 1280, "height": 900}, "locale": "en-US"}


def _product(page: Any, slug: str) -> dict[str, Any]:
    response = page.request.get(f"/api/v1/products/{slug}?lang=en")
    assert response.ok, f"demo product {slug} is missing"
    return response.json()


def _add_to_cart(page: Any, slug: str, quantity: int) -> None:
    from playwright.sync_api import expect

    page.goto(f"/products/{slug}?lang=en")
    page.get_by_label("Quantity").fill(str(quantity))
    page.get_by_role("button", name="Add to cart").click()
    # The page stays; the confirmation is announced there and the header counts the new units.
    expect(page.locator("[data-added]")).to_contain_text("to your cart")
    assert re.search(rf"/products/{slug}", page.url)


def _fill_address(page: Any) -> None:
    page.get_by_label("Full name", exact=True).fill("Nguyễn Thị Lan")
    page.get_by_label("Phone", exact=True).fill("+84 912 345 678")
    page.get_by_label("Email", exact=True).fill("lan@example.com")
    page.get_by_label("Address", exact=True).fill("12 Trần Hưng Đạo")
    page.get_by_label("Province/City").select_option(label="Quảng Ninh")
    # The commune list follows the province (checkout.js asks the server); select_option waits for it.
    page.get_by_label("Commune/Ward").select_option(label="Phường Hạ Long")


def _unfold_summary(page: Any) -> None:
    """Checkout's order summary is folded to its total on a phone (open on a wide screen): open it."""
    summary = page.locator("details.checkout-summary")
    if not summary.evaluate("details => details.open"):
        summary.locator("summary").click()


def _expect_parcels(page: Any, parcels: list[tuple[dict[str, Any], tuple[int, int]]], *, placed: bool = False) -> None:
    """Each product under its producer's heading, with that parcel's own shipping line and, while it pays a
    fee and the order is not placed yet, what is left to ship it free."""
    from playwright.sync_api import expect

    for product, (goods_vnd, shipping_vnd) in parcels:
        name = product["producer"]["name"]
        parcel = page.locator(f'[data-parcel="{name}"]')
        expect(parcel.get_by_role("heading", name=name)).to_be_visible()
        expect(parcel.get_by_role("link", name=name)).to_have_attribute(
            "href", f"/producers/{product['producer']['slug']}"
        )
        expect(parcel).to_contain_text(product["name"])
        expect(parcel.locator("[data-parcel-shipping]")).to_have_text(
            "Free" if shipping_vnd == 0 else format_vnd(shipping_vnd, "en")
        )
        hint = parcel.locator("[data-parcel-hint]")
        if shipping_vnd and not placed:
            left = format_vnd(RULES.free_threshold_vnd - goods_vnd, "en")
            expect(hint).to_have_text(f"Add {left} more from {name} for free shipping.")
        else:
            expect(hint).to_have_count(0)


def test_a_guest_buys_from_two_producers_cash_on_delivery(page: Any, screenshot_dir: Path) -> None:
    from playwright.sync_api import expect

    noodles, cakes = _product(page, NOODLES), _product(page, SQUID_CAKES)
    assert noodles["producer"]["slug"] != cakes["producer"]["slug"]
    _add_to_cart(page, NOODLES, 3)
    _add_to_cart(page, SQUID_CAKES, 1)
    expect(page.locator("[data-cart-count]")).to_have_text("4")
    page.goto("/cart?lang=en")

    expected = quote(
        [
            PricedLine(1, noodles["price_vnd"], 3),
            PricedLine(2, cakes["price_vnd"], 1),
        ],
        RULES,
    )
    total = format_vnd(expected.total_vnd, "en")
    expect(page.locator("[data-total]")).to_have_text(total)
    _expect_parcels(page, [(noodles, expected.parcels[1]), (cakes, expected.parcels[2])])

    page.get_by_role("link", name="Checkout").click()
    page.wait_for_url(re.compile(r"/checkout$"))
    expect(page.locator("[data-total]")).to_have_text(total)  # shipping shown before the order is placed
    _unfold_summary(page)
    _expect_parcels(page, [(noodles, expected.parcels[1]), (cakes, expected.parcels[2])])
    _fill_address(page)
    page.get_by_label("Cash on delivery").check()
    page.get_by_role("button", name="Place order").click()

    page.wait_for_url(re.compile(r"/orders/[A-Za-z0-9_-]{40,}$"))
    expect(page.get_by_text("Thank you! Your order")).to_be_visible()
    expect(page.locator("[data-order-total]")).to_have_text(total)
    _expect_parcels(page, [(noodles, expected.parcels[1]), (cakes, expected.parcels[2])], placed=True)
    expect(page.locator("[data-status]")).to_have_text("Placed")
    expect(page.locator("main")).to_contain_text("Cash on delivery")
    expect(page.locator("[data-cart-count]")).to_have_text("0")
    page.screenshot(path=str(screenshot_dir / "order-cod.png"), full_page=True)


def test_a_guest_pays_by_bank_transfer_and_sees_the_vietqr_code(page: Any, screenshot_dir: Path) -> None:
    from playwright.sync_api import expect

    cakes = _product(page, SQUID_CAKES)
    _add_to_cart(page, SQUID_CAKES, 1)
    page.goto("/cart")
    page.get_by_role("link", name="Checkout").click()
    _fill_address(page)
    page.get_by_label("Bank transfer (VietQR)").check()
    page.get_by_role("button", name="Place order").click()

    page.wait_for_url(re.compile(r"/orders/[A-Za-z0-9_-]{40,}$"))
    expected = quote([PricedLine(1, cakes["price_vnd"], 1)], RULES)
    total = format_vnd(expected.total_vnd, "en")
    expect(page.locator("[data-status]")).to_have_text("Awaiting payment")
    code = page.get_by_role("img", name=re.compile(r"^VietQR code to pay"))
    expect(code).to_be_visible()
    assert code.evaluate("img => img.complete && img.naturalWidth > 100")
    expect(page.locator(".transfer")).to_contain_text(total)
    reference = page.locator("h1").inner_text().split()[-1]
    assert re.fullmatch(r"QN[0-9A-Z]{8}", reference)
    page.get_by_text("QR code content (text)").click()
    payload = page.locator("code.payload").inner_text()
    assert payload.startswith("000201010212") and "A000000727" in payload and reference in payload
    assert f"54{len(str(expected.total_vnd)):02d}{expected.total_vnd}" in payload
    page.screenshot(path=str(screenshot_dir / "order-vietqr.png"), full_page=True)
