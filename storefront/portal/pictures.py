"""Pictures of a listing: upload, reorder, delete. Uploads over the limit get a 413 page of the portal."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from storefront.catalog import pictures as rules
from storefront.catalog.models import Product, ProductImage
from storefront.errors import DomainError
from storefront.extensions import limiter
from storefront.media import images
from storefront.media.storage import storage
from storefront.portal import access
from storefront.portal.forms import EmptyForm, PictureForm
from storefront.portal.views import bp
from storefront.uow import unit_of_work


def _max_bytes() -> int:
    return int(current_app.config.get("IMAGE_MAX_BYTES", 8 * 1024 * 1024))


def _too_large(product_id: int | None) -> Any:
    message = images.too_large_message(_max_bytes())
    return render_template("portal/too_large.html", message=message, product_id=product_id), 413


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> Any:
    """The request was cut off before the view ran (over MAX_CONTENT_LENGTH): say so in the portal."""
    product_id = (request.view_args or {}).get("product_id")
    return _too_large(product_id if isinstance(product_id, int) else None)


@bp.route("/products/<int:product_id>/pictures", methods=["GET", "POST"])
@limiter.limit("60 per hour", methods=["POST"], override_defaults=False)  # and the portal's own
def pictures(product_id: int) -> Any:
    product = access.own(Product, product_id)
    form = PictureForm()
    if form.validate_on_submit():
        upload = request.files.get("picture")
        data = upload.read(_max_bytes() + 1) if upload else b""
        if len(data) > _max_bytes():
            return _too_large(product_id)
        if not data:
            form.picture.errors = [_("Please choose a picture to upload.")]
        else:
            try:
                with unit_of_work():
                    rules.add_picture(
                        product, data, alt_vi=form.alt_vi.data or "", store=storage(), max_bytes=_max_bytes()
                    )
            except DomainError as error:
                form.picture.errors = [error.message]
            else:
                flash(_("Picture added."), "success")
                return redirect(url_for("portal.pictures", product_id=product_id))
    product = access.own(Product, product_id)
    status = 422 if form.errors else 200
    return render_template(
        "portal/pictures.html",
        product=product,
        form=form,
        button=EmptyForm(),
        max_size=images.size_text(_max_bytes()),
    ), status


def _picture_of(product_id: int, picture_id: int) -> tuple[Product, ProductImage]:
    product = access.own(Product, product_id)
    picture = next((image for image in product.images if image.id == picture_id), None)
    if picture is None:
        abort(404)
    return product, picture


@bp.post("/products/<int:product_id>/pictures/<int:picture_id>/move")
def move_picture(product_id: int, picture_id: int) -> Any:
    product, picture = _picture_of(product_id, picture_id)
    if EmptyForm().validate_on_submit():
        offset = -1 if request.form.get("direction") == "up" else 1
        with unit_of_work():
            rules.move_picture(product, picture, offset)
    return redirect(url_for("portal.pictures", product_id=product_id))


@bp.post("/products/<int:product_id>/pictures/<int:picture_id>/delete")
def delete_picture(product_id: int, picture_id: int) -> Any:
    product, picture = _picture_of(product_id, picture_id)
    if EmptyForm().validate_on_submit():
        with unit_of_work():
            paths = rules.delete_picture(product, picture)
        store = storage()
        for path in paths:
            store.delete(path)
        flash(_("Picture deleted."), "success")
    return redirect(url_for("portal.pictures", product_id=product_id))
