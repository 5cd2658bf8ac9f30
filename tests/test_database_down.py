"""The database down (nothing listening) or hanging (a listener that accepts and never answers).

Every page then answers a short 503 in the visitor's language within the connect timeout, logged in one
line; robots.txt, static files and the 404 page need no database and still answer.
"""

from __future__ import annotations

import html
import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from storefront.app import create_app
from storefront.db import engine_options
from storefront.extensions import db

PAGES = ["/", "/products?q=muc", "/products/muc-kho-co-to", "/producers", "/producers/htx-co-to", "/orders/" + "A" * 43]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def hanging_port() -> Iterator[int]:
    """A TCP listener that accepts every connection and never sends a byte."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def _app_on(port: int, tmp_path: Path, **settings: object) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://postgres@127.0.0.1:{port}/shop",
            "DATABASE_CONNECT_TIMEOUT_SECONDS": 1,
            **settings,
            "MEDIA_ROOT": str(tmp_path / "media"),
            "RATELIMIT_ENABLED": False,
            "CACHE_TYPE": "NullCache",
            "CACHE_NO_NULL_WARNING": True,
        }
    )


def _check_pages(app: Flask, caplog: pytest.LogCaptureFixture, pages: list[str], *, every_kind: bool = True) -> None:
    client = app.test_client()
    for path in pages:
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            response = client.get(path, headers={"Accept-Language": "en"})
        assert response.status_code == 503, path
        assert "We'll be back in a few minutes" in html.unescape(response.get_data(as_text=True))
        assert response.headers["Retry-After"] == "60"
        lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(lines) == 1 and "\n" not in lines[0] and lines[0].startswith("database unavailable: GET"), lines
    if not every_kind:
        return
    vietnamese = client.get(pages[0], headers={"Accept-Language": "vi"})
    assert "Chúng tôi sẽ trở lại sau ít phút" in vietnamese.get_data(as_text=True)
    api = client.get("/api/v1/products?lang=en")
    assert api.status_code == 503 and api.get_json()["error"]["code"] == "unavailable"
    assert client.get("/healthz").status_code == 503


def _check_what_needs_no_database(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/static/css/site.css").status_code == 200
    missing = client.get("/no/such/page?lang=en")
    assert missing.status_code == 404 and "We could not find that page." in missing.get_data(as_text=True)


def test_database_down_gives_503_pages(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = _app_on(_free_port(), tmp_path)
    _check_pages(app, caplog, PAGES)
    _check_what_needs_no_database(app)


def test_database_hanging_gives_503_pages_after_the_connect_timeout(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, hanging_port: int
) -> None:
    app = _app_on(hanging_port, tmp_path)
    _check_pages(app, caplog, ["/products?q=muc"], every_kind=False)  # waits the connect timeout (at least 2 s)
    _check_what_needs_no_database(app)


def test_timeouts_come_from_the_settings() -> None:
    options = engine_options(
        {
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/shop",
            "DATABASE_CONNECT_TIMEOUT_SECONDS": 4,
            "DATABASE_STATEMENT_TIMEOUT_SECONDS": 9,
        }
    )
    assert options["connect_args"] == {
        "connect_timeout": 4,
        "options": "-c statement_timeout=9000 -c plan_cache_mode=force_generic_plan -c jit=off",
    }
    assert options["pool_timeout"] == 4 and options["pool_pre_ping"] is True
    sqlite = engine_options({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.sqlite3"})
    assert "connect_args" not in sqlite and "pool_pre_ping" not in sqlite  # a file is never dropped
    chosen = {
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/shop",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False},
    }
    assert engine_options(chosen)["pool_pre_ping"] is False  # an option set explicitly wins


def test_postgresql_compiles_no_statement_to_machine_code(app: Flask, db) -> None:
    """A search over a million products was estimated dear enough for PostgreSQL's JIT: 20-24 ms of
    compiling for a statement that ran in a few."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's jit")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW jit").scalar() == "off"


def test_sqlite_waits_for_a_lock_as_long_as_the_setting_says(app: Flask, db) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's busy timeout")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15_000


def test_a_statement_stuck_behind_a_lock_gives_503_after_the_statement_timeout(
    app: Flask, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("PostgreSQL's statement_timeout")
    stuck = _app_on(0, tmp_path, SQLALCHEMY_DATABASE_URI=url, DATABASE_STATEMENT_TIMEOUT_SECONDS=1)
    with app.app_context():
        with db.engine.connect() as holder:
            holder.exec_driver_sql("LOCK TABLE products IN ACCESS EXCLUSIVE MODE")
            with caplog.at_level(logging.WARNING):
                response = stuck.test_client().get("/products?lang=en")
            holder.rollback()
    assert response.status_code == 503
    assert any("QueryCanceled" in r.getMessage() for r in caplog.records)
    with stuck.app_context():
        db.engine.dispose()


def test_a_failed_begin_on_sqlite_is_the_database_being_unavailable(app: Flask, db) -> None:
    """SQLite's BEGIN goes straight to the driver; a failure there still comes out as SQLAlchemy's error,
    which pages answer with the 503 page (not a 500)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's own BEGIN")
    from sqlalchemy.exc import OperationalError

    with db.engine.connect() as connection:
        connection.connection.dbapi_connection.execute("BEGIN")  # a connection left in a transaction
        connection.commit()
        with pytest.raises(OperationalError, match="cannot start a transaction"):
            connection.exec_driver_sql("SELECT 1")
        connection.connection.dbapi_connection.rollback()


def test_postgresql_keeps_its_prepared_statements_past_a_rollback(app: Flask, db) -> None:
    """Every request ends in a rollback; psycopg's own forgets every prepared statement (so PostgreSQL planned
    each page's statements again at every page). A healthy transaction keeps them; a failed one is still
    rolled back by psycopg, and the connection works after it."""
    if db.engine.dialect.driver != "psycopg":
        pytest.skip("psycopg's prepared statements")
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with db.engine.connect() as connection:
        for _ in range(6):  # psycopg prepares a statement from its fifth run
            connection.execute(text("SELECT CAST(:n AS integer) + 1"), {"n": 1})
        connection.rollback()
        prepared = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%%+ 1'"
        assert connection.exec_driver_sql(prepared).scalar() == 1
        with pytest.raises(DBAPIError):
            connection.exec_driver_sql("SELECT 1 / 0")
        connection.rollback()
        assert connection.exec_driver_sql("SELECT 41 + 1").scalar() == 42
