"""The search box's type-ahead in a real browser: an ARIA combobox, driven from the keyboard alone."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture()
def browser_context_args() -> dict[str, Any]:
    return {"viewport": {"width": 390, "height": 844}, "locale": "vi-VN"}


def test_suggestions_appear_after_two_letters_and_the_keyboard_picks_one(page: Any) -> None:
    page.goto("/")
    box = page.locator("#site-search")
    box.click()
    box.press_sequentially("m")
    page.wait_for_timeout(400)
    assert box.get_attribute("aria-expanded") == "false"  # one letter: nothing yet

    box.press_sequentially("uc")  # no accents typed: "Mực" still comes
    options = page.get_by_role("option")
    options.first.wait_for()
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    listbox = page.get_by_role("listbox")
    assert listbox.get_attribute("aria-labelledby")  # named by the box's own label
    assert options.count() <= 10
    labels = options.all_inner_texts()
    assert any("Mực" in text for text in labels), labels

    box.press("ArrowDown")
    first = options.nth(0)
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"

    box.press("ArrowDown")  # the list again, and the first suggestion chosen
    box.press("Enter")
    page.wait_for_load_state()
    assert re.search(r"/(products|producers)", page.url)


def test_without_a_choice_enter_still_searches_the_words(page: Any) -> None:
    page.goto("/")
    box = page.locator("#site-search")
    box.fill("mien dong")
    page.get_by_role("option").first.wait_for()
    box.press("Enter")
    page.wait_for_url(re.compile(r"/products\?q=mien"))
    assert "Miến dong" in page.locator("main").inner_text()
