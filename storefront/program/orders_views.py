"""Orders for officers: all of them with filters, the ones needing a person first; confirming a bank
transfer, cancelling (the stock returns; a card order's Stripe page is closed first) and refunding a card
payment through Stripe. The buttons are a table of `orders.actions.OrderAction`, as in the portal."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from storefront.extensions import db
from storefront.orders.actions import OrderAction, offered, perform
from storefront.orders.listing import OrderFilters, find_orders
from storefront.orders.models import Order, OrderStatus, PaymentMethod
from storefront.orders.queries import order_by_reference
from storefront.orders.services import mark_paid
from storefront.orders.status import LABELS, METHOD_LABELS, can_move
from storefront.payments import methods as payment_methods
from storefront.payments.card import refund_order
from storefront.producers.models import Producer
from storefront.program.blueprint import bp


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()) if value else None
    except ValueError:
        return None


def _filters(args: Any) -> tuple[OrderFilters, str]:
    status = args.get("status", "")
    method = args.get("method", "")
    producer_slug = args.get("producer", "").strip()[:120]
    producer_id = (
        db.session.scalar(select(Producer.id).where(Producer.slug == producer_slug)) if producer_slug else None
    )
    page = args.get("page", "1")
    filters = OrderFilters(
        status=OrderStatus(status) if status in OrderStatus._value2member_map_ else None,
        method=PaymentMethod(method) if method in PaymentMethod._value2member_map_ else None,
        producer_id=producer_id if producer_id is not None else (-1 if producer_slug else None),
        placed_from=_date(args.get("from")),
        placed_to=_date(args.get("to")),
        attention_only=args.get("attention") == "1",
        page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1,
    )
    return filters, producer_slug


@bp.get("/orders")
def orders() -> str:
    filters, producer_slug = _filters(request.args)
    page = find_orders(filters)
    producers = db.session.execute(select(Producer.slug, Producer.name).order_by(Producer.name)).all()
    return render_template(
        "program/orders.html",
        page=page,
        filters=filters,
        producer_slug=producer_slug,
        producers=producers,
        statuses=LABELS,
        methods=METHOD_LABELS,
        args={k: v for k, v in request.args.items() if k != "page"},
    )


def _order(reference: str) -> Order:
    order = order_by_reference(reference)
    if order is None:
        abort(404)
    return order


def _confirm_payment_offered(order: Order) -> bool:
    return (
        order.payment_method == PaymentMethod.BANK_TRANSFER
        and order.paid_at is None
        and order.status in (OrderStatus.AWAITING_PAYMENT, OrderStatus.EXPIRED)
    )


def _refund_offered(order: Order) -> bool:
    return (
        order.payment_method == PaymentMethod.CARD
        and order.paid_at is not None
        and order.status != OrderStatus.REFUNDED
    )


def _actions(reason: str = "") -> dict[str, OrderAction]:
    """The office's buttons on an order; `reason` is what the officer typed beside "Cancel order"."""
    return {
        "confirm_payment": OrderAction(
            offered=_confirm_payment_offered,
            apply=lambda order, actor, now: mark_paid(
                order, actor=actor, now=now, note=_("Transfer received (confirmed by the programme office).")
            ),
            done=lambda: _("Payment recorded: the order is paid."),
        ),
        "cancel": OrderAction(
            offered=lambda order: can_move(order.status, OrderStatus.CANCELLED),
            apply=lambda order, actor, now: payment_methods.cancel(order, actor=actor, now=now, reason=reason),
            done=lambda: _("The order is cancelled and its stock is back on the shelf."),
        ),
        "refund": OrderAction(
            offered=_refund_offered,
            apply=lambda order, actor, now: refund_order(order, actor=actor, now=now),
            done=lambda: _("The card payment is refunded."),
        ),
    }


@bp.get("/orders/<reference>")
def order(reference: str) -> str:
    found = _order(reference)
    return render_template(
        "program/order.html", order=found, actions=offered(_actions(), found), statuses=LABELS, methods=METHOD_LABELS
    )


def _act(reference: str, action: str) -> Response:
    table = _actions(reason=request.form.get("reason", "").strip()[:500])
    perform(table[action], _order(reference), actor=f"user:{current_user.id}")
    return redirect(url_for("program.order", reference=reference))


@bp.post("/orders/<reference>/confirm-payment")
def confirm_payment(reference: str) -> Response:
    return _act(reference, "confirm_payment")


@bp.post("/orders/<reference>/cancel")
def cancel(reference: str) -> Response:
    return _act(reference, "cancel")


@bp.post("/orders/<reference>/refund")
def refund(reference: str) -> Response:
    return _act(reference, "refund")
