"""Fixtures every test shares: the app, a database rolled back after each test, clients and counters."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from cachelib import SimpleCache
from flask import Flask, g
from flask.testing import FlaskClient, FlaskCliRunner
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import scoped_session, sessionmaker

from storefront.app import create_app
from storefront.extensions import cache
from storefront.extensions import db as _db
from tests.factories import Shop, build_shop
from tests.html_checks import _html_checks_installed, html_is_balanced  # noqa: F401  every test checks its HTML

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()


def _test_config(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("app")
    url = TEST_DATABASE_URL or f"sqlite:///{base / 'test.sqlite3'}"
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": url,
        "MEDIA_ROOT": str(base / "media"),
        "PUBLIC_BASE_URL": "https://shop.example",
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "RATELIMIT_ENABLED": False,
        "CACHE_TYPE": "NullCache",
        "CACHE_NO_NULL_WARNING": True,
        "STRIPE_SECRET_KEY": None,
        "STRIPE_WEBHOOK_SECRET": None,
    }


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = create_app(_test_config(tmp_path_factory))
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@contextmanager
def rolled_back_database(app: Flask) -> Iterator[Any]:
    """The database inside a transaction that is rolled back at the end.

    Code under test may commit: it commits a savepoint, and the outer rollback still undoes it.
    """
    with app.app_context():
        connection = _db.engine.connect()
        transaction = connection.begin()
        original = _db.session
        # A plain Session: Flask-SQLAlchemy's own picks the engine per table and would ignore `bind`.
        _db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),  # type: ignore[arg-type]  # on purpose
            scopefunc=_app_ctx_id,
        )
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture()
def db(app: Flask) -> Iterator[Any]:
    """Each test's database, rolled back when the test ends."""
    with rolled_back_database(app) as database:
        yield database


class FreshRequestClient(FlaskClient):
    """Each request chooses its language and CSRF token again, as it does in production.

    The `db` fixture keeps one app context open for the whole test, so requests share `g`, where
    Flask-Babel caches the first request's locale and Flask-WTF its CSRF token.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        g.pop("_flask_babel", None)
        g.pop("csrf_token", None)
        g.pop("_login_user", None)  # Flask-Login's per-request user: each request loads it from its cookie
        return super().open(*args, **kwargs)


def fresh_client(app: Flask) -> FlaskClient:
    """Another visitor: a client with its own cookies."""
    return FreshRequestClient(app, app.response_class, use_cookies=True)


def sign_in_client(client: FlaskClient, user: Any) -> None:
    """As `login_as`, for a client of another app (`rate_limited_app`): the session row made and kept by the
    tests' app, the cookie set on `client`."""
    from flask import current_app, session
    from flask_login import login_user

    from storefront.extensions import db

    with current_app.test_request_context():
        login_user(user)
        values = dict(session)
    db.session.commit()
    with client.session_transaction() as client_session:
        client_session.update(values)


@pytest.fixture()
def client(app: Flask, db: Any) -> FlaskClient:
    return fresh_client(app)


@pytest.fixture()
def shop(db: Any) -> Shop:
    """The small Quảng Ninh catalogue of `tests.factories.build_shop`."""
    return build_shop()


@pytest.fixture()
def runner(app: Flask, db: Any) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture()
def login_as(app: Flask, db: Any, client: FlaskClient) -> Callable[..., Any]:
    """`user = login_as("producer")` (or `login_as(user)`): `client` is then signed in as that user.

    It goes through Flask-Login's own `login_user`, so whatever the login view stores in the session
    (and checks on each request) is stored here too.
    """
    from flask_login import login_user

    from tests.factories import make_user

    def sign_in(role_or_user: Any = "customer", **overrides: Any) -> Any:
        user = make_user(role=role_or_user, **overrides) if isinstance(role_or_user, str) else role_or_user
        with app.test_request_context():
            login_user(user)
            from flask import session

            values = dict(session)
        with client.session_transaction() as client_session:
            client_session.update(values)
        return user

    return sign_in


@pytest.fixture()
def count_queries(app: Flask) -> Callable[[], Any]:
    """`with count_queries() as queries: ...` then `len(queries)` is the SQL statements run."""

    @contextmanager
    def counter() -> Iterator[list[str]]:
        statements: list[str] = []

        def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if not statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO", "BEGIN", "PRAGMA")):
                statements.append(statement)

        with app.app_context():
            event.listen(Engine, "before_cursor_execute", record)
            try:
                yield statements
            finally:
                event.remove(Engine, "before_cursor_execute", record)

    return counter


@pytest.fixture()
def memory_cache(app: Flask, db: Any) -> Iterator[SimpleCache]:
    """A real in-memory cache in place of the tests' NullCache."""
    backend = SimpleCache()
    original = app.extensions["cache"][cache]
    app.extensions["cache"][cache] = backend
    try:
        yield backend
    finally:
        app.extensions["cache"][cache] = original


@pytest.fixture(autouse=True)
def _limits_off_unless_asked() -> None:
    """Flask-Limiter's limiter is one object shared by every app a test makes, and the last `init_app`
    decides whether it is on: a test that makes an app with the default settings (limits on) would leave
    them on for every test after it in the process. Each test starts with them off; `rate_limited_client`,
    or an app the test makes itself, turns them on."""
    from storefront.extensions import limiter

    limiter.enabled = False


@pytest.fixture(scope="session")
def rate_limited_app(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The shop with its rate limits on (the other tests run without), on the same test database.

    Flask-Limiter's extension object is shared by both apps: it is switched on only inside the
    `rate_limited_client` fixture, and off again after it.
    """
    from storefront.extensions import limiter

    config = _test_config(tmp_path_factory)
    config.update(
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
    )
    limited = create_app(config)
    limiter.enabled = False
    return limited


@pytest.fixture()
def rate_limited_client(rate_limited_app: Flask, db: Any) -> Iterator[FlaskClient]:
    """A client of `rate_limited_app`, with every limit's count starting from zero."""
    from storefront.extensions import limiter

    limiter.enabled = True
    limiter.reset()
    try:
        yield fresh_client(rate_limited_app)
    finally:
        limiter.reset()
        limiter.enabled = False


@pytest.fixture()
def csrf_on(app: Flask) -> Iterator[None]:
    """Flask-WTF's CSRF check switched on, as in production (the tests' config leaves it off)."""
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
