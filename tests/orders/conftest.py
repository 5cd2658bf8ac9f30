from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english_outside_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Services called without a request speak the default language; these tests read English."""
    monkeypatch.setattr("storefront.i18n.DEFAULT_LANGUAGE", "en")
