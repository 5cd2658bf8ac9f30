"""An officer logs in, opens the programme office's dashboard on a phone and on a desktop, sees the
charts (drawn on the server, no script needed) with their tables, and downloads a CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture()
def browser_context_args() -> dict[str, Any]:
    return {"viewport": PHONE, "locale": "en-GB", "accept_downloads": True}


def _log_in(page: Any) -> None:
    page.goto("/login?lang=en&next=/program/")
    page.get_by_label("Email").fill("officer@example.com")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/program/**")


def test_officer_sees_charts_at_both_widths_and_downloads_a_csv(page: Any, screenshot_dir: Path) -> None:
    _log_in(page)
    page.goto("/program/?lang=en&from=2025-12-01&to=2026-11-30")
    assert page.get_by_role("heading", name="Programme office", level=1).is_visible()
    charts = page.locator("svg.chart")
    assert charts.count() >= 8
    month_chart = page.locator("#sales-month svg.chart")
    assert month_chart.locator("rect").count() >= 10  # a year of demo sales, a bar a month
    assert page.locator("#sales-month table").is_visible()
    # At a phone's width nothing pushes the page sideways: wide tables scroll inside their box.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, _widest(page)
    box = month_chart.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / "program-phone.png"), full_page=True)

    page.set_viewport_size(DESKTOP)
    page.reload()
    locality = page.locator("#sales-locality")
    chart_box, table_box = locality.locator("svg.chart").bounding_box(), locality.locator("table").bounding_box()
    assert chart_box is not None and table_box is not None
    assert chart_box["x"] + chart_box["width"] <= table_box["x"] + 1  # the chart beside its table
    page.screenshot(path=str(screenshot_dir / "program-desktop.png"), full_page=True)

    with page.expect_download() as waiting:
        locality.get_by_role("link", name="Download CSV").click()
    download = waiting.value
    path = download.path()
    content = Path(path).read_bytes()
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Commune or ward,Province or city,Orders,Units,Revenue"
    assert "Quảng Ninh" in text


def _widest(page: Any) -> Any:
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
             .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )
