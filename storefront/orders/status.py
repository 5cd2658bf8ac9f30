"""The order's life as data: which status may follow which, and one pure function that applies it."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from storefront.errors import Conflict
from storefront.orders.models import OrderStatus as S
from storefront.orders.models import PaymentMethod

#: Allowed moves. Shipping and delivery go per producer, so PARTLY_SHIPPED may repeat itself (another
#: producer ships) and a paid order may become paid-and-flagged after its window expired (EXPIRED -> PAID:
#: the money arrived late; a person decides between restocking and refunding).
TRANSITIONS: dict[S, frozenset[S]] = {
    S.AWAITING_PAYMENT: frozenset({S.PAID, S.CANCELLED, S.EXPIRED}),
    # EXPIRED: nobody confirmed it within COD_CONFIRM_HOURS (its stock went back).
    S.PLACED: frozenset({S.CONFIRMED, S.CANCELLED, S.EXPIRED}),
    S.CONFIRMED: frozenset({S.PARTLY_SHIPPED, S.SHIPPED, S.CANCELLED}),
    S.PAID: frozenset({S.PARTLY_SHIPPED, S.SHIPPED, S.CANCELLED, S.REFUNDED}),
    S.PARTLY_SHIPPED: frozenset({S.PARTLY_SHIPPED, S.SHIPPED, S.DELIVERED, S.REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.REFUNDED}),
    S.DELIVERED: frozenset({S.REFUNDED}),
    S.EXPIRED: frozenset({S.PAID}),
    # A paid order that was cancelled still has the buyer's money until it is refunded.
    S.CANCELLED: frozenset({S.REFUNDED}),
    S.REFUNDED: frozenset(),
}

#: Statuses in which the order's goods are still held for it (stock taken, not yet shipped).
HOLDING = frozenset({S.AWAITING_PAYMENT, S.PLACED, S.CONFIRMED, S.PAID})
#: The money is in (or, for cash on delivery, will be collected at the door).
PAID_OR_LATER = frozenset({S.PAID, S.PARTLY_SHIPPED, S.SHIPPED, S.DELIVERED, S.REFUNDED})

LABELS = {
    S.AWAITING_PAYMENT: _l("Awaiting payment"),
    S.PLACED: _l("Placed"),
    S.CONFIRMED: _l("Confirmed"),
    S.PAID: _l("Paid"),
    S.PARTLY_SHIPPED: _l("Partly shipped"),
    S.SHIPPED: _l("Shipped"),
    S.DELIVERED: _l("Delivered"),
    S.CANCELLED: _l("Cancelled"),
    S.EXPIRED: _l("Expired"),
    S.REFUNDED: _l("Refunded"),
}

METHOD_LABELS = {
    PaymentMethod.COD: _l("Cash on delivery"),
    PaymentMethod.BANK_TRANSFER: _l("Bank transfer (VietQR)"),
    PaymentMethod.CARD: _l("Card"),
}


class InvalidTransition(Conflict):
    code = "invalid_transition"


def can_move(current: S, target: S) -> bool:
    return target in TRANSITIONS[current]


def apply_transition(current: S, target: S) -> S:
    """`target` when the table allows it; otherwise InvalidTransition with a message for people."""
    if not can_move(current, target):
        raise InvalidTransition(
            str(
                _l(
                    "An order that is %(current)s cannot become %(target)s.",
                    current=LABELS[current],
                    target=LABELS[target],
                )
            )
        )
    return target


def initial_status(method: PaymentMethod) -> S:
    """Cash on delivery waits for the shop to confirm; transfers and cards wait for the money."""
    return S.PLACED if method == PaymentMethod.COD else S.AWAITING_PAYMENT


def is_awaiting_payment(status: S, pay_by: datetime | None, now: datetime) -> bool:
    """Unpaid and within its payment window (an order without a window waits until paid or cancelled).
    Past the window it is overdue: `lifecycle.expire_if_overdue` lets it go where it is next seen."""
    return status == S.AWAITING_PAYMENT and (pay_by is None or pay_by > now)
