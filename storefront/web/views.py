"""The public shop's pages. Each view parses the request, asks `fragments` for the cached part, renders."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import generate_csrf
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from storefront.cart.cart import units_cap
from storefront.catalog.filters import parse_filters
from storefront.clock import vn_today
from storefront.extensions import db, limiter
from storefront.web import fragments

bp = Blueprint("web", __name__)


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    # The public pages carry no rate limit; without this Flask-Limiter still resolves (and finds no)
    # limits on every request, a twentieth of a page. Limits stay on the POST endpoints that declare them.
    limiter.request_filter(_is_public_page)


def _is_public_page() -> bool:
    return request.blueprint == bp.name


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"})


#: Crawlers may read the catalogue; carts, checkouts, orders, accounts and back offices are no one's business.
ROBOTS = """User-agent: *
Disallow: /cart
Disallow: /checkout
Disallow: /orders/
Disallow: /account
Disallow: /login
Disallow: /register
Disallow: /portal/
Disallow: /program/
Disallow: /api/
Disallow: /products?*q=
"""


def robots_txt(base_url: str) -> str:
    return ROBOTS + f"Sitemap: {base_url}/sitemap.xml\n"


@bp.get("/robots.txt")
def robots() -> ResponseReturnValue:
    return (
        robots_txt(current_app.config["PUBLIC_BASE_URL"]),
        200,
        {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=86400"},
    )


@bp.get("/")
def home() -> ResponseReturnValue:
    return render_template("web/home.html", view=fragments.home(vn_today()))


@bp.get("/products")
def products() -> ResponseReturnValue:
    filters = parse_filters(request.args, per_page=fragments.PER_PAGE)
    return render_template(
        "web/products.html", view=fragments.catalogue(filters, vn_today()), filters=filters, search_query=filters.q
    )


@bp.get("/products/<slug>")
def product(slug: str) -> ResponseReturnValue:
    view = fragments.product(slug, vn_today())
    if view is None:
        abort(404)
    # The quantity field offers no more than one order may hold (a setting, not part of the cached page).
    cap = min(view["max_quantity"], units_cap(current_app.config))
    view = {
        **view,
        "max_quantity": cap,
        "purchase": fragments.purchase_box(view, csrf_token=generate_csrf, max_quantity=cap),
    }
    return render_template("web/product.html", view=view)


@bp.get("/producers")
def producers() -> ResponseReturnValue:
    page = parse_filters(request.args).page
    return render_template("web/producers.html", view=fragments.producers_page(page))


@bp.get("/producers/<slug>")
def producer(slug: str) -> ResponseReturnValue:
    view = fragments.producer(slug, parse_filters(request.args).page, vn_today())
    if view is None:
        abort(404)
    return render_template("web/producer.html", view=view)
