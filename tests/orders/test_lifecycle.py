"""The order's life: the transition table, each service, history rows, stock released exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from storefront.errors import Conflict
from storefront.notify.models import OutboxMessage
from storefront.orders import lifecycle
from storefront.orders.models import LineStatus, OrderStatus, PaymentMethod, StockMovement
from storefront.orders.status import TRANSITIONS, InvalidTransition, apply_transition, initial_status
from tests.factories import NOW, WINDOW, make_order, make_producer, make_product

S = OrderStatus
ALLOWED = [(a, b) for a in S for b in S if b in TRANSITIONS[a]]
REFUSED = [(a, b) for a in S for b in S if b not in TRANSITIONS[a]]


@pytest.mark.parametrize("current, target", ALLOWED)
def test_allowed_transitions(current, target) -> None:
    assert apply_transition(current, target) == target


@pytest.mark.parametrize("current, target", REFUSED)
def test_refused_transitions(app, current, target) -> None:
    with app.test_request_context(), pytest.raises(InvalidTransition):
        apply_transition(current, target)


def test_the_table_never_moves_backwards_from_the_end() -> None:
    assert TRANSITIONS[S.REFUNDED] == frozenset()
    assert S.PLACED not in {t for targets in TRANSITIONS.values() for t in targets}
    assert S.AWAITING_PAYMENT not in {t for targets in TRANSITIONS.values() for t in targets}
    assert initial_status(PaymentMethod.COD) == S.PLACED
    assert initial_status(PaymentMethod.BANK_TRANSFER) == S.AWAITING_PAYMENT


def _stock_sum(db, product_id: int) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(StockMovement.delta), 0)).where(StockMovement.product_id == product_id)
    )


def _messages(db, order) -> list[str]:
    return sorted(db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.order_id == order.id)))


def test_cash_on_delivery_from_placed_to_delivered_per_producer(db) -> None:
    a, b = make_producer(), make_producer()
    pa, pb = make_product(producer=a), make_product(producer=b)
    order = make_order({pa.id: 1, pb.id: 2})
    later = NOW + timedelta(hours=1)
    lifecycle.confirm_order(order, actor="command", now=later)
    lifecycle.mark_shipped(order, a.id, actor="user:7", now=later)
    assert order.status == S.PARTLY_SHIPPED
    with pytest.raises(Conflict, match="Nothing from this producer has been shipped"):
        lifecycle.mark_delivered(order, b.id, actor="user:8", now=later)
    lifecycle.mark_shipped(order, b.id, actor="user:8", now=later)
    assert order.status == S.SHIPPED
    with pytest.raises(Conflict):
        lifecycle.mark_shipped(order, b.id, actor="user:8", now=later)
    lifecycle.mark_delivered(order, a.id, actor="command", now=later)
    assert order.status == S.SHIPPED and order.paid_at is None
    lifecycle.mark_delivered(order, b.id, actor="command", now=later)
    assert order.status == S.DELIVERED and order.paid_at == later
    assert [line.status for line in order.lines] == [LineStatus.DELIVERED, LineStatus.DELIVERED]
    statuses = [(e.actor, e.from_status, e.to_status) for e in order.events]
    assert statuses[:4] == [
        ("guest", None, "placed"),
        ("command", "placed", "confirmed"),
        ("user:7", "confirmed", "partly_shipped"),
        ("user:8", "partly_shipped", "shipped"),
    ]
    assert statuses[-1] == ("command", "shipped", "delivered")
    assert _messages(db, order) == ["placed", f"shipped:{a.id}", f"shipped:{b.id}"]


def test_cash_on_delivery_cannot_be_marked_paid_or_shipped_unconfirmed(app, db) -> None:
    product = make_product()
    order = make_order({product.id: 1})
    with pytest.raises(InvalidTransition):
        lifecycle.mark_paid(order, actor="command", now=NOW)
    with pytest.raises(InvalidTransition):
        lifecycle.mark_shipped(order, product.producer_id, actor="command", now=NOW)


def test_paid_once_whatever_the_retries(db) -> None:
    product = make_product(stock=5)
    order = make_order({product.id: 2}, PaymentMethod.BANK_TRANSFER)
    assert lifecycle.mark_paid(order, actor="command", now=NOW, note="VCB 123") is True
    assert lifecycle.mark_paid(order, actor="webhook:stripe", now=NOW) is False
    assert order.status == S.PAID and order.pay_by is None and order.paid_at == NOW
    assert [e.to_status for e in order.events] == ["awaiting_payment", "paid"]
    assert _messages(db, order) == ["paid", "placed"]


def test_expiry_releases_stock_once(db) -> None:
    product = make_product(stock=5)
    order = make_order({product.id: 2}, PaymentMethod.BANK_TRANSFER)
    assert lifecycle.expire_unpaid_orders(NOW + WINDOW - timedelta(seconds=1)) == 0
    assert lifecycle.expire_unpaid_orders(NOW + WINDOW) == 1
    assert lifecycle.expire_unpaid_orders(NOW + WINDOW * 2) == 0
    assert lifecycle.release_stock(order, actor="system", now=NOW, reason="again") is False
    db.session.refresh(product)
    assert product.stock == 5 and order.status == S.EXPIRED
    moves = db.session.scalars(select(StockMovement.delta).where(StockMovement.order_id == order.id)).all()
    assert sorted(moves) == [-2, 2]


def test_cash_on_delivery_orders_never_expire(db) -> None:
    product = make_product(stock=5)
    make_order({product.id: 2})
    assert lifecycle.expire_unpaid_orders(NOW + timedelta(days=30)) == 0


def test_paid_after_expiry_takes_the_stock_again_when_it_is_there(db) -> None:
    product = make_product(stock=5)
    order = make_order({product.id: 2}, PaymentMethod.CARD)
    lifecycle.expire_unpaid_orders(NOW + WINDOW)
    assert lifecycle.mark_paid(order, actor="webhook:stripe", now=NOW + WINDOW * 2) is True
    db.session.refresh(product)
    assert order.status == S.PAID and not order.needs_attention and order.stock_released_at is None
    assert product.stock == 3


def test_paid_after_the_stock_went_to_someone_else_is_flagged_never_lost(db) -> None:
    product = make_product(stock=2)
    order = make_order({product.id: 2}, PaymentMethod.CARD)
    lifecycle.expire_unpaid_orders(NOW + WINDOW)
    make_order({product.id: 2})  # another buyer takes the released units
    assert lifecycle.mark_paid(order, actor="webhook:stripe", now=NOW + WINDOW * 2) is True
    db.session.refresh(product)
    assert (
        order.status == S.PAID and order.needs_attention and "hoàn tiền" in order.attention_reason
    )  # in the order's language
    assert product.stock == 0 and order.stock_released_at is not None


def test_cancel_releases_stock_and_a_paid_cancel_asks_for_a_refund(db) -> None:
    product = make_product(stock=4)
    order = make_order({product.id: 3}, PaymentMethod.BANK_TRANSFER)
    lifecycle.mark_paid(order, actor="command", now=NOW)
    lifecycle.cancel_order(order, actor="command", now=NOW, reason="buyer asked")
    db.session.refresh(product)
    assert product.stock == 4 and order.status == S.CANCELLED and order.needs_attention
    assert all(line.status == LineStatus.CANCELLED for line in order.lines)
    assert lifecycle.mark_refunded(order, actor="command", now=NOW) is True
    assert lifecycle.mark_refunded(order, actor="command", now=NOW) is False
    db.session.refresh(product)
    assert product.stock == 4 and order.status == S.REFUNDED
    assert _stock_sum(db, product.id) == 0


def test_an_unpaid_order_cannot_be_refunded(db) -> None:
    product = make_product()
    order = make_order({product.id: 1})
    lifecycle.cancel_order(order, actor="command", now=NOW)
    with pytest.raises(Conflict, match="never paid"):
        lifecycle.mark_refunded(order, actor="command", now=NOW)


def test_a_shipped_order_cannot_be_cancelled(db) -> None:
    product = make_product()
    order = make_order({product.id: 1})
    lifecycle.confirm_order(order, actor="command", now=NOW)
    lifecycle.mark_shipped(order, product.producer_id, actor="command", now=NOW)
    with pytest.raises(InvalidTransition):
        lifecycle.cancel_order(order, actor="command", now=NOW)


def test_flag_for_attention_is_recorded(db) -> None:
    product = make_product()
    order = make_order({product.id: 1})
    lifecycle.flag_for_attention(order, "amount mismatch", actor="webhook:stripe", now=NOW)
    assert order.needs_attention and order.attention_reason == "amount mismatch"
    assert order.events[-1].actor == "webhook:stripe" and "amount mismatch" in order.events[-1].note


def test_a_stale_copy_of_the_order_cannot_apply_a_second_change(app, db) -> None:
    product = make_product()
    order = make_order({product.id: 1}, PaymentMethod.BANK_TRANSFER)
    db.session.commit()
    # Someone else moved it on meanwhile; our in-memory copy still says awaiting payment.
    from sqlalchemy import update

    from storefront.orders.models import Order

    db.session.execute(
        update(Order)
        .where(Order.id == order.id)
        .values(status=S.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    assert lifecycle.expire_order(order, actor="system", now=NOW) is False
    assert order.status == S.CANCELLED and order.stock_released_at is None
    with pytest.raises(lifecycle.OrderChanged):
        _stale_move(order)


def _stale_move(order) -> None:
    from sqlalchemy.orm.attributes import set_committed_value

    set_committed_value(order, "status", S.AWAITING_PAYMENT)  # pretend we never saw the change
    lifecycle._move(order, S.PAID, actor="system", now=NOW)
