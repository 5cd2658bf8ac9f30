"""Where pack codes lead: /q/<code> and GS1 Digital Link /01/<gtin>, and the QR images themselves."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, url_for
from sqlalchemy import ColumnElement, select
from werkzeug.wrappers import Response as BaseResponse

from storefront.catalog.models import Product, ProductStatus
from storefront.db import utcnow
from storefront.extensions import db
from storefront.i18n import current_language
from storefront.qr.codes import normalize_gtin, qr_png, qr_svg, qr_target
from storefront.qr.services import record_scan
from storefront.uow import unit_of_work

bp = Blueprint("qr", __name__)

_YEAR = 365 * 24 * 3600


def _published(*criteria: ColumnElement[bool]) -> Product:
    product = db.session.scalar(select(Product).where(Product.status == ProductStatus.PUBLISHED, *criteria))
    if product is None:
        abort(404)
    return product


@bp.get("/products/<slug>/qr.<any(png, svg):kind>")
def product_qr(slug: str, kind: str) -> Response:
    product = _published(Product.slug == slug[:200])
    data = qr_target(current_app.config["PUBLIC_BASE_URL"], product.qr_code)
    body, mimetype = (qr_png(data), "image/png") if kind == "png" else (qr_svg(data), "image/svg+xml")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="{product.slug}-qr.{kind}"'
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.get("/q/<code>")
def scan(code: str) -> BaseResponse:
    # A printed code must keep working for years: a draft or renamed product still has its qr_code.
    product = _published(Product.qr_code == code[:16])
    return _count_and_redirect(product, "qr")


@bp.get("/01/<gtin>")
@bp.get("/01/<gtin>/10/<batch>")
def digital_link(gtin: str, batch: str | None = None) -> BaseResponse:
    normalized = normalize_gtin(gtin[:20])
    if normalized is None:
        abort(404)
    product = _published(Product.gtin.in_({normalized, normalized.lstrip("0"), normalized[1:]}))
    return _count_and_redirect(product, "gs1")


def _count_and_redirect(product: Product, source: str) -> BaseResponse:
    with unit_of_work():
        record_scan(product.id, source=source, language=current_language(), now=utcnow())
    # 302, not 301: a cached permanent redirect would hide every later scan from the count.
    response = redirect(url_for("web.product", slug=product.slug), code=302)
    response.headers["Cache-Control"] = "no-store"
    return response
