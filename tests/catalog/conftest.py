from __future__ import annotations

from typing import Any

import pytest

from tests.catalog.shop import Shop, build_shop


@pytest.fixture()
def shop(db: Any) -> Shop:
    return build_shop()
