"""The demo data is loaded once per module (it takes a few seconds) inside a transaction rolled back at the end.

Tests that use `demo` must not also use `db`, `client` or `runner`: those open their own transaction, and
SQLite would wait for this one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.conftest import rolled_back_database


@pytest.fixture(scope="module")
def demo(app: Flask) -> Iterator[tuple[Any, FlaskCliRunner, str]]:
    """(db, cli runner, output of the first `seed demo`), with the demo loaded through the command itself."""
    with rolled_back_database(app) as database:
        runner = app.test_cli_runner()
        result = runner.invoke(args=["seed", "demo"])
        assert result.exit_code == 0, result.output
        yield database, runner, result.output
