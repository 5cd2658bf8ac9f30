"""Listings: the producer's products, a form to add or edit one, publish and unpublish, the history."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from storefront.catalog import listings as rules
from storefront.catalog.models import Product
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.portal import access
from storefront.portal import queries as q
from storefront.portal.forms import EmptyForm, ListingForm
from storefront.portal.views import bp
from storefront.uow import unit_of_work


def _form(product: Product | None = None) -> ListingForm:
    form = ListingForm(obj=product)
    form.group_id.choices = q.group_choices()
    return form


def _data(form: ListingForm) -> rules.ListingData:
    """Only these fields of the post reach the services: nothing else in it can change a product."""
    return rules.ListingData(
        name_vi=form.name_vi.data or "",
        name_en=form.name_en.data or "",
        description_vi=form.description_vi.data or "",
        description_en=form.description_en.data or "",
        unit_vi=form.unit_vi.data or "",
        unit_en=form.unit_en.data or "",
        price_vnd=form.price_vnd.data,
        stock=form.stock.data,
        group_id=form.group_id.data,
        gtin=form.gtin.data or "",
    )


def _put_on_field(form: ListingForm, error: DomainError) -> None:
    field = getattr(form, error.field or "", None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")


@bp.get("/products")
def products() -> Any:
    return render_template("portal/products.html", products=q.products_of(access.producer_id()), form=EmptyForm())


@bp.route("/products/new", methods=["GET", "POST"])
def new_product() -> Any:
    form = _form()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                producer = q.producer(access.producer_id())
                product = rules.create_listing(producer, _data(form), actor=access.portal_user(), now=utcnow())
        except DomainError as error:
            _put_on_field(form, error)
        else:
            flash(_("Saved as a draft. Add pictures, then publish it."), "success")
            return redirect(url_for("portal.edit_product", product_id=product.id))
    return render_template("portal/product_form.html", form=form, product=None), 422 if form.errors else 200


@bp.route("/products/<int:product_id>", methods=["GET", "POST"])
def edit_product(product_id: int) -> Any:
    product = access.own(Product, product_id)
    form = _form(product)
    if form.validate_on_submit():
        try:
            with unit_of_work():
                rules.update_listing(product, _data(form), actor=access.portal_user(), now=utcnow())
        except DomainError as error:
            _put_on_field(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("portal.edit_product", product_id=product.id))
    product = access.own(Product, product_id)
    return render_template(
        "portal/product_form.html",
        form=form,
        product=product,
        history=rules.history(product.id),
        button=EmptyForm(),
    ), 422 if form.errors else 200


@bp.post("/products/<int:product_id>/publish")
def publish(product_id: int) -> Any:
    product = access.own(Product, product_id)
    if EmptyForm().validate_on_submit():
        try:
            with unit_of_work():
                rules.publish(product, now=utcnow())
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("Published: it is in the shop now."), "success")
    return redirect(url_for("portal.edit_product", product_id=product_id))


@bp.post("/products/<int:product_id>/unpublish")
def unpublish(product_id: int) -> Any:
    product = access.own(Product, product_id)
    if EmptyForm().validate_on_submit():
        with unit_of_work():
            rules.unpublish(product, now=utcnow())
        flash(_("Taken out of the shop. It is kept as a draft."), "success")
    return redirect(url_for("portal.edit_product", product_id=product_id))
