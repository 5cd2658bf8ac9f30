"""Settings, parsed and validated once from the environment (and a `.env` file)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit


class ConfigError(RuntimeError):
    """The environment does not describe a shop that can start safely."""


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}")
    return value


#: Anyone who guesses the key can sign a session as any user; a short or repetitive one is guessable.
MIN_SECRET_LENGTH = 32


def _trusted_hosts(env: Mapping[str, str], public_base_url: str, debug: bool) -> list[str] | None:
    """Hosts the shop answers for (Flask refuses any other `Host` with a 400, so no redirect points there).

    Unset: the host of PUBLIC_BASE_URL and the loopback names outside debug; any host in debug. `*`: any.
    """
    raw = env.get("TRUSTED_HOSTS", "").strip()
    if raw == "*" or (not raw and debug):
        return None
    if raw:
        return [host.strip() for host in raw.split(",") if host.strip()]
    return [urlsplit(public_base_url).hostname or "localhost", "localhost", "127.0.0.1"]


def _bool(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class DemoBank:
    bin: str = "970436"  # Vietcombank
    account_no: str = "0011004312345"
    account_name: str = "HTX OCOP QUANG NINH"


def from_env(env: Mapping[str, str] | None = None, instance_path: str = "instance") -> dict[str, Any]:
    """Turn environment variables into a Flask config mapping, refusing unsafe ones."""
    env = os.environ if env is None else env
    debug = _bool(env, "FLASK_DEBUG") or _bool(env, "STOREFRONT_DEBUG")
    secret = env.get("SECRET_KEY", "").strip()
    if not secret:
        if not debug:
            raise ConfigError(
                "SECRET_KEY is not set. Set it to a long random value "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))'), "
                "or set FLASK_DEBUG=1 for local development."
            )
        secret = secrets.token_urlsafe(48)
    elif not debug and (len(secret) < MIN_SECRET_LENGTH or len(set(secret)) < 10):
        raise ConfigError(
            f"SECRET_KEY is too weak: use at least {MIN_SECRET_LENGTH} random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )

    database_url = env.get("DATABASE_URL", "").strip() or (
        "sqlite:///" + os.path.join(os.path.abspath(instance_path), "storefront.sqlite3")
    )
    # Heroku-style URLs name the old driver; psycopg 3 is the one we ship.
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]

    public_base_url = env.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    bank = DemoBank()
    redis_url = env.get("REDIS_URL", "").strip() or None
    # Limits and caches want different eviction policies (README, Production): each may have its own Redis.
    cache_redis_url = env.get("REDIS_CACHE_URL", "").strip() or redis_url
    limits_redis_url = env.get("REDIS_LIMITS_URL", "").strip() or redis_url
    return {
        "DEBUG": debug,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "PUBLIC_BASE_URL": public_base_url,
        "TRUSTED_HOSTS": _trusted_hosts(env, public_base_url, debug),
        "STRIPE_SECRET_KEY": env.get("STRIPE_SECRET_KEY", "").strip() or None,
        "STRIPE_WEBHOOK_SECRET": env.get("STRIPE_WEBHOOK_SECRET", "").strip() or None,
        "STRIPE_API_BASE": env.get("STRIPE_API_BASE", "").strip() or None,
        # Stripe slow or down costs a page this long per try at most, and after this many failures in a row
        # it is not asked for that many seconds (see payments.stripe_gateway).
        "STRIPE_TIMEOUT_SECONDS": _int(env, "STRIPE_TIMEOUT_SECONDS", 4, minimum=1),
        "STRIPE_BREAKER_FAILURES": _int(env, "STRIPE_BREAKER_FAILURES", 3, minimum=1),
        "STRIPE_BREAKER_SECONDS": _int(env, "STRIPE_BREAKER_SECONDS", 30, minimum=1),
        # A card order's page asks Stripe only when the buyer comes back from it, and at most once this often.
        "STRIPE_RETURN_CHECK_SECONDS": _int(env, "STRIPE_RETURN_CHECK_SECONDS", 5, minimum=1),
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": env.get("MEDIA_ROOT", "").strip() or os.path.join(os.path.abspath(instance_path), "media"),
        "PAYMENT_WINDOW_MINUTES": _int(env, "PAYMENT_WINDOW_MINUTES", 30, minimum=1),
        # Every rate limit and every limit against hoarding below; `false` for load tests, never in production.
        "RATELIMIT_ENABLED": _bool(env, "RATELIMIT_ENABLED", True),
        # Against hoarding (README, Production); every one is off with RATELIMIT_ENABLED=false.
        "COD_CONFIRM_HOURS": _int(env, "COD_CONFIRM_HOURS", 24, minimum=1),
        "MAX_UNITS_PER_PRODUCT": _int(env, "MAX_UNITS_PER_PRODUCT", 10, minimum=1),
        "ORDER_LIMIT_PER_ADDRESS": env.get("ORDER_LIMIT_PER_ADDRESS", "").strip() or "10 per hour;30 per day",
        "ORDER_LIMIT_PER_PHONE": env.get("ORDER_LIMIT_PER_PHONE", "").strip() or "3 per hour;10 per day",
        "MESSAGES_PER_ADDRESS_PER_HOUR": _int(env, "MESSAGES_PER_ADDRESS_PER_HOUR", 5, minimum=1),
        "VIETQR_BANK_BIN": env.get("VIETQR_BANK_BIN", bank.bin).strip(),
        "VIETQR_ACCOUNT_NO": env.get("VIETQR_ACCOUNT_NO", bank.account_no).strip(),
        "VIETQR_ACCOUNT_NAME": env.get("VIETQR_ACCOUNT_NAME", bank.account_name).strip(),
        "SHIPPING_FEE_VND": _int(env, "SHIPPING_FEE_VND", 30_000),
        #: Shown in every page's footer; empty hides the line.
        "SHOP_HOTLINE": env.get("SHOP_HOTLINE", "0203 3 800 800").strip(),
        #: Days a parcel takes, shown on product pages: within Quảng Ninh, where the producers are, and elsewhere.
        "DELIVERY_DAYS_IN_PROVINCE": env.get("DELIVERY_DAYS_IN_PROVINCE", "1–2").strip(),
        "DELIVERY_DAYS_ELSEWHERE": env.get("DELIVERY_DAYS_ELSEWHERE", "3–5").strip(),
        "FREE_SHIPPING_THRESHOLD_VND": _int(env, "FREE_SHIPPING_THRESHOLD_VND", 500_000),
        "SMTP_HOST": env.get("SMTP_HOST", "").strip() or None,
        "SMTP_PORT": _int(env, "SMTP_PORT", 587, minimum=1),
        "SMTP_USERNAME": env.get("SMTP_USERNAME", "").strip() or None,
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", "") or None,
        # A server that accepts and then stalls holds `outbox send` this long per message, then it is retried.
        "SMTP_TIMEOUT_SECONDS": _int(env, "SMTP_TIMEOUT_SECONDS", 20, minimum=1),
        "MAIL_FROM": env.get("MAIL_FROM", "OCOP Quảng Ninh <shop@example.com>"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not debug,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": not debug,
        # "Remember me" lasts a month, not Flask-Login's year: a phone lost or shared forgets it sooner.
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        #: The largest picture a producer may upload (bytes); MAX_CONTENT_LENGTH caps the whole request.
        "IMAGE_MAX_BYTES": _int(env, "IMAGE_MAX_BYTES", 8 * 1024 * 1024, minimum=1024),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "RATELIMIT_STORAGE_URI": limits_redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "CACHE_TYPE": "RedisCache" if cache_redis_url else "storefront.memory_cache.BoundedMemoryCache",
        "CACHE_REDIS_URL": cache_redis_url,
        # Without Redis each process caches in its own memory, up to this much (storefront/memory_cache.py);
        # the searches' small cache (storefront/cache.py) gets a quarter of it besides.
        "CACHE_MAX_BYTES": _int(env, "MEMORY_CACHE_MB", 16, minimum=1) * 1024 * 1024,
        "CACHE_THRESHOLD": 20_000,
        "SEARCH_CACHE_ENTRIES": _int(env, "SEARCH_CACHE_ENTRIES", 500, minimum=1),
        "SEARCH_CACHE_SECONDS": _int(env, "SEARCH_CACHE_SECONDS", 60, minimum=1),
        "CACHE_DEFAULT_TIMEOUT": 300,
        "CACHE_KEY_PREFIX": "storefront:",
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # A database that is down or hangs must cost a page seconds, not a worker (see db.engine_options).
        "DATABASE_CONNECT_TIMEOUT_SECONDS": _int(env, "DATABASE_CONNECT_TIMEOUT_SECONDS", 3, minimum=1),
        "DATABASE_STATEMENT_TIMEOUT_SECONDS": _int(env, "DATABASE_STATEMENT_TIMEOUT_SECONDS", 15),
        # How many proxies in front append to X-Forwarded-For/-Proto; 0 trusts none of those headers.
        "TRUSTED_PROXIES": _int(env, "TRUSTED_PROXIES", 0),
    }
