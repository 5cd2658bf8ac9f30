"""The application factory: it reads like a table of contents."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dotenv import load_dotenv
from flask import Flask

from storefront import cache, errors, i18n, inputs, security
from storefront import config as settings
from storefront.db import configure_sqlite, engine_options, keep_prepared_statements
from storefront.extensions import csrf, db, limiter, login_manager
from storefront.templating import Environment, compile_templates, register_template_helpers

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.jinja_environment = Environment  # before anything reads app.jinja_env, which Flask creates once
    if config is None or not config.get("TESTING"):
        load_dotenv(PROJECT_ROOT / ".env")
    env = dict(os.environ)
    if config and config.get("TESTING"):
        env.setdefault("FLASK_DEBUG", "1")  # a test mapping needs no SECRET_KEY of its own
    app.config.update(settings.from_env(env, app.instance_path))
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)

    register_extensions(app)
    register_template_helpers(app)
    register_blueprints(app)
    errors.register_error_handlers(app)
    register_commands(app)
    configure_logging(app)
    trust_proxies(app)
    return app


def warm_up(app: Flask) -> None:
    """What a process would otherwise do on its first requests, in their visitors' time: compile every
    template (0.6 s) and configure the ORM's mappers (the first query's). gunicorn.conf.py calls it
    in each new worker before its first request; gunicorn starts one every few thousand requests."""
    from sqlalchemy.orm import configure_mappers

    compile_templates(app)
    configure_mappers()


def register_extensions(app: Flask) -> None:
    inputs.init_app(app)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    cache.init_app(app)  # and the listeners that bump the catalogue version on every committed change
    limiter.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    from storefront import models  # noqa: F401  every table known to the metadata and to Alembic

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            # 0 would fail at once on any lock: SQLite always waits a little for the one writer.
            busy_seconds = app.config.get("DATABASE_STATEMENT_TIMEOUT_SECONDS") or 15
            configure_sqlite(db.engine, busy_timeout_ms=busy_seconds * 1000)
        elif db.engine.dialect.driver == "psycopg":
            keep_prepared_statements(db.engine)


def register_blueprints(app: Flask) -> None:
    from storefront.api.views import bp as api_bp
    from storefront.auth.account_views import bp as account_bp
    from storefront.auth.loader import init_login
    from storefront.auth.views import bp as auth_bp
    from storefront.cart.views import bp as cart_bp
    from storefront.checkout.views import bp as checkout_bp
    from storefront.media.views import bp as media_bp
    from storefront.orders.lookup_views import bp as order_lookup_bp
    from storefront.orders.views import bp as orders_bp
    from storefront.payments import methods as payment_methods
    from storefront.payments.views import bp as payments_bp
    from storefront.payments.webhooks import bp as stripe_webhooks_bp
    from storefront.portal.views import bp as portal_bp
    from storefront.program.views import bp as program_bp
    from storefront.qr.portal import bp as qr_portal_bp
    from storefront.qr.resolver import bp as gs1_bp
    from storefront.qr.views import bp as qr_bp
    from storefront.reviews.views import bp as reviews_bp
    from storefront.web.sitemap import bp as sitemap_bp
    from storefront.web.views import bp as web_bp

    app.register_blueprint(web_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    init_login(app)  # beside the accounts area, whose `auth.login` view is where a sign-in is asked for
    app.register_blueprint(order_lookup_bp)
    app.register_blueprint(reviews_bp)
    app.register_blueprint(cart_bp)
    app.register_blueprint(checkout_bp)
    app.register_blueprint(orders_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(sitemap_bp)
    app.register_blueprint(qr_bp)
    app.register_blueprint(gs1_bp)
    app.register_blueprint(qr_portal_bp)
    app.register_blueprint(stripe_webhooks_bp)
    csrf.exempt(stripe_webhooks_bp)  # Stripe signs its requests; there is no form token
    app.register_blueprint(payments_bp)
    payment_methods.init_app(app)  # the order page's payment panels, without orders importing payments
    app.register_blueprint(portal_bp)
    app.register_blueprint(program_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(api_bp)


def register_commands(app: Flask) -> None:
    from storefront.cli import register

    register(app)


def trust_proxies(app: Flask) -> None:
    """Behind N proxies, take the client's address and scheme from their forwarded headers (not the Host)."""
    count = app.config.get("TRUSTED_PROXIES", 0)
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]  # the WSGI-middleware pattern Flask documents


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
