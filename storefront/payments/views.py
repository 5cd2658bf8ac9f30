"""What the buyer does about paying on the order page: try card again, pay by bank transfer instead, save
the transfer's VietQR code as a picture. The order page itself belongs to `storefront.orders.views`; what
it shows about paying comes from `storefront.payments.methods`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect
from flask_babel import gettext as _

from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.extensions import limiter
from storefront.orders.limits import QR_PER_ADDRESS, QR_PER_ORDER, order_token_key
from storefront.orders.models import Order
from storefront.orders.queries import order_by_token
from storefront.payments.card import pay_by_transfer_instead
from storefront.payments.stripe_checkout import start_card_payment
from storefront.payments.transfer import is_awaiting_transfer, transfer_payload, transfer_qr_png
from storefront.uow import unit_of_work

bp = Blueprint("payments", __name__)


def _order_or_404(token: str) -> Order:
    order = order_by_token(token)
    if order is None:
        abort(404)
    return order


@bp.post("/orders/<token>/card")
@limiter.limit("10 per minute")
def pay_by_card(token: str) -> Any:
    """Try card again: the open session if there is one, else a new one; never a second charge."""
    order = _order_or_404(token)
    try:
        with unit_of_work():
            url = start_card_payment(order, now=utcnow())
    except DomainError as refused:
        flash(refused.message, "error")
        return redirect(f"/orders/{token}", code=303)
    return redirect(url, code=303)


@bp.post("/orders/<token>/pay-by-transfer")
@limiter.limit("10 per minute")
def switch_to_transfer(token: str) -> Any:
    order = _order_or_404(token)
    try:
        with unit_of_work():
            pay_by_transfer_instead(
                order,
                actor="guest",
                now=utcnow(),
                payment_window=timedelta(minutes=current_app.config["PAYMENT_WINDOW_MINUTES"]),
            )
    except DomainError as refused:
        flash(refused.message, "error")
    else:
        flash(_("Please pay by bank transfer with the details below."), "success")
    return redirect(f"/orders/{token}", code=303)


@bp.get("/orders/<token>/vietqr.png")
@limiter.limit(QR_PER_ADDRESS)
@limiter.limit(QR_PER_ORDER, key_func=order_token_key)
def transfer_qr(token: str) -> Response:
    """The order's VietQR code as a PNG download, to open from the phone's gallery in a banking app. Only
    while the transfer is awaited: a paid, cancelled or overdue order has nothing left to pay."""
    order = order_by_token(token, details=False)
    if order is None or not is_awaiting_transfer(order, utcnow()):
        abort(404)
    response = Response(transfer_qr_png(transfer_payload(order, current_app.config)), mimetype="image/png")
    response.headers["Content-Disposition"] = f'attachment; filename="{order.reference}-vietqr.png"'
    # The address carries the order's key and the picture its amount: kept by nobody on the way.
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
