"""Behind a proxy: forwarded headers are believed only when TRUSTED_PROXIES says how many proxies set them."""

from __future__ import annotations

from pathlib import Path

import pytest

from storefront.app import create_app
from storefront.config import ConfigError, from_env

STRONG_KEY = "kV3q9-Zt7mXbW2pLr8sYdF4hJ6nCuQe1"  # what a deployment's generated key looks like


def _client(tmp_path: Path, proxies: int):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": STRONG_KEY * 32,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'proxy.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "TRUSTED_PROXIES": proxies,
        }
    )
    return app.test_client()


def _lang_cookie(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("lang="))


def test_trusted_proxies_defaults_to_none_and_rejects_nonsense() -> None:
    assert from_env({"SECRET_KEY": STRONG_KEY})["TRUSTED_PROXIES"] == 0
    assert from_env({"SECRET_KEY": STRONG_KEY, "TRUSTED_PROXIES": "2"})["TRUSTED_PROXIES"] == 2
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        from_env({"SECRET_KEY": STRONG_KEY, "TRUSTED_PROXIES": "-1"})


def test_forwarded_proto_is_ignored_without_trusted_proxies(tmp_path: Path) -> None:
    response = _client(tmp_path, 0).get("/healthz?lang=en", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert "Secure" not in _lang_cookie(response)


def test_forwarded_proto_from_a_trusted_proxy_makes_the_request_https(tmp_path: Path) -> None:
    response = _client(tmp_path, 1).get(
        "/healthz?lang=en", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    )
    assert response.status_code == 200
    assert "Secure" in _lang_cookie(response)
