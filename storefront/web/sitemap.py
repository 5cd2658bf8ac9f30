"""sitemaps.org files: an index, the browsing pages, and the products in chunks of 10,000 addresses."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, current_app, url_for
from sqlalchemy import func, select

from storefront.cache import remember
from storefront.catalog.models import Product, ProductGroup, ProductStatus
from storefront.extensions import db
from storefront.places.models import Locality
from storefront.producers.models import Producer

bp = Blueprint("sitemap", __name__)

#: The protocol allows 50,000; smaller files are quicker to build and to fetch.
PER_FILE = 10_000
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _absolute(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"] + path


def _xml(body: str) -> Response:
    response = Response('<?xml version="1.0" encoding="UTF-8"?>\n' + body, mimetype="application/xml")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


def _product_files() -> int:
    published = select(func.count()).select_from(Product).where(Product.status == ProductStatus.PUBLISHED)
    total = remember(("sitemap-count",), lambda: int(db.session.scalar(published) or 0))
    return max(1, math.ceil(total / PER_FILE))


@bp.get("/sitemap.xml")
def index() -> Response:
    files = [url_for("sitemap.pages")] + [url_for("sitemap.products", n=n) for n in range(1, _product_files() + 1)]
    entries = "".join(f"<sitemap><loc>{escape(_absolute(path))}</loc></sitemap>" for path in files)
    return _xml(f'<sitemapindex xmlns="{XMLNS}">{entries}</sitemapindex>')


@bp.get("/sitemap-pages.xml")
def pages() -> Response:
    def build() -> str:
        paths = [url_for("web.home"), url_for("web.products"), url_for("web.producers")]
        paths += [url_for("web.products", group=slug) for slug in db.session.scalars(select(ProductGroup.slug))]
        paths += [url_for("web.products", locality=slug) for slug in db.session.scalars(select(Locality.slug))]
        paths += [url_for("web.producer", slug=slug) for slug in db.session.scalars(select(Producer.slug))]
        return "".join(f"<url><loc>{escape(_absolute(path))}</loc></url>" for path in paths)

    return _xml(f'<urlset xmlns="{XMLNS}">{remember(("sitemap-pages",), build)}</urlset>')


@bp.get("/sitemap-products-<int:n>.xml")
def products(n: int) -> Response:
    if not 1 <= n <= _product_files():
        abort(404)

    def build() -> str:
        # Paging by id in a subquery reads the primary key, not whole rows, to reach the chunk.
        ids = (
            select(Product.id)
            .where(Product.status == ProductStatus.PUBLISHED)
            .order_by(Product.id)
            .limit(PER_FILE)
            .offset((n - 1) * PER_FILE)
        )
        rows = db.session.execute(
            select(Product.slug, Product.updated_at).where(Product.id.in_(ids)).order_by(Product.id)
        ).all()
        return "".join(
            f"<url><loc>{escape(_absolute(url_for('web.product', slug=slug)))}</loc>"
            f"<lastmod>{updated_at.date().isoformat()}</lastmod></url>"
            for slug, updated_at in rows
        )

    return _xml(f'<urlset xmlns="{XMLNS}">{remember(("sitemap-products", n), build)}</urlset>')
