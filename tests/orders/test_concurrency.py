"""Many buyers at once, really committing: never oversold, every refusal clear, no deadlock.

These tests cannot use the rolled-back `db` fixture (each thread needs its own session and connection,
and must commit), so `committed_catalogue` commits its rows and deletes everything made afterwards.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, func, select

from storefront.catalog.models import Certificate, Product, ProductGroup
from storefront.errors import OutOfStock
from storefront.extensions import db
from storefront.notify.models import OutboxMessage
from storefront.orders.models import Order, OrderEvent, OrderLine, StockMovement
from storefront.orders.services import CartChanged
from storefront.places.models import Locality
from storefront.producers.models import Producer
from tests.factories import make_group, make_locality, make_order, make_producer, make_product

BUYERS = 50
STOCK = 10


@pytest.fixture()
def committed_catalogue(app: Flask) -> Iterator[dict[str, Any]]:
    made: dict[str, Any] = {}
    with app.app_context():
        locality = make_locality()
        group = make_group()
        producers = [make_producer(locality=locality) for _ in range(2)]
        products = [make_product(producer=p, group=group, stock=STOCK, price_vnd=100_000) for p in producers]
        db.session.commit()
        made.update(
            locality=locality.id, group=group.id, producers=[p.id for p in producers], products=[p.id for p in products]
        )
        db.session.remove()
    yield made
    with app.app_context():
        order_ids = select(OrderLine.order_id).where(OrderLine.product_id.in_(made["products"]))
        ids = list(db.session.scalars(order_ids))
        all_ids = list(set(ids))
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.order_id.in_(all_ids)))
        db.session.execute(delete(StockMovement).where(StockMovement.product_id.in_(made["products"])))
        db.session.execute(delete(OrderEvent).where(OrderEvent.order_id.in_(all_ids)))
        db.session.execute(delete(OrderLine).where(OrderLine.order_id.in_(all_ids)))
        db.session.execute(delete(Order).where(Order.id.in_(all_ids)))
        db.session.execute(delete(Certificate).where(Certificate.product_id.in_(made["products"])))
        db.session.execute(delete(Product).where(Product.id.in_(made["products"])))
        db.session.execute(delete(Producer).where(Producer.id.in_(made["producers"])))
        db.session.execute(delete(ProductGroup).where(ProductGroup.id == made["group"]))
        db.session.execute(delete(Locality).where(Locality.id == made["locality"]))
        db.session.commit()
        db.session.remove()


def _run_buyers(app: Flask, baskets: list[dict[int, int]]) -> list[str]:
    outcomes: list[str] = [""] * len(baskets)
    start = threading.Barrier(len(baskets))

    def buy(i: int) -> None:
        with app.app_context():
            start.wait()
            try:
                make_order(baskets[i])
                db.session.commit()
                outcomes[i] = "sold"
            except OutOfStock as refusal:
                db.session.rollback()
                outcomes[i] = "refused: " + refusal.message
            except Exception as exc:  # noqa: BLE001  anything else fails the test, reported below
                db.session.rollback()
                outcomes[i] = f"error: {type(exc).__name__}: {exc}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(len(baskets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_fifty_buyers_ten_units_exactly_ten_sold(app: Flask, committed_catalogue: dict[str, Any]) -> None:
    product_id = committed_catalogue["products"][0]
    outcomes = _run_buyers(app, [{product_id: 1} for _ in range(BUYERS)])

    errors = [o for o in outcomes if o.startswith("error")]
    assert errors == []
    assert outcomes.count("sold") == STOCK
    refusals = [o for o in outcomes if o.startswith("refused")]
    assert len(refusals) == BUYERS - STOCK
    assert all("sold out" in r for r in refusals)
    with app.app_context():
        stock_left = db.session.get(Product, product_id).stock
        sold = db.session.scalar(select(func.sum(OrderLine.quantity)).where(OrderLine.product_id == product_id))
        moved = db.session.scalar(select(func.sum(StockMovement.delta)).where(StockMovement.product_id == product_id))
        orders = db.session.scalar(
            select(func.count(func.distinct(OrderLine.order_id))).where(OrderLine.product_id == product_id)
        )
        empty_orders = db.session.scalar(select(func.count()).select_from(Order).where(~Order.lines.any()))
        db.session.remove()
    assert stock_left == 0
    assert sold + stock_left == STOCK
    assert moved == -sold
    assert orders == STOCK
    assert empty_orders == 0


def test_two_products_in_opposite_orders_do_not_deadlock(app: Flask, committed_catalogue: dict[str, Any]) -> None:
    first, second = committed_catalogue["products"]
    rng = random.Random(7)
    baskets = []
    for _ in range(16):
        pair = [(first, 1), (second, 1)]
        rng.shuffle(pair)
        baskets.append(dict(pair))  # the basket's own order differs; the service takes rows by id
    outcomes = _run_buyers(app, baskets)
    assert [o for o in outcomes if o.startswith("error")] == []
    assert outcomes.count("sold") == STOCK
    with app.app_context():
        stocks = [db.session.get(Product, pid).stock for pid in (first, second)]
        db.session.remove()
    assert stocks == [0, 0]


def test_an_unconfirmed_cod_order_is_released_once_by_racing_sweeps(
    app: Flask, committed_catalogue: dict[str, Any]
) -> None:
    """`orders expire` on two hosts and a visitor's lazy check, at the same moment: the stock comes back once."""
    from datetime import timedelta

    from storefront.orders.lifecycle import expire_unpaid_orders
    from tests.factories import NOW

    product_id = committed_catalogue["products"][0]
    with app.app_context():
        order_id = make_order({product_id: 4}, confirm_window=timedelta(hours=24)).id
        db.session.commit()
        db.session.remove()
    later = NOW + timedelta(hours=25)
    released: list[int] = []
    start = threading.Barrier(6)

    def sweep() -> None:
        with app.app_context():
            start.wait()
            try:
                released.append(expire_unpaid_orders(later))
                db.session.commit()
            except Exception:  # noqa: BLE001  a sweep that lost a race may fail; the counts say what happened
                db.session.rollback()
                released.append(0)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sweep) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        order = db.session.get(Order, order_id)
        product = db.session.get(Product, product_id)
        assert sum(released) == 1 and order is not None and order.status.value == "expired"
        assert product is not None and product.stock == STOCK
        moved = db.session.scalar(select(func.sum(StockMovement.delta)).where(StockMovement.order_id == order_id))
        assert moved == 0  # taken 4, given back 4, once
        db.session.remove()


