"""The producer's QR pages in the portal: batches, labels to print, and how often their packs are scanned."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from storefront.auth.access import current_producer_id, protect_blueprint
from storefront.auth.limits import PORTAL_POST_LIMITS, QR_IMAGE_LIMITS, user_key
from storefront.auth.models import Role
from storefront.catalog.models import Product
from storefront.catalog.queries import shown_stars
from storefront.clock import vn_today
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.extensions import db, limiter
from storefront.qr import queries
from storefront.qr.batches import batches_of, find_batch, record_batch
from storefront.qr.forms import BatchForm
from storefront.qr.labels import LabelText, label_png, label_svg
from storefront.qr.models import Batch
from storefront.qr.views import product_target
from storefront.uow import unit_of_work

bp = Blueprint("qr_portal", __name__, url_prefix="/portal/qr")
protect_blueprint(bp, Role.PRODUCER)
# The same budget as the rest of the portal's POSTs (the same scope: one count per account).
limiter.shared_limit(
    PORTAL_POST_LIMITS, scope="portal-post", key_func=user_key, methods=["POST"], override_defaults=False
)(bp)


@bp.after_request
def _private(response: Response) -> Response:
    # As the rest of the portal: a producer's figures never sit in a shared cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response


#: Labels on an A4 sheet: 3 columns of 60 mm by 9 rows of 30 mm inside 10 mm margins.
SHEET_LABELS = 27


def _own_product(product_id: int) -> Product:
    """One of the signed-in producer's products; anyone else's is a 404, so ids reveal nothing."""
    product = db.session.get(Product, product_id)
    if product is None or product.producer_id != current_producer_id():
        abort(404)
    return product


def _own_batch(product: Product) -> Batch | None:
    lot = request.args.get("lot", "")
    if not lot:
        return None
    batch = find_batch(product.id, lot)
    if batch is None:
        abort(404)
    return batch


def _page(form: BatchForm) -> str:
    rows = queries.producer_products_with_scans(current_producer_id(), utcnow())
    names = {row.product.id: row.product for row in rows}
    return render_template(
        "qr/portal.html",
        rows=rows,
        batches=batches_of(list(names)),
        products=names,
        form=form,
    )


def _form() -> BatchForm:
    form = BatchForm()
    form.product.choices = [
        (p.id, p.name_vi)
        for p in db.session.scalars(
            select(Product).where(Product.producer_id == current_producer_id()).order_by(Product.name_vi)
        )
    ]
    return form


@bp.get("/")
def overview() -> ResponseReturnValue:
    return _page(_form())


@bp.post("/batches")
def add_batch() -> ResponseReturnValue:
    form = _form()
    if not form.validate_on_submit():
        return _page(form), 400
    product = _own_product(form.product.data)
    try:
        with unit_of_work():
            batch = record_batch(
                product,
                actor=current_user,
                lot=form.lot.data or "",
                produced_on=form.produced_on.data,
                best_before_on=form.best_before_on.data,
                quantity=form.quantity.data,
                today=vn_today(),
            )
            lot = batch.lot
    except DomainError as error:
        getattr(form, error.field or "lot").errors = [error.message]
        return _page(form), 400
    flash(_("Batch %(lot)s recorded. Print its labels below.", lot=lot), "success")
    return redirect(url_for("qr_portal.overview") + "#batches", code=303)


def _label_text(product: Product, batch: Batch | None) -> LabelText:
    stars = shown_stars(product, vn_today())
    return LabelText(
        name=product.name_vi,
        stars=f"{'★' * stars} OCOP {stars} sao" if stars else "",
        lot=f"Lô / Lot: {batch.lot}" if batch else "",
        code=product.qr_code,
    )


@bp.get("/products/<int:product_id>/label.<any(png, svg):kind>")
@limiter.limit(QR_IMAGE_LIMITS, key_func=user_key, scope="qr-label")
def label(product_id: int, kind: str) -> Response:
    product = _own_product(product_id)
    batch = _own_batch(product)
    data = product_target(product, batch.lot if batch else None)
    text = _label_text(product, batch)
    body, mimetype = (label_png(data, text), "image/png") if kind == "png" else (label_svg(data, text), "image/svg+xml")
    name = f"{product.slug}-{batch.lot}" if batch else product.slug
    response = Response(body, mimetype=mimetype)
    disposition = "attachment" if request.args.get("download") else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="label-{name}.{kind}"'
    return response


@bp.get("/products/<int:product_id>/sheet")
def sheet(product_id: int) -> ResponseReturnValue:
    """An A4 page of labels, ready to print from the browser on A4 label paper (or plain paper, then cut)."""
    product = _own_product(product_id)
    batch = _own_batch(product)
    lot: dict[str, Any] = {"lot": batch.lot} if batch else {}
    image = url_for("qr_portal.label", product_id=product.id, kind="svg", **lot)
    return render_template("qr/sheet.html", product=product, batch=batch, image=image, count=SHEET_LABELS)
