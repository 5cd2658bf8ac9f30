"""One unit of work: what a view, command or webhook did is kept whole or not at all."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from storefront.catalog.models import Product
from storefront.extensions import db as _db
from storefront.orders.models import Order, OrderStatus
from storefront.uow import in_unit_of_work, on_rollback, unit_of_work
from tests.factories import make_order as place
from tests.factories import make_product
from tests.payments.support import count


def _stock(product_id: int) -> int:
    return int(_db.session.scalar(select(Product.stock).where(Product.id == product_id)) or 0)


def test_an_error_after_a_service_call_leaves_nothing_written(db) -> None:
    product = make_product(stock=5)
    db.session.commit()

    with pytest.raises(RuntimeError), unit_of_work():
        place({product.id: 2})
        raise RuntimeError("the view failed after the order was placed")

    assert count(Order) == 0
    assert _stock(product.id) == 5


def test_a_unit_of_work_inside_another_is_a_savepoint(db) -> None:
    product = make_product(stock=5)
    db.session.commit()

    with unit_of_work():
        kept = place({product.id: 1})
        assert in_unit_of_work()
        with pytest.raises(RuntimeError), unit_of_work():
            place({product.id: 2})
            raise RuntimeError("only the inner one fails")
    db.session.expire_all()

    assert [o.id for o in db.session.scalars(select(Order))] == [kept.id]
    assert _stock(product.id) == 4
    assert not in_unit_of_work()


def test_a_command_failing_after_its_service_ran_changes_nothing(runner, db, monkeypatch) -> None:
    from storefront.orders import lifecycle

    product = make_product(stock=5)
    order = place({product.id: 2})
    db.session.commit()
    status = order.status
    real = lifecycle.cancel_order

    def cancel_then_fail(*args: Any, **kwargs: Any) -> None:
        real(*args, **kwargs)
        raise RuntimeError("the command broke after the service")

    monkeypatch.setattr(lifecycle, "cancel_order", cancel_then_fail)
    result = runner.invoke(args=["orders", "cancel", order.reference])

    assert result.exit_code != 0
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == status != OrderStatus.CANCELLED
    assert _stock(product.id) == 3


def test_what_was_done_outside_the_database_is_undone_on_rollback(db) -> None:
    undone: list[str] = []
    on_rollback(lambda: undone.append("never registered: no unit of work"))
    with pytest.raises(RuntimeError), unit_of_work():
        on_rollback(lambda: undone.append("first"))
        on_rollback(lambda: undone.append("second"))
        raise RuntimeError("the save failed")
    assert undone == ["second", "first"]

    undone.clear()
    with unit_of_work():
        on_rollback(lambda: undone.append("kept by the commit"))
        with pytest.raises(RuntimeError), unit_of_work():
            on_rollback(lambda: undone.append("inner"))
            raise RuntimeError("only the savepoint fails")
    assert undone == ["inner"]


def test_a_failing_undo_never_hides_the_error_nor_stops_the_others(db, monkeypatch) -> None:
    undone: list[str] = []
    logged: list[str] = []
    # The logger itself, not caplog: a logging configuration loaded by another test may disable it.
    monkeypatch.setattr("storefront.uow.log.exception", lambda message, *args: logged.append(message))

    def broken() -> None:
        raise OSError("disk gone")

    with pytest.raises(RuntimeError, match="the save failed"), unit_of_work():
        on_rollback(lambda: undone.append("first"))
        on_rollback(broken)
        raise RuntimeError("the save failed")
    assert undone == ["first"] and logged == ["undoing after a rollback failed"]
