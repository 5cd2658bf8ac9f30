"""Batches: a producer records a production run; its code and label then carry the lot."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from storefront.auth.models import Role, User
from storefront.catalog.models import Product
from storefront.errors import DomainError, NotFound
from storefront.extensions import db
from storefront.qr.models import Batch

#: Letters, digits, `-` and `.`: safe in a URL path and in GS1's AI 10 (at most 20 characters).
LOT_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,19}")
MAX_QUANTITY = 10_000_000


def clean_lot(raw: str) -> str | None:
    lot = raw.strip().upper()
    return lot if LOT_PATTERN.fullmatch(lot) else None


def _check_owner(actor: User, product: Product) -> None:
    if actor.role is not Role.PRODUCER or actor.producer_id != product.producer_id:
        raise NotFound(_("We could not find that product."))


def record_batch(
    product: Product,
    *,
    actor: User,
    lot: str,
    produced_on: date,
    best_before_on: date | None,
    quantity: int,
    today: date,
) -> Batch:
    """Record a batch of the actor's own product. The caller commits."""
    _check_owner(actor, product)
    cleaned = clean_lot(lot)
    if cleaned is None:
        raise DomainError(
            _("A lot number is 1 to 20 letters, digits, dots or dashes, starting with a letter or digit."),
            code="bad_lot",
            field="lot",
        )
    if produced_on > today:
        raise DomainError(
            _("The production date cannot be in the future."), code="produced_in_future", field="produced_on"
        )
    if best_before_on is not None and best_before_on < produced_on:
        raise DomainError(
            _("The best-before date cannot be before the production date."),
            code="best_before_early",
            field="best_before_on",
        )
    if not 1 <= quantity <= MAX_QUANTITY:
        raise DomainError(
            _("The quantity must be a whole number of at least 1."), code="bad_quantity", field="quantity"
        )
    batch = Batch(
        product_id=product.id, lot=cleaned, produced_on=produced_on, best_before_on=best_before_on, quantity=quantity
    )
    try:
        with db.session.begin_nested():
            db.session.add(batch)
    except IntegrityError:
        raise DomainError(
            _("This product already has a batch with lot %(lot)s.", lot=cleaned), code="duplicate_lot", field="lot"
        ) from None
    return batch


def find_batch(product_id: int, lot: str | None) -> Batch | None:
    if not lot:
        return None
    cleaned = clean_lot(lot)
    if cleaned is None:
        return None
    return db.session.scalar(select(Batch).where(Batch.product_id == product_id, Batch.lot == cleaned))


def batches_of(product_ids: list[int]) -> list[Batch]:
    """Batches of these products, newest production first (one query)."""
    if not product_ids:
        return []
    return list(
        db.session.scalars(
            select(Batch).where(Batch.product_id.in_(product_ids)).order_by(Batch.produced_on.desc(), Batch.id.desc())
        )
    )
