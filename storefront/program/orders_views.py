"""Orders for officers: all of them with filters, the ones needing a person first; confirming a bank
transfer, cancelling (the stock returns) and refunding a card payment through Stripe."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.orders.listing import OrderFilters, find_orders
from storefront.orders.models import Order, OrderStatus, PaymentMethod
from storefront.orders.queries import order_by_reference
from storefront.orders.services import cancel_order, mark_paid
from storefront.orders.status import LABELS, METHOD_LABELS, can_move
from storefront.payments.card import refund_order
from storefront.producers.models import Producer
from storefront.program.blueprint import bp
from storefront.uow import unit_of_work


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


def actions(order: Order) -> dict[str, bool]:
    """Which buttons an order offers."""
    return {
        "confirm_payment": order.payment_method == PaymentMethod.BANK_TRANSFER
        and order.paid_at is None
        and order.status in (OrderStatus.AWAITING_PAYMENT, OrderStatus.EXPIRED),
        "cancel": can_move(order.status, OrderStatus.CANCELLED),
        "refund": order.payment_method == PaymentMethod.CARD
        and order.paid_at is not None
        and order.status != OrderStatus.REFUNDED,
    }


@bp.get("/orders/<reference>")
def order(reference: str) -> str:
    found = _order(reference)
    return render_template(
        "program/order.html", order=found, actions=actions(found), statuses=LABELS, methods=METHOD_LABELS
    )


def _actor() -> str:
    return f"user:{current_user.id}"


def _act(reference: str, action: str) -> Response:
    found = _order(reference)
    try:
        with unit_of_work():
            allowed = actions(found)
            now = utcnow()
            if action == "confirm_payment" and allowed[action]:
                mark_paid(
                    found, actor=_actor(), now=now, note=_("Transfer received (confirmed by the programme office).")
                )
                message = _("Payment recorded: the order is paid.")
            elif action == "cancel" and allowed[action]:
                cancel_order(found, actor=_actor(), now=now, reason=request.form.get("reason", "").strip()[:500])
                message = _("The order is cancelled and its stock is back on the shelf.")
            elif action == "refund" and allowed[action]:
                refund_order(found, actor=_actor(), now=now)
                message = _("The card payment is refunded.")
            else:
                raise DomainError(_("This order cannot do that now."), code="not_allowed")
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(message, "success")
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