def test_one_form_sent_at_once_for_two_carts_places_one_order(app: Flask, committed_catalogue: dict[str, Any]) -> None:
    """Issue 12, item 7, as a race: one checkout form's key sent by eight requests at once, half of them
    for another cart. One order is placed; the requests for its cart get it back, the others are told the
    cart changed; only that order's units are taken."""
    first, second = committed_catalogue["products"]
    baskets = [{first: 1}, {second: 2}] * 4
    outcomes: list[str] = [""] * len(baskets)
    start = threading.Barrier(len(baskets))

    def submit(i: int) -> None:
        with app.app_context():
            start.wait()
            try:
                order = make_order(baskets[i], submission_key="race-key-" + "k" * 24)
                order_id = order.id
                db.session.commit()
                outcomes[i] = f"order {order_id}"
            except CartChanged:
                db.session.rollback()
                outcomes[i] = "cart changed"
            except Exception as exc:  # noqa: BLE001  reported by the assertion below
                db.session.rollback()
                outcomes[i] = f"error: {type(exc).__name__}: {exc}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(baskets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [o for o in outcomes if o.startswith("error")] == []
    placed = {o for o in outcomes if o.startswith("order")}
    assert len(placed) == 1
    winner = baskets[outcomes.index(placed.pop())]
    assert all((o == "cart changed") == (basket != winner) for o, basket in zip(outcomes, baskets, strict=True))
    with app.app_context():
        stocks = {pid: db.session.get(Product, pid).stock for pid in (first, second)}
        db.session.remove()
    assert stocks == {pid: STOCK - winner.get(pid, 0) for pid in (first, second)}
