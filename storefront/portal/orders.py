"""Orders: the lines that are the producer's, with the buyer's delivery details; confirm, ship, deliver
(a table of `orders.actions.OrderAction`, as in the programme office)."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response, abort, redirect, render_template, url_for
from flask_babel import gettext as _

from storefront.catalog.listings import actor_name
from storefront.orders import fulfilment
from storefront.orders.actions import OrderAction, perform
from storefront.orders.models import Order
from storefront.orders.status import LABELS, METHOD_LABELS
from storefront.portal import access
from storefront.portal import queries as q
from storefront.portal.forms import EmptyForm, ShipForm
from storefront.portal.views import bp


def _order(order_id: int) -> Order:
    order = q.order_of(access.producer_id(), order_id)
    if order is None:
        abort(404)
    return order


def _context(**extra: Any) -> dict[str, Any]:
    return {
        "status_labels": LABELS,
        "method_labels": METHOD_LABELS,
        "fulfilment": fulfilment,
        "producer_id": access.producer_id(),
        **extra,
    }


@bp.get("/orders")
def orders() -> Any:
    rows = q.orders_of(access.producer_id())
    return render_template("portal/orders.html", **_context(orders=rows))


@bp.get("/orders/<int:order_id>")
def order(order_id: int) -> Any:
    return render_template(
        "portal/order.html", **_context(order=_order(order_id), ship_form=ShipForm(), button=EmptyForm())
    )


def _actions(producer_id: int, form: ShipForm | None = None) -> dict[str, OrderAction]:
    """The producer's buttons on an order: each acts on this producer's lines only."""
    carrier = (form.carrier.data or "") if form else ""
    tracking_number = (form.tracking_number.data or "") if form else ""
    return {
        "confirm": OrderAction(
            offered=lambda order: fulfilment.can_confirm(order, producer_id),
            apply=lambda order, who, now: fulfilment.confirm(order, producer_id, actor=who, now=now),
            done=lambda: _("Order confirmed."),
        ),
        "ship": OrderAction(
            offered=lambda order: fulfilment.can_ship(order, producer_id),
            apply=lambda order, who, now: fulfilment.ship(
                order, producer_id, carrier=carrier, tracking_number=tracking_number, actor=who, now=now
            ),
            done=lambda: _("Marked shipped. The buyer is told."),
        ),
        "deliver": OrderAction(
            offered=lambda order: fulfilment.can_deliver(order, producer_id),
            apply=lambda order, who, now: fulfilment.deliver(order, producer_id, actor=who, now=now),
            done=lambda: _("Marked delivered."),
        ),
    }


def _act(order_id: int, action: str) -> Any:
    order = _order(order_id)
    form = ShipForm() if action == "ship" else EmptyForm()
    if not form.validate_on_submit():
        if action == "ship":
            return render_template(
                "portal/order.html", **_context(order=order, ship_form=form, button=EmptyForm())
            ), 422
        abort(400)
    table = _actions(access.producer_id(), form if isinstance(form, ShipForm) else None)
    perform(table[action], order, actor=actor_name(access.portal_user()))
    return redirect(url_for("portal.order", order_id=order_id))


@bp.post("/orders/<int:order_id>/confirm")
def confirm_order(order_id: int) -> Any:
    return _act(order_id, "confirm")


@bp.post("/orders/<int:order_id>/ship")
def ship_order(order_id: int) -> Any:
    return _act(order_id, "ship")


@bp.post("/orders/<int:order_id>/deliver")
def deliver_order(order_id: int) -> Any:
    return _act(order_id, "deliver")


@bp.get("/orders/export.csv")
def export_orders() -> Response:
    producer_id = access.producer_id()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "reference",
            "placed_at",
            "status",
            "payment",
            "product",
            "quantity",
            "unit_price_vnd",
            "line_total_vnd",
            "line_status",
            "carrier",
            "tracking_number",
            "buyer",
            "phone",
            "address",
            "ward",
            "province",
        ]
    )
    for order in q.orders_of(access.producer_id(), limit=5000):
        for line in fulfilment.lines_of(order, producer_id):
            writer.writerow(
                [
                    _cell(v)
                    for v in (
                        order.reference,
                        order.placed_at.isoformat(),
                        order.status.value,
                        order.payment_method.value,
                        line.product_name_vi,
                        line.quantity,
                        line.unit_price_vnd,
                        line.line_total_vnd,
                        line.status.value,
                        line.carrier,
                        line.tracking_number,
                        order.full_name,
                        order.phone,
                        order.address,
                        order.ward_name,
                        order.province_name,
                    )
                ]
            )
    return Response(
        ("\ufeff" + out.getvalue()).encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="don-hang.csv"'},
    )


def _cell(value: object) -> object:
    """A buyer's name or address starting with `=` must not run as a formula in a spreadsheet."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value
