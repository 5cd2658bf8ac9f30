"""The order's life after it is placed. Each function takes `actor` and `now`, changes the status through
the transition table with a compare-and-set update (two webhooks at once cannot both apply), appends an
OrderEvent, adds and flushes; the caller commits.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from storefront.db import rows_changed
from storefront.errors import Conflict
from storefront.extensions import db
from storefront.notify.services import queue_message, queue_producer_notices
from storefront.orders import stock
from storefront.orders.models import LineStatus, Order, OrderEvent, OrderLine, OrderStatus, PaymentMethod
from storefront.orders.queries import overdue_order_ids
from storefront.orders.status import PAID_OR_LATER, apply_transition, is_awaiting_payment
from storefront.sales.definition import record_sale_moments

S = OrderStatus


class OrderChanged(Conflict):
    """Someone else changed the order between our read and our write."""

    code = "order_changed"


def order_language(order: Order) -> AbstractContextManager[None]:
    """History notes are written in the order's language: the buyer reads them on the order's page."""
    return force_locale(order.language if order.language in ("vi", "en") else "vi")


def _record(
    order: Order, *, actor: str, now: datetime, from_status: str | None, note: str = "", internal: bool = False
) -> None:
    """Append to the history. `internal` notes are for the staff (`orders show`), never the buyer's page;
    they never carry a change of status, so hiding them leaves the buyer's history whole."""
    assert not internal or from_status == order.status.value, "an internal entry must not hide a status change"
    order.events.append(
        OrderEvent(
            at=now,
            actor=actor,
            from_status=from_status,
            to_status=order.status.value,
            note=note[:2000],
            is_internal=internal,
        )
    )


