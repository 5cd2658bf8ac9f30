"""Certificates: award, renew and revoke a product's OCOP certificate; what expires soon, what lapsed."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from storefront.catalog.certificates import (
    CertificateDetails,
    award,
    expiring_soon,
    lapsed,
    product_with_certificates,
    revoke,
)
from storefront.catalog.models import Certificate, IssuerLevel, Product
from storefront.catalog.stars import is_valid
from storefront.clock import vn_today
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.program.blueprint import bp
from storefront.program.forms import CertificateForm, RevokeCertificateForm
from storefront.text import fold
from storefront.uow import unit_of_work


@bp.get("/certificates")
def certificates() -> str:
    today = vn_today(utcnow())
    q = request.args.get("q", "").strip()[:100]
    found: list[Product] = []
    if len(q) >= 2:
        words = fold(q)
        found = list(
            db.session.scalars(
                select(Product)
                .where(or_(Product.slug.contains(words.replace(" ", "-")), Product.search_name.contains(words)))
                .order_by(Product.name_vi)
                .limit(20)
            ).all()
        )
    return render_template(
        "program/certificates.html",
        expiring=expiring_soon(today),
        lapsed=lapsed(today),
        today=today,
        q=q,
        found=found,
    )


def _product(slug: str) -> Product:
    product = product_with_certificates(slug)
    if product is None:
        abort(404)
    return product


def _page(product: Product, form: CertificateForm, status: int = 200) -> tuple[str, int]:
    today = vn_today(utcnow())
    return render_template(
        "program/product_certificates.html",
        product=product,
        form=form,
        revoke_form=RevokeCertificateForm(formdata=None),
        today=today,
        is_valid=is_valid,
    ), status


@bp.get("/products/<slug>/certificates")
def product_certificates(slug: str) -> tuple[str, int]:
    product = _product(slug)
    form = CertificateForm(formdata=None)
    renewing = request.args.get("renew", "")
    if renewing.isdigit():
        old = next((c for c in product.certificates if c.id == int(renewing)), None)
        if old is not None:  # a renewal starts from the certificate it follows
            form.issuer_name.data, form.issuer_level.data = old.issuer_name, old.issuer_level.value
            form.score.data = old.score
    return _page(product, form)


@bp.post("/products/<slug>/certificates")
def award_product_certificate(slug: str) -> Response | tuple[str, int]:
    product = _product(slug)
    form = CertificateForm()
    if not form.validate_on_submit():
        return _page(product, form, 400)
    details = CertificateDetails(
        number=form.number.data or "",
        score=int(form.score.data or 0),
        decision_number=form.decision_number.data or "",
        decided_on=form.decided_on.data,
        issuer_name=form.issuer_name.data or "",
        issuer_level=IssuerLevel(form.issuer_level.data),
    )
    try:
        with unit_of_work():
            certificate = award(product, details, today=vn_today(utcnow()))
    except DomainError as error:
        target = getattr(form, error.field or "", None) or form.number
        target.errors = [*target.errors, error.message]
        return _page(_product(slug), form, 400)
    flash(
        _("Certificate %(number)s recorded: %(stars)s stars.", number=certificate.number, stars=certificate.stars),
        "success",
    )
    return redirect(url_for("program.product_certificates", slug=slug))


@bp.post("/certificates/<int:certificate_id>/revoke")
def revoke_certificate(certificate_id: int) -> Response:
    form = RevokeCertificateForm()
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    slug = certificate.product.slug
    if not form.validate_on_submit():
        flash(_("Say why the certificate is revoked."), "error")
        return redirect(url_for("program.product_certificates", slug=slug))
    try:
        with unit_of_work():
            revoke(certificate_id, form.reason.data or "", today=vn_today(utcnow()))
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The certificate is revoked: the product no longer shows its stars."), "success")
    return redirect(url_for("program.product_certificates", slug=slug))
