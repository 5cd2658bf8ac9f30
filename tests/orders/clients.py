"""A test client whose every request picks its language again (see `tests/web/conftest.py` for why)."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.testing import FlaskClient


class FreshLocaleClient(FlaskClient):
    def open(self, *args: Any, **kwargs: Any) -> Any:
        g.pop("_flask_babel", None)
        return super().open(*args, **kwargs)
