"""The cart pages: forms that work without JavaScript; cart.js makes them smoother."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from storefront.cart import cart as carts
from storefront.cart import store
from storefront.cart.queries import load_cart
from storefront.cart.services import add_to_cart, update_line
from storefront.errors import DomainError
from storefront.i18n import localized
from storefront.orders.lazy import retry_after_releasing_holds
from storefront.orders.pricing import rules_from_config
from storefront.text import clean_slug

bp = Blueprint("cart", __name__)


def _cap() -> int:
    return carts.units_cap(current_app.config)


def _saved(response: BaseResponse, cart: carts.Cart) -> BaseResponse:
    store.write(response, cart, secure=request.is_secure)
    return response


@bp.get("/cart")
def view() -> Any:
    cart = store.read(request)
    summary = load_cart(cart, rules_from_config(current_app.config), cap=_cap())
    response = Response(render_template("cart/view.html", cart=summary))
    if summary.missing:  # products deleted since: drop them quietly
        _saved(response, {pid: q for pid, q in cart.items() if pid not in summary.missing})
    return response


@bp.post("/cart/add")
def add() -> Any:
    cart = store.read(request)
    slug = request.form.get("product", "")
    try:
        cart, product = retry_after_releasing_holds(
            lambda: add_to_cart(cart, slug, request.form.get("quantity", "1"), cap=_cap())
        )
    except DomainError as error:
        if _wants_json():
            return jsonify({"error": {"code": error.code, "message": error.message}}), 422
        flash(error.message, "error")
        safe_slug = clean_slug(slug)
        back = (
            url_for("web.product", slug=safe_slug) if error.code != "not_found" and safe_slug else url_for("cart.view")
        )
        return redirect(back, code=303)
    message = _("Added %(name)s to your cart.", name=localized(product, "name"))
    if request.form.get("buy_now"):  # straight to checkout, the product in the cart
        return _saved(redirect(url_for("checkout.checkout"), code=303), cart)
    if _wants_json():  # cart.js on the product page: stay there, the header count updated
        return _saved(jsonify({"message": message, "count": carts.count_units(cart)}), cart)
    flash(message, "success")
    return _saved(redirect(url_for("cart.view"), code=303), cart)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.post("/cart/update")
def update() -> Any:
    cart = store.read(request)
    try:
        cart = retry_after_releasing_holds(
            lambda: update_line(cart, request.form.get("product_id", ""), request.form.get("quantity", ""), cap=_cap())
        )
    except DomainError as error:
        flash(error.message, "error")
        return redirect("/cart", code=303)
    return _saved(redirect("/cart", code=303), cart)


@bp.post("/cart/remove")
def remove() -> Any:
    cart = store.read(request)
    try:
        product_id = int(request.form.get("product_id", ""))
    except ValueError:
        return redirect("/cart", code=303)
    return _saved(redirect("/cart", code=303), carts.remove(cart, product_id))
