"""The lazy check, for views: give back stock held by unpaid orders past their window, when it is needed.

These helpers own their transaction (they commit), so a view calls them between its own units of work.
Best effort: on SQLite a busy database refuses a read-then-write transaction at once; that only means
"not now": `flask --app wsgi orders expire` or the next visitor will do it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import OperationalError

from storefront.extensions import db
from storefront.orders.lifecycle import expire_if_overdue, expire_unpaid_orders
from storefront.orders.models import Order


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
