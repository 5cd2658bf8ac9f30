"""A producer on a phone: logs in, adds a product with a picture, publishes it, finds it in the shop, and
ships a buyer's order of it; the buyer's order page then says shipped. Headless Chromium at 390 × 844."""

from __future__ import annotations

import io
import re
import secrets
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "en-US", "is_mobile": True, "has_touch": True}


@pytest.fixture()
def browser_context_args() -> dict[str, Any]:
    return PHONE


def _photo(tmp_path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 700), (240, 220, 180))
    ImageDraw.Draw(image).ellipse((200, 150, 700, 550), fill=(180, 60, 40))
    path = tmp_path / "banh-gai.jpg"
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    path.write_bytes(out.getvalue())
    return path


def _fits_the_screen(page: Any) -> None:
    """Nothing wider than the phone: no sideways scrolling on a 390 px screen."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_producer_lists_ships_and_the_buyer_sees_it(
    page: Any, browser: Any, live_server: str, tmp_path: Path, screenshot_dir: Path
) -> None:
    from playwright.sync_api import expect

    name = f"Bánh gai thử {secrets.token_hex(2)}"
    page.goto("/login?lang=en")
    page.get_by_label("Email").fill("producer@example.com")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Log in").click()
    page.goto("/portal/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    _fits_the_screen(page)

    page.get_by_role("link", name="Products", exact=True).click()
    page.get_by_role("link", name="Add a product").click()
    page.get_by_label("Name (Vietnamese)").fill(name)
    page.get_by_label("Unit (Vietnamese)").fill("hộp 10 chiếc")
    page.get_by_label("Price (đồng)").fill("85000")
    page.get_by_label("Stock", exact=True).fill("20")
    food = next(o for o in page.locator("#group_id option").all_inner_texts() if o.startswith("1."))
    page.get_by_label("Product group").select_option(label=food)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    _fits_the_screen(page)

    page.get_by_role("link", name=re.compile(r"^Pictures")).click()
    page.get_by_label("Picture (JPEG, PNG or WebP)").set_input_files(str(_photo(tmp_path)))
    page.get_by_role("button", name="Upload picture").click()
    expect(page.locator(".picture-list img")).to_have_count(1)
    page.get_by_role("link", name=name).click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".badge-on")).to_have_text("In the shop")
    page.screenshot(path=str(screenshot_dir / "portal-product-phone.png"), full_page=True)

    # The buyer, on a phone of their own, finds it by typing without diacritics.
    buyer = browser.new_context(base_url=live_server, **PHONE).new_page()
    buyer.goto("/products?lang=en&q=" + name.replace("Bánh gai thử", "banh gai thu"))
    buyer.get_by_role("link", name=re.compile(name)).first.click()
    expect(buyer.locator(".gallery-image")).to_be_visible()
    assert buyer.locator(".gallery-image").evaluate("img => img.complete && img.naturalWidth > 100")
    buyer.get_by_label("Quantity").fill("2")
    buyer.get_by_role("button", name="Add to cart").click()
    # Adding stays on the product page (announced there); the buyer then opens the cart.
    expect(buyer.locator("[data-added]")).to_contain_text("to your cart")
    buyer.goto("/cart")
    buyer.get_by_role("link", name="Checkout").click()
    buyer.get_by_label("Full name", exact=True).fill("Nguyễn Thị Lan")
    buyer.get_by_label("Phone", exact=True).fill("0912 345 678")
    buyer.get_by_label("Email", exact=True).fill("lan@example.com")
    buyer.get_by_label("Address", exact=True).fill("12 Trần Hưng Đạo")
    buyer.get_by_label("Province/City").select_option(label="Quảng Ninh")
    buyer.get_by_label("Commune/Ward").select_option(label="Phường Hạ Long")
    buyer.get_by_label("Cash on delivery").check()
    buyer.get_by_role("button", name="Place order").click()
    buyer.wait_for_url(re.compile(r"/orders/[A-Za-z0-9_-]{40,}$"))
    order_url = buyer.url
    reference = buyer.locator("h1").inner_text().split()[-1]

    # The producer sees it waiting, confirms it and ships it.
    page.goto("/portal/")
    page.get_by_role("link", name=reference).click()
    expect(page.locator("main")).to_contain_text("12 Trần Hưng Đạo")
    page.get_by_role("button", name="Confirm order").click()
    page.get_by_label("Carrier").fill("Viettel Post")
    page.get_by_label("Tracking number").fill("VTP0001")
    _fits_the_screen(page)
    button = page.get_by_role("button", name="Mark shipped")
    assert button.bounding_box()["height"] >= 44  # a thumb's target
    button.click()
    expect(page.locator("[data-status]")).to_have_text("Shipped")
    page.screenshot(path=str(screenshot_dir / "portal-order-phone.png"), full_page=True)

    # Vietnamese first: the same pages in the producers' language still fit a 390 px phone.
    for path in ("/portal/?lang=vi", "/portal/products/new", "/portal/stock", "/portal/statement"):
        page.goto(path)
        expect(page.get_by_role("navigation", name="Cổng nhà sản xuất")).to_be_visible()
        _fits_the_screen(page)
    page.goto("/portal/")
    page.screenshot(path=str(screenshot_dir / "portal-overview-phone-vi.png"), full_page=True)
    page.goto("/portal/products/new")
    page.screenshot(path=str(screenshot_dir / "portal-new-product-phone-vi.png"), full_page=True)

    buyer.goto(order_url)
    expect(buyer.locator("[data-status]")).to_have_text("Shipped")
    expect(buyer.locator("main")).to_contain_text("VTP0001")
    buyer.context.close()
