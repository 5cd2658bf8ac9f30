"""The buttons staff press on an order, as data: the producers' portal and the programme office each keep a
table of `OrderAction`s and call `perform` from their views, so the steps of an action are written once.

`perform` checks that the action is offered for this order now (a POST for a button the page did not show
is refused like any other refusal), applies it in one unit of work with the actor and the time, and
flashes what happened: the refusal's own message (a DomainError: nothing kept) or what was done. The
caller redirects. What each action does to the order lives in the domains (`orders.fulfilment`,
`orders.lifecycle`, `payments.methods.cancel`, `payments.card.refund_order`); this module imports none of
them, so both areas can share it whatever their actions need.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import flash
from flask_babel import gettext as _

from storefront.db import utcnow
from storefront.errors import Conflict, DomainError
from storefront.orders.models import Order
from storefront.uow import unit_of_work


@dataclass(frozen=True)
class OrderAction:
    #: Whether the page offers the button for this order.
    offered: Callable[[Order], bool]
    #: What pressing it does: (order, actor, now); a DomainError refuses it and nothing is kept.
    apply: Callable[[Order, str, datetime], object]
    #: What the person is told once it is done (already in their language).
    done: Callable[[], str]


def offered(actions: Mapping[str, OrderAction], order: Order) -> dict[str, bool]:
    """Which of `actions` the order's page shows."""
    return {name: action.offered(order) for name, action in actions.items()}


def perform(action: OrderAction, order: Order, *, actor: str) -> bool:
    """Apply `action` to `order` in one unit of work and flash the outcome; True when it was done."""
    try:
        with unit_of_work():
            if not action.offered(order):
                raise Conflict(_("This order cannot do that now."), code="not_allowed")
            action.apply(order, actor, utcnow())
    except DomainError as refused:
        flash(refused.message, "error")
        return False
    flash(action.done(), "success")
    return True
