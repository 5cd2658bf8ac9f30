"""The schema is made by migrations: they reach head on an empty database and match the models.

On SQLite always; on PostgreSQL too when TEST_DATABASE_URL names one (in a database made for the test).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from storefront.app import create_app
from storefront.extensions import db
from storefront.schema_migrations import init_migrations

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()


def migrating_app(url: str) -> Flask:
    """The app with Flask-Migrate set up, as `flask db` sets it up (web workers go without)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    init_migrations(app)
    return app


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'm.sqlite3'}"
        return
    if not TEST_DATABASE_URL.startswith("postgresql"):
        pytest.skip("TEST_DATABASE_URL does not name a PostgreSQL database")
    server = make_url(TEST_DATABASE_URL)
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_reach_head_with_nothing_left_to_autogenerate(empty_database: str) -> None:
    app = migrating_app(empty_database)
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"products", "orders", "order_lines", "certificates", "qr_scans", "alembic_version"} <= tables
        check()  # raises when the models differ from what the migrations built
        if db.engine.dialect.name == "sqlite":
            # A batch migration that rebuilds `products` drops what the models do not describe: the text
            # index must still be fed at head, or every search on a migrated database finds nothing.
            with db.engine.connect() as connection:
                triggers = set(
                    connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
                )
            assert {"search_products_ai", "search_products_ad", "search_products_au"} <= triggers
            assert {"search_products_names_ai", "search_products_names_ad", "search_products_names_au"} <= triggers
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_office_01_backfills_the_sale_moments_by_the_same_rule(tmp_path) -> None:
    """Orders written at head (by the rule in Python), sent back before office_01 and brought forward
    again: the migration's SQL gives every line the same sale moment and the same refunded or not."""
    from storefront.orders.models import OrderLine
    from tests.sales.book import build_book

    app = migrating_app(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    with app.app_context():
        upgrade()
        build_book()
        db.session.commit()
        query = select(OrderLine.id, OrderLine.sold_at, OrderLine.refunded_at.is_not(None)).order_by(OrderLine.id)
        by_python = db.session.execute(query).all()
        db.session.remove()
        downgrade(revision="search_03")
        upgrade()
        by_migration = db.session.execute(query).all()
        assert by_migration == by_python
        assert any(sold for _, sold, _ in by_python) and any(gone for *_, gone in by_python)
        db.session.remove()
        db.engine.dispose()


def test_office_02_gives_every_line_the_commune_its_product_is_made_in(tmp_path) -> None:
    """Lines written at head carry their product's commune from checkout; sent back before office_02 and
    brought forward, the migration finds the same commune for each, and a line whose product is gone
    takes its producer's."""
    from storefront.orders.models import OrderLine
    from tests.sales.book import build_book

    app = migrating_app(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with app.app_context():
        upgrade()
        build_book()
        db.session.commit()
        query = select(OrderLine.id, OrderLine.locality_id).order_by(OrderLine.id)
        by_checkout = db.session.execute(query).all()
        orphan = db.session.execute(select(OrderLine).order_by(OrderLine.id).limit(1)).scalar_one()
        producer_commune = orphan.producer.locality_id if orphan.producer else None
        orphan_id = orphan.id
        orphan.product_id = None  # as after the product was deleted (ON DELETE SET NULL)
        db.session.commit()
        db.session.remove()
        downgrade(revision="query_01")
        upgrade()
        by_migration = dict(db.session.execute(query).all())
        expected = dict(by_checkout)
        expected[orphan_id] = producer_commune
        assert by_migration == expected
        assert len(set(expected.values())) > 1 and None not in expected.values()
        db.session.remove()
        db.engine.dispose()


def test_a_web_worker_does_not_load_alembic(tmp_path) -> None:
    """The app as gunicorn imports it goes without Flask-Migrate, Alembic and Mako (~11 MB) and openpyxl
    (~8 MB, for the office's XLSX exports only); the `flask db` commands still find theirs."""
    import subprocess
    import sys

    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'w.sqlite3'}",
        SECRET_KEY="test-secret-key-0123456789abcdefghijklmnop",
        FLASK_DEBUG="1",
        REDIS_URL="",
    )
    probe = "import sys, wsgi; print(sorted({m.split('.')[0] for m in sys.modules} & {'alembic', 'flask_migrate', 'mako', 'openpyxl'}))"
    worker = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert worker.stdout.strip() == "[]", worker.stderr
    cli = [sys.executable, "-m", "flask", "--app", "wsgi", "db"]
    upgraded = subprocess.run([*cli, "upgrade"], env=env, capture_output=True, text=True)
    assert upgraded.returncode == 0, upgraded.stderr
    current = subprocess.run([*cli, "current"], env=env, capture_output=True, text=True, check=True)
    assert "(head)" in current.stdout
    listed = subprocess.run([*cli, "--help"], env=env, capture_output=True, text=True, check=True)
    assert "downgrade" in listed.stdout and "migrate" in listed.stdout


