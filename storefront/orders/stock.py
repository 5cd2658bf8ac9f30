"""Taking and giving back stock: conditional updates in ascending product id order, each one recorded.

`UPDATE products SET stock = stock - :n WHERE id = :id AND stock >= :n` cannot oversell on SQLite or
PostgreSQL (the row is re-checked under its write lock), and taking rows in one global order means two
buyers of the same two products wait for each other instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import func, select, update

from storefront.catalog.models import Product, ProductStatus, stock_values
from storefront.db import rows_changed
from storefront.extensions import db
from storefront.orders.models import StockMovement


def take(items: Mapping[int, int], *, order_id: int | None, now: datetime) -> int | None:
    """Take every quantity, or stop at the first product short of stock and return its id.

    On a shortfall the units already taken stay taken in this transaction: the caller rolls back
    (or the savepoint it opened does).
    """
    for product_id in sorted(items):
        quantity = items[product_id]
        result = db.session.execute(
            update(Product)
            .where(Product.id == product_id, Product.stock >= quantity, Product.status == ProductStatus.PUBLISHED)
            .values(stock_values(Product.stock - quantity))
            .execution_options(synchronize_session=False)
        )
        if rows_changed(result) != 1:
            return product_id
        db.session.add(StockMovement(product_id=product_id, order_id=order_id, delta=-quantity, reason="sale", at=now))
    return None


def give_back(items: Mapping[int, int], *, order_id: int | None, now: datetime, reason: str = "release") -> None:
    for product_id in sorted(items):
        quantity = items[product_id]
        result = db.session.execute(
            update(Product)
            .where(Product.id == product_id)
            .values(stock_values(Product.stock + quantity))
            .execution_options(synchronize_session=False)
        )
        if rows_changed(result) == 1:  # a product deleted since has no stock to return to
            db.session.add(
                StockMovement(product_id=product_id, order_id=order_id, delta=quantity, reason=reason, at=now)
            )


def taken_by_order(order_id: int) -> dict[int, int]:
    """Units out of stock on this order's account, per product: its sales less what it gave back."""
    rows = db.session.execute(
        select(StockMovement.product_id, func.sum(StockMovement.delta))
        .where(StockMovement.order_id == order_id)
        .group_by(StockMovement.product_id)
    )
    return {product_id: -int(total) for product_id, total in rows if total < 0}
