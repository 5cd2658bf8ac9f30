"""Where pack codes lead: the scan page at /q/<code>[/<lot>], and a product's QR images."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from storefront.auth.limits import QR_IMAGE_LIMITS
from storefront.catalog.cards import product_cards
from storefront.catalog.models import Product, ProductStatus
from storefront.clock import vn_today
from storefront.db import utcnow
from storefront.extensions import db, limiter
from storefront.i18n import current_language
from storefront.qr import queries
from storefront.qr.batches import clean_lot
from storefront.qr.codes import qr_png, qr_svg, qr_target
from storefront.qr.counting import count_scan, device_class, is_countable
from storefront.uow import unit_of_work

bp = Blueprint("qr", __name__)

#: Each scan writes a row: one address (a tour group behind one mobile network's NAT included) gets this
#: many scans of any code, on /q/ and /01/ together, before a 429.
SCAN_LIMITS = "60 per minute;600 per hour"
scan_limit = limiter.shared_limit(SCAN_LIMITS, scope="qr-scan")


def product_target(product: Product, lot: str | None = None) -> str:
    """The address a pack of this product (and lot) carries as its QR code."""
    return qr_target(current_app.config["PUBLIC_BASE_URL"], product.qr_code, gtin=product.gtin, lot=lot)


@bp.get("/products/<slug>/qr.<any(png, svg):kind>")
# Per address, not per account: the image is the same for everyone and must not read the session.
@limiter.limit(QR_IMAGE_LIMITS, scope="qr-image")
def product_qr(slug: str, kind: str) -> Response:
    product = db.session.scalar(
        select(Product).where(Product.slug == slug[:200], Product.status == ProductStatus.PUBLISHED)
    )
    if product is None:
        abort(404)
    data = product_target(product)
    body, mimetype = (qr_png(data), "image/png") if kind == "png" else (qr_svg(data), "image/svg+xml")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="{product.slug}-qr.{kind}"'
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


def unknown_code(code: str) -> ResponseReturnValue:
    """A friendly 404 in the visitor's language, for a code no published product carries. Counted nowhere."""
    return render_template("qr/unknown.html", code=code[:40]), 404


def count_this_scan(product: Product, *, source: str, batch_id: int | None) -> None:
    """Count the request as a scan when it is a person's GET. Only the address and user agent's digest
    with today's salt is kept, and only until the day ends."""
    user_agent = request.headers.get("User-Agent", "")
    purpose = request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or ""
    if not is_countable(request.method, user_agent, purpose):
        return
    count_scan(
        product.id,
        visitor=f"{request.remote_addr or ''}\n{user_agent}",
        now=utcnow(),
        language=current_language(),
        device=device_class(user_agent),
        source=source,
        batch_id=batch_id,
    )


@bp.get("/q/<code>")
@bp.get("/q/<code>/<lot>", endpoint="scan_lot")
@scan_limit
def scan(code: str, lot: str | None = None) -> ResponseReturnValue:
    # A printed code must keep working for years: the code never changes with the name or the slug.
    product = queries.product_by_code(code)
    if product is None:
        return unknown_code(code)
    cleaned = clean_lot(lot) if lot is not None else None
    if lot is not None and cleaned is None:
        return unknown_code(f"{code}/{lot}")
    with unit_of_work():
        page = queries.scan_page(product, cleaned, vn_today())
        count_this_scan(product, source="qr", batch_id=page.batch.id if page.batch else None)
        body = render_template("qr/scan.html", page=page, more=product_cards(page.more, vn_today()), today=vn_today())
    response = Response(body)
    # Never cached on the way: each person's scan is counted here (and the page has a form token).
    response.headers["Cache-Control"] = "private, no-store"
    return response
