"""Checkout: parse the form, call `place_order` once in a unit of work, redirect to the order's page (or,
for a card, open Stripe Checkout in a second one first)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask import Blueprint, Response, current_app, flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from storefront.auth.profile import after_order, checkout_defaults
from storefront.cart import store
from storefront.cart.cart import units_cap
from storefront.cart.queries import CartView, LineProblem, load_cart
from storefront.checkout import limits
from storefront.checkout.forms import CheckoutForm, clean_submission_key, format_quoted, normalize_phone, parse_quoted
from storefront.db import utcnow
from storefront.errors import DomainError, OutOfStock
from storefront.i18n import current_language
from storefront.orders.lazy import retry_after_releasing_holds
from storefront.orders.models import Order, PaymentMethod
from storefront.orders.pricing import rules_from_config
from storefront.orders.services import BuyerDetails, CartChanged, PriceChanged, place_order
from storefront.payments import methods as payment_methods
from storefront.places import lookups
from storefront.uow import unit_of_work

bp = Blueprint("checkout", __name__)


@bp.after_request
def _never_stored(response: Response) -> Response:
    """A checkout page carries the buyer's name, phone and address once typed: kept by no cache, not even
    the browser's (a shared computer's back button)."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _card_offered() -> bool:
    return PaymentMethod.CARD in payment_methods.offered(current_app.config)


def _summary(cart: dict[int, int]) -> CartView:
    return load_cart(cart, rules_from_config(current_app.config), cap=units_cap(current_app.config))


def _render(form: CheckoutForm, *, status: int = 200, problem: str | None = None, requote: bool = False) -> Any:
    """The form again with what was typed. `requote`: it now stands for the cart as it is (a new one-time
    key, today's prices to confirm)."""
    summary = _summary(store.read(request))
    if requote:
        form.submission_key.data = secrets.token_urlsafe(24)
        form.quoted.data = format_quoted(summary.prices)
    return render_template("checkout/form.html", form=form, cart=summary, problem=problem), status


def _fit_to_stock(form: CheckoutForm) -> Any:
    """ "Buy what is left": each line comes down to the stock there is and what is gone leaves the cart; the
    form is shown again with what was typed and the new total to confirm. Nothing is placed here."""
    before = _summary(store.read(request))
    cart = {
        line.product.id: min(line.quantity, line.max_quantity)
        for line in before.lines
        if line.problem != LineProblem.UNAVAILABLE and line.max_quantity > 0
    }
    if not cart:
        flash(_("Your cart is empty."), "error")
        response = redirect("/cart", code=303)
    else:
        summary = _summary(cart)
        form.quoted.data = format_quoted(summary.prices)
        response = current_app.make_response(
            render_template("checkout/form.html", form=form, cart=summary, problem=None)
        )
    store.write(response, cart, secure=request.is_secure)
    return response


def _prefill(form: CheckoutForm, values: dict[str, Any]) -> None:
    """A signed-in shopper's remembered address, in the fields they have not filled."""
    for name, value in values.items():
        target = getattr(form, name.removesuffix("_code"), None)
        if target is not None and not target.data:
            target.data = value
    form.set_choices(card_enabled=_card_offered())  # the communes of the remembered province


def _buyer(form: CheckoutForm) -> BuyerDetails:
    province = lookups.province(form.province.data)
    ward = lookups.commune_in_province(form.ward.data, form.province.data)
    assert province is not None and ward is not None  # the form's validators made sure
    return BuyerDetails(
        full_name=form.full_name.data.strip(),
        phone=normalize_phone(form.phone.data) or "",
        email=(form.email.data or "").strip().lower(),
        address=form.address.data.strip(),
        ward_code=ward.code,
        ward_name=ward.name,
        province_code=province.code,
        province_name=province.name,
        note=(form.note.data or "").strip(),
        language=current_language(),
    )


def _place(form: CheckoutForm) -> Order:
    config = current_app.config

    def attempt() -> Order:
        order = place_order(
            store.read(request),
            _buyer(form),
            payment_method=PaymentMethod(form.payment_method.data),
            now=utcnow(),
            shipping=rules_from_config(config),
            payment_window=timedelta(minutes=config["PAYMENT_WINDOW_MINUTES"]),
            submission_key=clean_submission_key(form.submission_key.data),
            confirmed_prices=parse_quoted(form.quoted.data),
            user_id=current_user.id if current_user.is_authenticated else None,
            **limits.hoarding_rules(),
        )
        if current_user.is_authenticated:
            after_order(current_user, order)
        return order

    return retry_after_releasing_holds(attempt)


@bp.route("/checkout", methods=["GET", "POST"])
@limits.per_address
@limits.per_phone
def checkout() -> Any:
    form = CheckoutForm()
    form.set_choices(card_enabled=_card_offered())
    if "fit_to_stock" in request.form:
        return _fit_to_stock(form)
    if request.method == "GET" or "refresh" in request.form:
        summary = _summary(store.read(request))
        if not summary.lines:
            flash(_("Your cart is empty."), "error")
            return redirect("/cart", code=303)
        if summary.has_problems:
            flash(_("Please fix the lines marked in your cart before checking out."), "error")
            return redirect("/cart", code=303)
        if request.method == "GET":
            form.submission_key.data = secrets.token_urlsafe(24)
            form.quoted.data = format_quoted(summary.prices)
            if current_user.is_authenticated:
                _prefill(form, checkout_defaults(current_user))
        return render_template("checkout/form.html", form=form, cart=summary, problem=None)

    if not store.read(request):
        flash(_("Your cart is empty."), "error")
        return redirect("/cart", code=303)
    if not form.validate():
        return _render(form, status=422, problem=_("Please correct the fields marked below."))
    try:
        order = _place(form)  # its own unit of work: the order stands whatever Stripe says next
    except CartChanged as changed:
        # An old form sent again after the cart changed: its order is another cart's. This cart is shown,
        # untouched, with the form and a key of its own; nothing was placed.
        return _render(form, status=409, problem=changed.message, requote=True)
    except PriceChanged as changed:
        form.quoted.data = format_quoted(changed.prices)
        return _render(form, status=409, problem=changed.message)
    except OutOfStock as refused:  # nothing was taken
        # Nothing typed is lost: the same form again, with today's stock beside it. The failed attempt
        # stored nothing under its key, but the form now stands for a different cart: it gets a key of its own.
        form.submission_key.data = secrets.token_urlsafe(24)
        return _render(form, status=409, problem=refused.message)
    except DomainError as refused:
        return _render(form, status=refused.status, problem=refused.message)

    try:
        # A second unit of work: the order stands whatever Stripe says, and the Stripe session's id is kept
        # before the buyer is sent to pay that session.
        with unit_of_work():
            url = payment_methods.begin(order, now=utcnow())
    except DomainError as failed:  # Stripe down or refusing, or this order is no longer payable by card
        flash(failed.message, "error")
    else:
        if url is not None:
            response = redirect(url, code=303)
            store.write(response, {}, secure=request.is_secure)
            return response
        flash(_("Thank you! Your order %(reference)s has been placed.", reference=order.reference), "success")
    response = redirect(f"/orders/{order.token}", code=303)
    store.write(response, {}, secure=request.is_secure)
    return response


@bp.get("/checkout/communes")
def communes() -> Any:
    """The communes and wards of one province, for checkout.js; an unknown province has none."""
    try:
        code = int(request.args.get("province", ""))
    except ValueError:
        code = None
    items = [{"code": c.code, "name": c.name} for c in lookups.communes_of(code)]
    response = jsonify({"items": items})
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