def _move(order: Order, target: OrderStatus, *, actor: str, now: datetime, note: str = "", **values: object) -> None:
    """Change the status if the table allows it and nobody changed it meanwhile; record who and when."""
    current = order.status
    apply_transition(current, target)
    db.session.flush()
    result = db.session.execute(
        update(Order)
        .where(Order.id == order.id, Order.status == current)
        .values(status=target, **values)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(result) != 1:
        db.session.refresh(order)
        raise OrderChanged(_("This order was changed by someone else meanwhile. Please reload it."))
    set_committed_value(order, "status", target)
    for name, value in values.items():
        set_committed_value(order, name, value)
    record_sale_moments(order, now)
    _record(order, actor=actor, now=now, from_status=current.value, note=note)


def _held_items(order: Order) -> dict[int, int]:
    """The units this order still holds: lines not shipped or delivered, of products that still exist.

    Never more than its stock movements say it took: an order that took nothing (imported, or a
    late payment whose stock was gone) gives nothing back.
    """
    unsent: dict[int, int] = {}
    for line in order.lines:
        if line.product_id is not None and line.status in (LineStatus.PENDING, LineStatus.CANCELLED):
            unsent[line.product_id] = unsent.get(line.product_id, 0) + line.quantity
    taken = stock.taken_by_order(order.id)
    return {pid: min(qty, taken.get(pid, 0)) for pid, qty in unsent.items() if taken.get(pid, 0) > 0}


def release_stock(order: Order, *, actor: str, now: datetime, reason: str) -> bool:
    """Give the order's held units back to the shelf, once: `stock_released_at` guards a second run."""
    db.session.flush()
    result = db.session.execute(
        update(Order)
        .where(Order.id == order.id, Order.stock_released_at.is_(None))
        .values(stock_released_at=now)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(result) != 1:
        return False
    set_committed_value(order, "stock_released_at", now)
    stock.give_back(_held_items(order), order_id=order.id, now=now)
    with order_language(order):
        note = _("Stock released: %(reason)s", reason=reason)
    _record(order, actor=actor, now=now, from_status=order.status.value, note=note, internal=True)
    db.session.flush()
    return True


def flag_for_attention(order: Order, reason: str, *, actor: str, now: datetime) -> None:
    order.needs_attention = True
    order.attention_reason = (f"{order.attention_reason}\n{reason}" if order.attention_reason else reason)[:4000]
    with order_language(order):
        note = _("Needs attention: %(reason)s", reason=reason)
    # Reasons speak to the staff ("refund the buyer", "check it in Stripe"): the buyer never reads them.
    _record(order, actor=actor, now=now, from_status=order.status.value, note=note, internal=True)
    db.session.flush()


def mark_paid(order: Order, *, actor: str, now: datetime, note: str = "") -> bool:
    """The money is in. Idempotent: an order already paid (or later) is left alone and False returned.

    Paid after its window expired: the stock is taken again if it is still there; otherwise the order is
    paid and flagged, so a person restocks or refunds. Money for a cancelled order is flagged too.
    `note` goes with the status change into the buyer's history (Stripe's confirmation, a bank reference).
    """
    if order.status in PAID_OR_LATER:
        return False
    if order.status == S.CANCELLED:
        if order.paid_at is not None:
            return False
        order.paid_at = now
        record_sale_moments(order, now)  # sold and, at once, owed back
        with order_language(order):
            reason = _("Payment received for a cancelled order: refund the buyer.")
        flag_for_attention(order, reason, actor=actor, now=now)
        return True
    try:
        _move(order, S.PAID, actor=actor, now=now, note=note, paid_at=now, pay_by=None)
    except OrderChanged:
        if order.status in PAID_OR_LATER:
            return False
        raise
    if order.stock_released_at is not None:
        _take_again(order, actor=actor, now=now)
    queue_message(order, "paid", now)
    queue_producer_notices(order, now)
    return True


def _take_again(order: Order, *, actor: str, now: datetime) -> None:
    items = {line.product_id: line.quantity for line in order.lines if line.product_id is not None}
    savepoint = db.session.begin_nested()
    if stock.take(items, order_id=order.id, now=now) is None and len(items) == len(order.lines):
        savepoint.commit()
        order.stock_released_at = None
        for line in order.lines:
            line.status = LineStatus.PENDING
        record_sale_moments(order, now)
        with order_language(order):
            note = _("Stock taken again after a late payment.")
        _record(order, actor=actor, now=now, from_status=order.status.value, note=note, internal=True)
        return
    savepoint.rollback()
    with order_language(order):
        reason = _("Paid after its payment window; the stock went to other buyers: restock or refund.")
    flag_for_attention(order, reason, actor=actor, now=now)


def confirm_order(order: Order, *, actor: str, now: datetime) -> None:
    """Cash on delivery: the shop has checked the order (often by phone) and will send it."""
    _move(order, S.CONFIRMED, actor=actor, now=now, confirm_by=None)


def _producer_lines(order: Order, producer_id: int, status: LineStatus) -> list[OrderLine]:
    return [line for line in order.lines if line.producer_id == producer_id and line.status == status]


def mark_shipped(
    order: Order, producer_id: int, *, actor: str, now: datetime, carrier: str = "", tracking_number: str = ""
) -> None:
    """One producer has sent its parcel: its lines are shipped; the order is shipped once every parcel is.

    The carrier and tracking number, when given, go on the lines and into the buyer's history.
    """
    if order.status not in (S.CONFIRMED, S.PAID, S.PARTLY_SHIPPED):
        apply_transition(order.status, S.SHIPPED)  # raises with a clear message
    lines = _producer_lines(order, producer_id, LineStatus.PENDING)
    if not lines:
        raise Conflict(_("Nothing from this producer is waiting to be shipped in this order."), code="nothing_to_ship")
    for line in lines:
        line.status, line.shipped_at = LineStatus.SHIPPED, now
        line.carrier, line.tracking_number = carrier[:80], tracking_number[:80]
    with order_language(order):
        note = _("Shipped by %(producer)s", producer=lines[0].producer_name)
        if carrier:
            note += " · " + _("Carrier: %(carrier)s", carrier=carrier[:80])
        if tracking_number:
            note += " · " + _("Tracking number: %(number)s", number=tracking_number[:80])
    waiting = any(line.status == LineStatus.PENDING for line in order.lines)
    target = S.PARTLY_SHIPPED if waiting else S.SHIPPED
    if target == order.status:
        _record(order, actor=actor, now=now, from_status=order.status.value, note=note)
    else:
        _move(order, target, actor=actor, now=now, note=note)
    db.session.flush()
    queue_message(order, f"shipped:{producer_id}", now)


def mark_delivered(order: Order, producer_id: int, *, actor: str, now: datetime) -> None:
    """One producer's parcel reached the buyer; the order is delivered once every parcel is."""
    lines = _producer_lines(order, producer_id, LineStatus.SHIPPED)
    if not lines:
        raise Conflict(_("Nothing from this producer has been shipped in this order yet."), code="nothing_to_deliver")
    for line in lines:
        line.status, line.delivered_at = LineStatus.DELIVERED, now
    record_sale_moments(order, now)  # a cash-on-delivery parcel is paid at the door
    with order_language(order):
        note = _("Delivered from %(producer)s", producer=lines[0].producer_name)
    done = all(line.status in (LineStatus.DELIVERED, LineStatus.CANCELLED) for line in order.lines)
    if not done:
        _record(order, actor=actor, now=now, from_status=order.status.value, note=note)
        db.session.flush()
        return
    extra: dict[str, object] = {}
    if order.payment_method == PaymentMethod.COD and order.paid_at is None:
        extra["paid_at"] = now  # the money was collected at the door
    _move(order, S.DELIVERED, actor=actor, now=now, note=note, **extra)
    db.session.flush()


def cancel_order(order: Order, *, actor: str, now: datetime, reason: str = "") -> None:
    """Cancel before anything ships; the held stock goes back. A paid order is flagged for its refund."""
    _move(order, S.CANCELLED, actor=actor, now=now, note=reason)
    for line in order.lines:
        if line.status == LineStatus.PENDING:
            line.status = LineStatus.CANCELLED
    record_sale_moments(order, now)
    with order_language(order):
        default_reason, refund_due = _("order cancelled"), _("Cancelled after payment: refund the buyer.")
    release_stock(order, actor=actor, now=now, reason=reason or default_reason)
    if order.paid_at is not None:
        flag_for_attention(order, refund_due, actor=actor, now=now)


def mark_refunded(order: Order, *, actor: str, now: datetime) -> bool:
    """The buyer's money went back. Idempotent; units never shipped return to the shelf."""
    if order.status == S.REFUNDED:
        return False
    if order.paid_at is None:
        raise Conflict(_("This order was never paid, so it cannot be refunded."), code="not_paid")
    _move(order, S.REFUNDED, actor=actor, now=now)
    if not any(line.status in (LineStatus.SHIPPED, LineStatus.DELIVERED) for line in order.lines):
        for line in order.lines:
            line.status = LineStatus.CANCELLED
        record_sale_moments(order, now)
        with order_language(order):
            reason = _("order refunded")
        release_stock(order, actor=actor, now=now, reason=reason)
    return True


def expire_order(order: Order, *, actor: str, now: datetime) -> bool:
    """An unpaid order past its window (or whose card session expired) lets its stock go."""
    if order.status != S.AWAITING_PAYMENT:
        return False
    with order_language(order):
        note, reason = _("Not paid in time."), _("payment window passed")
    try:
        _move(order, S.EXPIRED, actor=actor, now=now, note=note, pay_by=None)
    except OrderChanged:
        return False
    release_stock(order, actor=actor, now=now, reason=reason)
    return True


def expire_unconfirmed(order: Order, *, actor: str, now: datetime) -> bool:
    """Cash on delivery that neither the producer nor an officer confirmed in time lets its stock go."""
    if order.status != S.PLACED:
        return False
    with order_language(order):
        note, reason = _("Not confirmed in time: the goods went back on sale."), _("confirmation window passed")
    try:
        _move(order, S.EXPIRED, actor=actor, now=now, note=note, confirm_by=None)
    except OrderChanged:
        return False
    release_stock(order, actor=actor, now=now, reason=reason)
    return True


def expire_if_overdue(order: Order, *, now: datetime) -> bool:
    """The lazy check: called where an overdue order is seen, so stock comes back without the command."""
    if order.status == S.AWAITING_PAYMENT and not is_awaiting_payment(order.status, order.pay_by, now):
        return expire_order(order, actor="system", now=now)
    if order.status == S.PLACED and order.confirm_by is not None and order.confirm_by <= now:
        return expire_unconfirmed(order, actor="system", now=now)
    return False


def expire_unpaid_orders(now: datetime) -> int:
    """Expire every unpaid order past its window; returns how many. Running it twice releases once."""
    expired = 0
    for order_id in overdue_order_ids(now):
        order = db.session.get(Order, order_id)
        if order is not None and expire_if_overdue(order, now=now):
            expired += 1
    return expired


__all__ = [
    "OrderChanged",
    "cancel_order",
    "order_language",
    "confirm_order",
    "expire_if_overdue",
    "expire_order",
    "expire_unconfirmed",
    "expire_unpaid_orders",
    "flag_for_attention",
    "mark_delivered",
    "mark_paid",
    "mark_refunded",
    "mark_shipped",
    "release_stock",
]
