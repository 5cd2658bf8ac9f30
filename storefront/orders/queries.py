"""Reads of orders, each saying how its related rows load so a page's query count is fixed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from storefront.extensions import db
from storefront.orders.models import Order, OrderLine, OrderStatus

#: What `secrets.token_urlsafe` and our references are made of. Anything else (a NUL byte, for one, which
#: PostgreSQL refuses in a text parameter) cannot be an order and never reaches the database.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
_REFERENCE = re.compile(r"[0-9A-Z]{1,16}")


def _with_details() -> tuple[_AbstractLoad, ...]:
    # Each line's producer comes with the lines (a join, no query of its own): the page links each parcel.
    return (selectinload(Order.lines).joinedload(OrderLine.producer), selectinload(Order.events))


def order_by_token(token: str, *, details: bool = True) -> Order | None:
    """The order of an order link; `details=False` reads the order row alone, without its lines or
    history (one read by the unique token, for the QR image)."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    query = select(Order).where(Order.token == token)
    return db.session.scalars(query.options(*_with_details()) if details else query).first()


def order_progress_by_token(token: str) -> tuple[OrderStatus, datetime | None] | None:
    """The status and payment deadline alone: what the order page's poll asks every few seconds, read
    from the token's unique index with no other row loaded."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    row = db.session.execute(select(Order.status, Order.pay_by).where(Order.token == token)).first()
    return None if row is None else (row.status, row.pay_by)


def order_by_reference(reference: str) -> Order | None:
    reference = (reference or "").strip().upper()
    if not _REFERENCE.fullmatch(reference):
        return None
    return db.session.scalars(select(Order).where(Order.reference == reference).options(*_with_details())).first()


def order_by_submission_key(key: str) -> Order | None:
    return db.session.scalars(
        select(Order).where(Order.submission_key == key).options(selectinload(Order.lines))
    ).first()


def list_orders(
    status: OrderStatus | None = None, *, needs_attention: bool = False, limit: int = 100
) -> Sequence[Order]:
    query = select(Order).order_by(Order.id.desc()).limit(limit)
    if status is not None:
        query = query.where(Order.status == status)
    if needs_attention:
        query = query.where(Order.needs_attention.is_(True))
    return db.session.scalars(query).all()


def overdue_order_ids(now: datetime) -> Sequence[int]:
    """Unpaid orders past their payment window and cash-on-delivery orders past their confirmation window:
    their stock is still held."""
    unpaid = select(Order.id).where(
        Order.status == OrderStatus.AWAITING_PAYMENT, Order.pay_by.is_not(None), Order.pay_by <= now
    )
    unconfirmed = select(Order.id).where(
        Order.status == OrderStatus.PLACED, Order.confirm_by.is_not(None), Order.confirm_by <= now
    )
    return sorted(db.session.scalars(unpaid.union_all(unconfirmed)).all())
