"""Reads of producers for the public shop and the API."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from storefront.cache import remember
from storefront.catalog.filters import MAX_PAGE, MAX_PER_PAGE
from storefront.catalog.models import Product, ProductStatus, shown_stars_on
from storefront.catalog.queries import load_cards
from storefront.extensions import db
from storefront.pagination import Page
from storefront.producers.models import Producer
from storefront.text import clean_slug


def _clamp(page: int, per_page: int) -> tuple[int, int]:
    return min(max(page, 1), MAX_PAGE), min(max(per_page, 1), MAX_PER_PAGE)


def list_producers(page: int, per_page: int) -> Page[Producer]:
    """Producers by name, with their locality."""
    page, per_page = _clamp(page, per_page)
    total = remember(("producers-count",), lambda: int(db.session.scalar(select(func.count(Producer.id))) or 0))
    items: list[Producer] = []
    if (page - 1) * per_page < total:
        stmt = (
            select(Producer)
            .options(joinedload(Producer.locality))
            .order_by(Producer.name, Producer.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        items = list(db.session.scalars(stmt).all())
    return Page(items=items, page=page, per_page=per_page, total=total)


def product_counts(producer_ids: Sequence[int]) -> dict[int, int]:
    """Published products per producer, for the given producers only (one query)."""
    if not producer_ids:
        return {}
    stmt = (
        select(Product.producer_id, func.count())
        .where(Product.status == ProductStatus.PUBLISHED, Product.producer_id.in_(list(producer_ids)))
        .group_by(Product.producer_id)
    )
    return {producer_id: count for producer_id, count in db.session.execute(stmt).all()}


def get_producer(slug: str) -> Producer | None:
    slug_ = clean_slug(slug)
    if slug_ is None:
        return None
    return db.session.scalars(
        select(Producer).where(Producer.slug == slug_).options(joinedload(Producer.locality))
    ).first()


def producer_products(producer: Producer, today: date, page: int, per_page: int = 24) -> Page[Product]:
    """The producer's published products: in stock first, then best stars, then newest."""
    page, per_page = _clamp(page, per_page)
    conditions = [Product.status == ProductStatus.PUBLISHED, Product.producer_id == producer.id]
    total = remember(
        ("producer-products-count", producer.id),
        lambda: int(db.session.scalar(select(func.count()).select_from(Product).where(*conditions)) or 0),
    )
    items: list[Product] = []
    if (page - 1) * per_page < total:
        order = [Product.has_stock.desc(), shown_stars_on(today).desc(), Product.created_at.desc(), Product.id.desc()]
        items = load_cards(conditions, order, page, per_page)
    return Page(items=items, page=page, per_page=per_page, total=total)