def _text_index_objects(url: str) -> dict[str, str]:
    """The stored generated columns of `products` with their expressions, and the text index's indexes."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a "
                    "ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE a.attgenerated = 's' "
                    "AND d.adrelid = 'products'::regclass"
                )
            )
            columns = {name: expression for name, expression in rows}
            indexes = connection.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'ix_search_products%'")
            )
            return {**columns, **{name: definition for name, definition in indexes}}
    finally:
        engine.dispose()


def test_postgresql_text_vectors_at_head_are_those_of_search_index(empty_database: str) -> None:
    """The migrations hold a frozen copy of catalog/search_index.py's statements; at head the two must
    make the same stored vectors (search_04 added the names' lexemes with their prefixes)."""
    if not empty_database.startswith("postgresql"):
        pytest.skip("generated text vectors are PostgreSQL's")
    app = migrating_app(empty_database)
    with app.app_context():
        upgrade()
        migrated = _text_index_objects(empty_database)
        downgrade(revision="base")
        db.metadata.create_all(db.engine)  # the tests' way, through search_index's after_create hook
        created = _text_index_objects(empty_database)
        db.metadata.drop_all(db.engine)
        db.engine.dispose()
    assert {"search_vector", "search_name_vector", "search_name_lexemes"} <= set(migrated)
    assert migrated == created
    assert "gin (search_name_lexemes)" in migrated["ix_search_products_fts_name"]
    assert "array_to_tsvector" in migrated["search_name_lexemes"]
    assert "array_to_tsvector" not in migrated["search_name_vector"]  # what the walk's index holds


def test_postgresql_search_04_downgrades_to_the_text_index_it_found(empty_database: str) -> None:
    if not empty_database.startswith("postgresql"):
        pytest.skip("search_04 changes PostgreSQL's text index only")
    app = migrating_app(empty_database)
    with app.app_context():
        upgrade(revision="names_01")
        found = _text_index_objects(empty_database)
        upgrade()
        assert _text_index_objects(empty_database) != found
        downgrade(revision="names_01")
        after = _text_index_objects(empty_database)
        downgrade(revision="base")
        db.engine.dispose()
    assert after == found


def test_postgresql_migrations_run_without_the_requests_statement_timeout(empty_database: str) -> None:
    """A request's statement timeout (15 s) would cancel search_04's rewrite of a large products table."""
    if not empty_database.startswith("postgresql"):
        pytest.skip("a statement timeout is PostgreSQL's")
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database, "DATABASE_STATEMENT_TIMEOUT_SECONDS": 1}
    )
    init_migrations(app)
    seen: list[str] = []

    def record(ctx, step, heads, run_args) -> None:
        seen.append(ctx.connection.exec_driver_sql("SHOW statement_timeout").scalar())

    app.extensions["migrate"].configure_args["on_version_apply"] = record
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:  # committed: seen from another connection
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "1s"
        downgrade(revision="base")
        db.engine.dispose()
    assert seen and set(seen) == {"0"}
