"""Orders in the portal: only the producer's lines, with delivery details; confirm, ship, deliver; the
buyer and the producer told through the outbox; a CSV export."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storefront.notify.models import OutboxMessage
from storefront.orders.models import LineStatus, OrderStatus, PaymentMethod
from storefront.orders.services import mark_paid
from tests.factories import NOW, make_order, make_product


def _two_producer_order(producer: Any) -> tuple[Any, Any, Any]:
    mine = make_product(producer=producer, name_vi="Mực khô Cô Tô", price_vnd=400_000)
    theirs = make_product(name_vi="Miến dong Bình Liêu", price_vnd=90_000)
    order = make_order({mine.id: 2, theirs.id: 1})
    return order, mine, theirs


def _messages(db: Any, order: Any) -> dict[str, OutboxMessage]:
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.order_id == order.id)).all()
    return {m.kind: m for m in rows}


def test_a_new_cash_order_tells_each_producer_by_email(db, producer_user) -> None:
    mine = make_product(producer=producer_user.producer, name_vi="Mực khô Cô Tô", price_vnd=400_000)
    theirs = make_product(name_vi="Miến dong Bình Liêu", price_vnd=90_000)
    theirs.producer.email = "htx@binhlieu.example"
    order = make_order({mine.id: 2, theirs.id: 1})
    messages = _messages(db, order)
    notice = messages[f"new_order:{producer_user.producer_id}"]
    assert notice.to_address == producer_user.email
    assert order.reference in notice.subject and "Mực khô Cô Tô × 2" in notice.body
    assert "Miến dong" not in notice.body
    assert f"/portal/orders/{order.id}" in notice.body
    assert messages[f"new_order:{theirs.producer_id}"].to_address == "htx@binhlieu.example"


def test_a_transfer_order_tells_the_producer_once_paid(db, producer_user) -> None:
    mine = make_product(producer=producer_user.producer)
    order = make_order({mine.id: 1}, method=PaymentMethod.BANK_TRANSFER)
    assert f"new_order:{producer_user.producer_id}" not in _messages(db, order)
    mark_paid(order, actor="test", now=NOW)
    mark_paid(order, actor="test", now=NOW)
    assert f"new_order:{producer_user.producer_id}" in _messages(db, order)


def test_the_order_page_shows_only_the_producers_lines_and_the_address(client, producer_user) -> None:
    order, _mine, _theirs = _two_producer_order(producer_user.producer)
    page = client.get(f"/portal/orders/{order.id}").get_data(as_text=True)
    assert "Mực khô Cô Tô" in page and "Miến dong" not in page
    assert "Nguyễn Thị Lan" in page and "12 Trần Hưng Đạo" in page and "0912345678" in page
    assert "Confirm order" in page and "Mark shipped" not in page  # cash on delivery: confirm first


def test_confirm_then_ship_with_carrier_then_deliver(client, producer_user, db) -> None:
    order, _mine, theirs = _two_producer_order(producer_user.producer)
    assert client.post(f"/portal/orders/{order.id}/confirm").status_code == 302
    db.session.expire_all()
    assert order.status == OrderStatus.CONFIRMED
    page = client.get(f"/portal/orders/{order.id}").get_data(as_text=True)
    assert "Mark shipped" in page and "Confirm order" not in page
    client.post(f"/portal/orders/{order.id}/ship", data={"carrier": "Viettel Post", "tracking_number": "VTP123"})
    db.session.expire_all()
    mine = [line for line in order.lines if line.producer_id == producer_user.producer_id]
    other = [line for line in order.lines if line.producer_id == theirs.producer_id]
    assert [(ln.status, ln.carrier, ln.tracking_number) for ln in mine] == [
        (LineStatus.SHIPPED, "Viettel Post", "VTP123")
    ]
    assert [ln.status for ln in other] == [LineStatus.PENDING]
    assert order.status == OrderStatus.PARTLY_SHIPPED
    buyer_page = client.get(f"/orders/{order.token}").get_data(as_text=True)
    assert "Viettel Post" in buyer_page and "VTP123" in buyer_page
    assert "Mark delivered" in client.get(f"/portal/orders/{order.id}").get_data(as_text=True)
    client.post(f"/portal/orders/{order.id}/deliver")
    db.session.expire_all()
    assert [ln.status for ln in mine] == [LineStatus.DELIVERED]
    kinds = set(_messages(db, order))
    assert {"confirmed", f"shipped:{producer_user.producer_id}", f"delivered:{producer_user.producer_id}"} <= kinds


def test_shipping_needs_a_carrier(client, producer_user, db) -> None:
    order, _mine, _theirs = _two_producer_order(producer_user.producer)
    client.post(f"/portal/orders/{order.id}/confirm")
    db.session.commit()
    response = client.post(f"/portal/orders/{order.id}/ship", data={"carrier": "", "tracking_number": ""})
    assert response.status_code == 422
    db.session.expire_all()
    assert all(line.status == LineStatus.PENDING for line in order.lines)


def test_a_card_order_is_not_marked_delivered_by_the_producer(client, producer_user, db) -> None:
    mine = make_product(producer=producer_user.producer)
    order = make_order({mine.id: 1}, method=PaymentMethod.BANK_TRANSFER)
    mark_paid(order, actor="test", now=NOW)
    client.post(f"/portal/orders/{order.id}/ship", data={"carrier": "GHN"})
    db.session.commit()
    page = client.get(f"/portal/orders/{order.id}").get_data(as_text=True)
    assert "Mark delivered" not in page
    client.post(f"/portal/orders/{order.id}/deliver")
    db.session.expire_all()
    assert order.lines[0].status == LineStatus.SHIPPED


def test_orders_csv_has_only_the_producers_lines(client, producer_user) -> None:
    order, _mine, _theirs = _two_producer_order(producer_user.producer)
    body = client.get("/portal/orders/export.csv").data.decode("utf-8")
    assert body.startswith("\ufeffreference,")
    assert f"{order.reference}," in body and "Mực khô Cô Tô,2,400000,800000,pending" in body
    assert "Miến dong" not in body


def test_a_button_the_page_does_not_offer_is_refused_and_changes_nothing(client, producer_user, db) -> None:
    """The portal and the programme office share `orders.actions.perform`: an action the order's page does
    not show (here: shipping a cash order nobody confirmed) is refused with a message, nothing kept."""
    order, _mine, _theirs = _two_producer_order(producer_user.producer)
    db.session.commit()
    response = client.post(f"/portal/orders/{order.id}/ship", data={"carrier": "GHN"})
    page = client.get(response.location).get_data(as_text=True)
    assert "This order cannot do that now." in page
    db.session.expire_all()
    assert order.status == OrderStatus.PLACED
    assert all(line.status == LineStatus.PENDING for line in order.lines)
