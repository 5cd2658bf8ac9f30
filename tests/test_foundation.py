"""The skeleton: the factory, settings, health check, security headers, rollback per test."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storefront.config import ConfigError, from_env
from storefront.models import Locality

STRONG_KEY = "kV3q9-Zt7mXbW2pLr8sYdF4hJ6nCuQe1"  # what a deployment's generated key looks like


def test_no_secret_key_outside_debug_refuses_to_start() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        from_env({})


def test_debug_without_secret_key_gets_a_random_one() -> None:
    first = from_env({"FLASK_DEBUG": "1"})["SECRET_KEY"]
    second = from_env({"FLASK_DEBUG": "1"})["SECRET_KEY"]
    assert len(first) >= 32 and first != second


def test_postgres_urls_use_psycopg3() -> None:
    config = from_env({"SECRET_KEY": STRONG_KEY, "DATABASE_URL": "postgres://u@h/d"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/d"


def test_bad_number_setting_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="PAYMENT_WINDOW_MINUTES"):
        from_env({"SECRET_KEY": STRONG_KEY, "PAYMENT_WINDOW_MINUTES": "soon"})


def test_cookies_are_secure_outside_debug() -> None:
    config = from_env({"SECRET_KEY": STRONG_KEY})
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["DEBUG"] is False


def test_healthz_answers_after_a_database_round_trip(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path) -> None:
    from storefront.app import create_app

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}


def test_every_html_response_carries_the_security_headers(client) -> None:
    response = client.get("/this-page-does-not-exist")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


@pytest.mark.parametrize("path", ["/.env", "/.git/config", "/.git/HEAD", "/static/../.env", "/static/../setup.cfg"])
def test_secrets_and_source_are_never_served(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert b"SECRET_KEY" not in response.data and b"[core]" not in response.data


def test_a_committing_test_writes_a_row(db) -> None:
    db.session.add(Locality(slug="rollback-probe", name="Probe", province_code=22, province_name="Quảng Ninh"))
    db.session.commit()
    assert db.session.scalar(select(func.count()).where(Locality.slug == "rollback-probe")) == 1


def test_the_next_test_does_not_see_it(db) -> None:
    assert db.session.scalar(select(func.count()).where(Locality.slug == "rollback-probe")) == 0
