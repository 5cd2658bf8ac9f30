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
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker

from storefront.extensions import db as _db


@pytest.fixture(scope="module")
def demo(app: Flask) -> Iterator[tuple[Any, FlaskCliRunner, str]]:
    """(db, cli runner, output of the first `seed demo`), with the demo loaded through the command itself."""
    with app.app_context():
        connection = _db.engine.connect()
        transaction = connection.begin()
        original = _db.session
        _db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"), scopefunc=_app_ctx_id
        )
        try:
            runner = app.test_cli_runner()
            result = runner.invoke(args=["seed", "demo"])
            assert result.exit_code == 0, result.output
            yield _db, runner, result.output
        finally:
            _db.session.remove()
            _db.session = original
            transaction.rollback()
            connection.close()
