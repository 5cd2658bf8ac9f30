"""Releasing stock gives back what the order took, per its stock movements, and never more."""

from __future__ import annotations

from sqlalchemy import delete

from storefront.orders import lifecycle
from storefront.orders.models import OrderStatus, PaymentMethod, StockMovement
from tests.factories import NOW, make_order, make_product


def test_cancelling_an_order_that_took_no_stock_gives_none_back(db) -> None:
    # Like a demo or imported order: lines, but no sale on the stock ledger.
    product = make_product(stock=5)
    order = make_order({product.id: 2})
    db.session.execute(delete(StockMovement).where(StockMovement.order_id == order.id))
    product.stock = 5
    db.session.flush()
    lifecycle.cancel_order(order, actor="command", now=NOW, reason="test")
    db.session.refresh(product)
    assert order.status == OrderStatus.CANCELLED
    assert product.stock == 5


def test_a_normal_cancel_still_gives_everything_back(db) -> None:
    product = make_product(stock=5)
    order = make_order({product.id: 2}, PaymentMethod.BANK_TRANSFER)
    db.session.refresh(product)
    assert product.stock == 3
    lifecycle.cancel_order(order, actor="command", now=NOW, reason="test")
    db.session.refresh(product)
    assert product.stock == 5
    assert lifecycle.release_stock(order, actor="command", now=NOW, reason="again") is False
    db.session.refresh(product)
    assert product.stock == 5
