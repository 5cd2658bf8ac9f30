"""`/orders/lookup`: a buyer who lost the order's link finds it again by reference and phone."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from storefront.auth.limits import LOOKUP_LIMITS
from storefront.extensions import limiter
from storefront.orders.lookup import find_order

bp = Blueprint("order_lookup", __name__)


class LookupForm(FlaskForm):
    reference = StringField(
        _l("Order reference"),
        validators=[DataRequired(_l("Please enter the order's reference.")), Length(max=32)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "maxlength": 32, "spellcheck": "false"},
    )
    phone = StringField(
        _l("Phone"),
        validators=[DataRequired(_l("Please enter your phone number.")), Length(max=40)],
        render_kw={"autocomplete": "tel", "inputmode": "tel", "maxlength": 40},
    )


def _not_found(form: LookupForm) -> Any:
    message = _("We found no order with that reference and phone number. Please check both and try again.")
    page = render_template("orders/lookup.html", form=form, problem=message)
    return page, 200, {"Cache-Control": "private, no-store"}


@bp.errorhandler(RateLimitExceeded)
def _limited(_error: RateLimitExceeded) -> Any:
    """Past the limit, the same answer as a wrong reference: a burst learns nothing, not even that it
    was stopped (and the right pair is not confirmed either)."""
    return _not_found(LookupForm())


@bp.route("/orders/lookup", methods=["GET", "POST"])
@limiter.limit(LOOKUP_LIMITS, methods=["POST"])
def lookup() -> Any:
    form = LookupForm()
    if request.method == "GET" or not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        page = render_template("orders/lookup.html", form=form, problem=None)
        return page, status, {"Cache-Control": "private, no-store"}
    order = find_order(form.reference.data, form.phone.data)
    if order is None:
        return _not_found(form)
    return redirect(f"/orders/{order.token}", code=303)
