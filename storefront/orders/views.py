"""The buyer's order page, reached by the unguessable link given at checkout, and the small JSON status
its script asks while a payment is awaited."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from storefront.db import utcnow
from storefront.errors import DomainError, json_error
from storefront.extensions import limiter
from storefront.i18n import machine_time
from storefront.orders.lazy import expire_if_seen_overdue
from storefront.orders.limits import PROGRESS_PER_ADDRESS, PROGRESS_PER_ORDER, order_token_key
from storefront.orders.models import Order
from storefront.orders.parcels import order_parcels
from storefront.orders.paying import PaymentPanel, payment_panel
from storefront.orders.pricing import rules_from_config
from storefront.orders.queries import order_by_token, order_progress_by_token
from storefront.orders.status import LABELS, METHOD_LABELS, is_awaiting_payment
from storefront.uow import unit_of_work

bp = Blueprint("orders", __name__)


def _read(token: str, *, returned: bool, sync: bool) -> tuple[Order, PaymentPanel | None]:
    order = order_by_token(token)
    if order is None:
        abort(404)
    now = utcnow()
    # A card order asks Stripe on the server how its payment stands; the URL only picks the wording.
    order, panel = payment_panel(order, now=now, returned=returned, sync=sync)
    if expire_if_seen_overdue(order, now):  # the lazy check: an overdue hold lets go once it is seen
        order = order_by_token(token)
        assert order is not None
        panel = None  # nothing is left to pay
    return order, panel


@bp.get("/orders/<token>")
def status(token: str) -> Any:
    returned = request.args.get("payment") == "return"
    for sync in (True, True, False):
        try:
            with unit_of_work(keep_loaded=True):
                order, panel = _read(token, returned=returned, sync=sync)
            break
        except (DomainError, SQLAlchemyError):
            # A webhook changed the order at the same moment (or SQLite's snapshot went stale): read it again
            # in a new transaction; the last try asks Stripe nothing and only reads.
            if not sync:
                raise
    response = current_app.make_response(
        render_template(
            "orders/status.html",
            order=order,
            parcels=order_parcels(
                order.lines, shipping_vnd=order.shipping_vnd, rules=rules_from_config(current_app.config)
            ),
            payment_template=panel.template if panel else None,
            status_labels=LABELS,
            method_labels=METHOD_LABELS,
            **(panel.values if panel else {}),
        )
    )
    # The link is the key to the order: keep it out of shared caches and of other sites' referrers.
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/orders/<token>/status.json")
@limiter.limit(PROGRESS_PER_ADDRESS)
@limiter.limit(PROGRESS_PER_ORDER, key_func=order_token_key)
def progress(token: str) -> Any:
    """Where the order stands, for the page's poll: one read by the token's unique index, nothing written
    and no payment service asked. `awaiting_payment` turns false once the money is confirmed, the order is
    cancelled or its window has passed: the page then reloads and shows (and, if overdue, applies) it."""
    found = order_progress_by_token(token)
    if found is None:
        response, code = json_error("not_found", _("We could not find that order."), 404)
    else:
        order_status, pay_by = found
        awaiting = is_awaiting_payment(order_status, pay_by, utcnow())
        response, code = (
            jsonify(
                status=order_status.value,
                awaiting_payment=awaiting,
                pay_by=machine_time(pay_by) if pay_by is not None else None,
            ),
            200,
        )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response, code
