"""Page tests run on a fixed Vietnamese day, against the small Quảng Ninh catalogue (the `shop` fixture)."""

from __future__ import annotations

import re

import pytest

from tests.factories import TODAY


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storefront.web.views.vn_today", lambda now=None: TODAY)


def text_of(html: str) -> str:
    """The words a person reads: tags dropped, white space collapsed."""
    without_scripts = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    # Only ASCII white space collapses: the non-breaking space inside prices is part of what people read.
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", without_scripts)).strip()


def card_names(html: str) -> list[str]:
    """Product names in the order the cards show them."""
    return re.findall(r'<h[23] class="card-title">([^<]+)</h[23]>', html)
