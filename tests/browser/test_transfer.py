"""A guest pays by bank transfer on the phone that shows the code (issue 13, item 4), in headless Chromium
at 390 × 844: the copy button puts the account number on the clipboard and says so, the countdown runs,
the QR picture downloads and decodes to the order's payload, and the page turns to "Paid" by itself once
an officer confirms the transfer in the programme office."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_checkout import SQUID_CAKES, _add_to_cart, _fill_address
from tests.qr.decode import decode_png

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture()
def browser_context_args() -> dict[str, Any]:
    return {
        "viewport": PHONE,
        "locale": "en-US",
        "accept_downloads": True,
        "has_touch": True,
        "is_mobile": True,
        "device_scale_factor": 3,
    }


def _place_transfer_order(page: Any) -> str:
    _add_to_cart(page, SQUID_CAKES, 1)
    page.goto("/checkout?lang=en")
    _fill_address(page)
    # Its own number: checkout limits orders per phone, and other tests of the session order too.
    page.get_by_label("Phone", exact=True).fill("+84 987 654 321")
    page.get_by_label("Bank transfer (VietQR)").check()
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/orders/[A-Za-z0-9_-]{40,}$"))
    return page.locator("h1").inner_text().split()[-1]


def _confirm_as_officer(browser: Any, live_server: str, reference: str) -> None:
    """The programme office's "Confirm payment received", in a browser of its own."""
    context = browser.new_context(base_url=live_server, locale="en-GB")
    try:
        office = context.new_page()
        office.goto("/login?lang=en&next=/program/")
        office.get_by_label("Email").fill("officer@example.com")
        office.get_by_label("Password").fill("demo-password")
        office.get_by_role("button", name="Log in").click()
        office.wait_for_url("**/program/**")
        office.goto(f"/program/orders/{reference}?lang=en")
        office.get_by_role("button", name="Confirm payment received").click()
        office.wait_for_load_state()
    finally:
        context.close()


def test_paying_by_transfer_on_the_same_phone(page: Any, browser: Any, live_server: str, screenshot_dir: Path) -> None:
    from playwright.sync_api import expect

    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    reference = _place_transfer_order(page)
    expect(page.locator("[data-status]")).to_have_text("Awaiting payment")
    panel = page.locator("[data-transfer]")

    # The copy button, shown by the script, puts the bare account number on the clipboard and says so.
    account = panel.locator("dt:text-is('Account number') + dd .copyable").inner_text()
    button = page.get_by_role("button", name="Copy the account number")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44  # a finger's size
    button.click()
    expect(button).to_have_text("Copied")
    expect(panel.locator("[data-copy-status]")).to_have_text("Account number copied.")
    assert page.evaluate("navigator.clipboard.readText()") == account

    page.get_by_role("button", name="Copy the amount").click()
    expect(panel.locator("[data-copy-status]")).to_contain_text("Amount copied:")
    amount = page.evaluate("navigator.clipboard.readText()")
    assert re.fullmatch(r"\d+", amount)  # digits only, as a banking app's amount field takes them

    # A live countdown beside the deadline; the poll is on, the "Refresh" link still there.
    expect(panel.locator("[data-countdown-clock]")).to_have_text(re.compile(r"^(2\d|1\d|\d):\d\d$"))
    expect(panel.locator("[data-poll-on]")).to_be_visible()
    expect(panel.get_by_role("link", name="Refresh")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / "transfer-phone.png"), full_page=True)

    # "Save QR image" downloads a PNG that a banking app reads as this order's VietQR payload.
    with page.expect_download() as waiting:
        panel.get_by_role("link", name="Save QR image").click()
    download = waiting.value
    assert download.suggested_filename == f"{reference}-vietqr.png"
    decoded = decode_png(Path(download.path()).read_bytes())
    payload = panel.locator("code.payload").text_content()
    assert decoded == [payload] and reference in payload and f"54{len(amount):02d}{amount}" in payload

    # The officer confirms the transfer; the open page notices within a poll or two and shows it paid.
    _confirm_as_officer(browser, live_server, reference)
    expect(page.locator("[data-status]")).to_have_text("Paid", timeout=20_000)
    expect(page.locator("[data-transfer]")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "transfer-paid-phone.png"), full_page=True)
