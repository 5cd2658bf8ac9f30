"""A producer's part of orders: its lines only, to confirm, ship and (cash on delivery) mark delivered.

Each function checks that the order has lines of `producer_id`, moves the order through `lifecycle`
(compare-and-set, history), and tells the buyer through the outbox. Services add and flush.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from storefront.errors import Conflict, NotFound
from storefront.notify.services import queue_message
from storefront.orders import lifecycle
from storefront.orders.models import LineStatus, Order, OrderLine, OrderStatus, PaymentMethod

#: Statuses in which a producer may send its parcel.
SHIPPABLE = frozenset({OrderStatus.CONFIRMED, OrderStatus.PAID, OrderStatus.PARTLY_SHIPPED})


def lines_of(order: Order, producer_id: int) -> list[OrderLine]:
    return [line for line in order.lines if line.producer_id == producer_id]


def _check_mine(order: Order, producer_id: int) -> list[OrderLine]:
    lines = lines_of(order, producer_id)
    if not lines:
        raise NotFound(_("We could not find that order."))
    return lines


def can_confirm(order: Order, producer_id: int) -> bool:
    return order.status == OrderStatus.PLACED and bool(lines_of(order, producer_id))


def can_ship(order: Order, producer_id: int) -> bool:
    return order.status in SHIPPABLE and any(line.status == LineStatus.PENDING for line in lines_of(order, producer_id))


def can_deliver(order: Order, producer_id: int) -> bool:
    return order.payment_method == PaymentMethod.COD and any(
        line.status == LineStatus.SHIPPED for line in lines_of(order, producer_id)
    )


def confirm(order: Order, producer_id: int, *, actor: str, now: datetime) -> None:
    """Cash on delivery: the producer accepts the order (the marketplaces' "confirm within 24 hours")."""
    _check_mine(order, producer_id)
    lifecycle.confirm_order(order, actor=actor, now=now)
    queue_message(order, "confirmed", now)


def ship(order: Order, producer_id: int, *, carrier: str, tracking_number: str, actor: str, now: datetime) -> None:
    _check_mine(order, producer_id)
    if not carrier.strip():
        raise Conflict(_("Please say who carries the parcel."), code="carrier_required", field="carrier")
    lifecycle.mark_shipped(
        order, producer_id, actor=actor, now=now, carrier=carrier.strip(), tracking_number=tracking_number.strip()
    )


def deliver(order: Order, producer_id: int, *, actor: str, now: datetime) -> None:
    """Cash on delivery only: the producer's carrier handed the parcel over and collected the money.

    Card and transfer deliveries are confirmed by the shop, not by the producer's word.
    """
    _check_mine(order, producer_id)
    if order.payment_method != PaymentMethod.COD:
        raise Conflict(_("Only cash-on-delivery parcels are marked delivered here."), code="not_cod")
    lifecycle.mark_delivered(order, producer_id, actor=actor, now=now)
    queue_message(order, f"delivered:{producer_id}", now)
