"""Stock: set or adjust with a reason; the listings as CSV, and an import shown as a preview first."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from storefront.catalog import listings as rules
from storefront.catalog import listings_csv
from storefront.catalog.models import Product
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.extensions import limiter
from storefront.portal import access
from storefront.portal import queries as q
from storefront.portal.forms import CsvForm, StockForm
from storefront.portal.overview import LOW_STOCK
from storefront.portal.views import bp
from storefront.uow import unit_of_work


@bp.get("/stock")
def stock() -> Any:
    products = q.products_of(access.producer_id())
    return render_template("portal/stock.html", products=products, form=CsvForm(), low_stock=LOW_STOCK)


@bp.route("/products/<int:product_id>/stock", methods=["GET", "POST"])
def product_stock(product_id: int) -> Any:
    product = access.own(Product, product_id)
    form = StockForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                user, now, reason = access.portal_user(), utcnow(), form.reason.data or ""
                if form.mode.data == "set":
                    rules.set_stock(product, form.amount.data, actor=user, now=now, reason=reason)
                else:
                    rules.adjust_stock(product, form.amount.data, actor=user, now=now, reason=reason)
        except DomainError as error:
            form.amount.errors = [error.message]
        else:
            flash(_("Stock saved."), "success")
            return redirect(url_for("portal.product_stock", product_id=product_id))
    product = access.own(Product, product_id)
    return render_template(
        "portal/product_stock.html", product=product, form=form, history=rules.history(product.id)
    ), 422 if form.errors else 200


@bp.get("/stock/export.csv")
def export_csv() -> Response:
    body = listings_csv.export_csv(q.products_of(access.producer_id()))
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="san-pham.csv"'},
    )


def _preview(plan: listings_csv.ImportPlan | None, form: CsvForm, status: int = 200, error: str = "") -> Any:
    return render_template("portal/import.html", plan=plan, form=form, error=error), status


@bp.route("/stock/import", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"], override_defaults=False)  # and the portal's own
def import_csv() -> Any:
    """Step one: read the file and show what would change. Nothing is written."""
    form = CsvForm()
    if not form.validate_on_submit():
        return _preview(None, form)
    upload = request.files.get("file")
    try:
        text = listings_csv.decode(upload.read(listings_csv.MAX_BYTES + 1) if upload else b"")
        plan = listings_csv.plan_import(text, access.producer_id())
    except DomainError as error:
        return _preview(None, form, 422, error.message)
    return _preview(plan, form, 422 if plan.errors else 200)


@bp.post("/stock/import/apply")
@limiter.limit("30 per hour", override_defaults=False)
def apply_import() -> Any:
    """Step two: plan the same text again; save it only if it is still what the preview showed."""
    form = CsvForm()
    if not form.validate_on_submit():
        return redirect(url_for("portal.import_csv"))
    try:
        text = listings_csv.decode(request.form.get("text", "").encode("utf-8"))
        plan = listings_csv.plan_import(text, access.producer_id())
    except DomainError as error:
        return _preview(None, form, 422, error.message)
    if plan.digest != request.form.get("digest"):
        return _preview(plan, form, 409, _("The listings changed since the preview. Please check it again."))
    try:
        with unit_of_work():
            changed = listings_csv.apply_import(plan, access.producer_id(), actor=access.portal_user(), now=utcnow())
    except DomainError as error:
        return _preview(plan, form, 422, error.message)
    flash(_("Saved: %(count)s products changed.", count=changed), "success")
    return redirect(url_for("portal.stock"))
