"""The portal's reads, each for one producer and each with a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from storefront.catalog.models import Product, ProductGroup
from storefront.extensions import db
from storefront.orders.models import Order, OrderLine, OrderStatus
from storefront.producers.models import Producer


def producer(producer_id: int) -> Producer:
    found = db.session.scalars(
        select(Producer).where(Producer.id == producer_id).options(selectinload(Producer.locality))
    ).one()
    return found


def group_choices() -> list[SelectChoice]:
    from storefront.i18n import localized

    groups = db.session.scalars(select(ProductGroup).order_by(ProductGroup.code)).all()
    return [SelectChoice(g.id, f"{g.code}. {localized(g, 'name')}") for g in groups]


def products_of(producer_id: int) -> list[Product]:
    return list(
        db.session.scalars(
            select(Product)
            .where(Product.producer_id == producer_id)
            .order_by(Product.name_vi, Product.id)
            .options(selectinload(Product.images), selectinload(Product.certificates))
        )
    )


def _orders_with_lines(producer_id: int) -> Select[Order]:
    mine = select(OrderLine.order_id).where(OrderLine.producer_id == producer_id)
    return select(Order).where(Order.id.in_(mine)).options(selectinload(Order.lines))


def orders_of(producer_id: int, limit: int = 100) -> list[Order]:
    """The producer's orders, newest first; expired ones (never paid, nothing to send) left out."""
    query = _orders_with_lines(producer_id).where(Order.status != OrderStatus.EXPIRED)
    return list(db.session.scalars(query.order_by(Order.placed_at.desc(), Order.id.desc()).limit(limit)))


def order_of(producer_id: int, order_id: int) -> Order | None:
    query = _orders_with_lines(producer_id).where(Order.id == order_id).options(selectinload(Order.events))
    return db.session.scalars(query).first()
