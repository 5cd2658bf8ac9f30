"""Who may use the portal: signed-in producer accounts, each only with its own producer's rows.

The check runs before every request of the blueprint, so a page added later (batches, labels) is
covered without remembering a decorator. Rows of another producer are "not found" (404), never
"forbidden": the portal does not confirm that someone else's id exists.
"""

from __future__ import annotations

from typing import Any

from flask import abort, g
from flask_login import current_user

from storefront.auth.access import refusal
from storefront.auth.models import Role, User
from storefront.extensions import db


def require_producer() -> Any:
    """`before_request` of the portal: a login redirect for guests, 403 for other roles (auth's rule)."""
    refused = refusal(Role.PRODUCER)
    if refused is not None:
        return refused
    g.portal_user = current_user._get_current_object()
    return None


def portal_user() -> User:
    return g.portal_user


def producer_id() -> int:
    return g.portal_user.producer_id


def own(model: type, row_id: int, *, owner_column: str = "producer_id") -> Any:
    """The row of `model` with `row_id` if it belongs to the signed-in producer; 404 otherwise."""
    row = db.session.get(model, row_id)
    if row is None or getattr(row, owner_column) != producer_id():
        abort(404)
    return row
