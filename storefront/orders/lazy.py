"""The lazy check, for views: give back stock held by unpaid orders past their window, when it is needed.

Each helper is a unit of work (`storefront.uow`): called by a view before its own it commits on its own
(said why where it matters), called inside the view's it is a savepoint of it.
Best effort: on SQLite a busy database refuses a read-then-write transaction at once; that only means
"not now": `flask --app wsgi orders expire` or the next visitor will do it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy.exc import OperationalError

from storefront.db import utcnow
from storefront.errors import OutOfStock
from storefront.orders.lifecycle import expire_if_overdue, expire_unpaid_orders
from storefront.orders.models import Order
from storefront.uow import unit_of_work

T = TypeVar("T")


def release_overdue_holds(now: datetime) -> bool:
    """Expire every overdue unpaid order; True if any stock came back."""
    try:
        # Its own unit of work: the stock is back on sale for everyone, whether or not the retry that
        # needed it succeeds.
        with unit_of_work():
            released = expire_unpaid_orders(now)
    except OperationalError:
        return False
    return released > 0


def retry_after_releasing_holds(change: Callable[[], T]) -> T:
    """Run `change` in a unit of work; if stock is short, let overdue unpaid orders give theirs back and
    run it once more, in a unit of work of its own.

    Stock held by unpaid orders past their window comes back when someone needs it, not only when the
    command runs. `change` must be safe to run twice: the first attempt is rolled back before the second.
    """
    try:
        with unit_of_work():
            return change()
    except OutOfStock:
        if not release_overdue_holds(utcnow()):
            raise
    with unit_of_work():
        return change()


def expire_if_seen_overdue(order: Order, now: datetime) -> bool:
    """Expire this order if its window has passed (inside the caller's unit of work); True if it changed
    (read it again)."""
    try:
        with unit_of_work():  # a savepoint: a busy SQLite undoes only this, and the page still shows
            return expire_if_overdue(order, now=now)
    except OperationalError:
        return True  # the savepoint was rolled back: the caller reads the order again
