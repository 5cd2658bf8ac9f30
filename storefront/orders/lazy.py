"""The lazy check, for views: give back stock held by unpaid orders past their window, when it is needed.

These helpers own their transaction (they commit), so a view calls them between its own units of work.
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
from storefront.extensions import db
from storefront.orders.lifecycle import expire_if_overdue, expire_unpaid_orders
from storefront.orders.models import Order

T = TypeVar("T")


def release_overdue_holds(now: datetime) -> bool:
    """Expire every overdue unpaid order and commit; True if any stock came back."""
    try:
        released = expire_unpaid_orders(now)
        db.session.commit()
    except OperationalError:
        db.session.rollback()
        return False
    return released > 0


def expire_if_seen_overdue(order: Order, now: datetime) -> bool:
    """Expire this order if its window has passed and commit; True if it changed (read it again)."""
    try:
        changed = expire_if_overdue(order, now=now)
        if changed:
            db.session.commit()
    except OperationalError:
        db.session.rollback()
        return True  # the session was reset: the caller reads the order again
    return changed


def retry_after_releasing_holds(change: Callable[[], T]) -> T:
    """Run `change`; if stock is short, let overdue unpaid orders give theirs back and try once more.

    Stock held by unpaid orders past their window comes back when someone needs it, not only when the
    command runs. `change` must be safe to run twice: the first attempt is rolled back before the second.
    """
    try:
        return change()
    except OutOfStock:
        db.session.rollback()
        if release_overdue_holds(utcnow()):
            return change()
        raise
