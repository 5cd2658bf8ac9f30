"""`flask --app wsgi ...` commands. Each group lives beside its domain; this module only registers them."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    pass
