"""The buyer's order page: found only by its token, fixed query count, lazy expiry, history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storefront.db import utcnow
from storefront.orders import lifecycle
from storefront.orders.models import OrderStatus, PaymentMethod
from tests.factories import make_buyer, make_order, make_producer, make_product


@pytest.mark.parametrize("token", ["nope", "x" * 300, "' OR 1=1 --", "%3Cscript%3E", "ab%00cd", "%C3%A9t%C3%A9"])
def test_an_unknown_token_is_404(client, db, token) -> None:
    response = client.get(f"/orders/{token}?lang=en")
    assert response.status_code == 404 and "We could not find that page." in response.get_data(as_text=True)


@pytest.mark.parametrize("action", ["card", "pay-by-transfer"])
def test_an_unknown_token_is_404_for_the_card_actions_too(client, db, action) -> None:
    # A NUL byte reached PostgreSQL ("text fields cannot contain NUL") and answered 500.
    for token in ["nope", "ab%00cd"]:
        response = client.post(f"/orders/{token}/{action}?lang=en")
        assert response.status_code == 404 and "We could not find that page." in response.get_data(as_text=True)


def test_the_reference_alone_does_not_open_the_order(client, db) -> None:
    order = make_order({make_product().id: 1})
    db.session.commit()
    assert client.get(f"/orders/{order.reference}").status_code == 404
    response = client.get(f"/orders/{order.token}")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"] and response.headers["Referrer-Policy"] == "no-referrer"


def test_the_query_count_does_not_grow_with_the_lines(client, db, count_queries) -> None:
    small = make_order({make_product().id: 1})
    producers = [make_producer() for _ in range(3)]
    big = make_order({make_product(producer=producers[i % 3]).id: 1 for i in range(12)})
    db.session.commit()
    with count_queries() as few:
        assert client.get(f"/orders/{small.token}").status_code == 200
    with count_queries() as many:
        assert client.get(f"/orders/{big.token}").status_code == 200
    assert len(many) == len(few) <= 4


def test_history_shows_who_changed_what(client, db) -> None:
    product = make_product()
    order = make_order({product.id: 1}, now=utcnow(), buyer=make_buyer(language="en"))
    lifecycle.confirm_order(order, actor="command", now=utcnow())
    lifecycle.mark_shipped(order, product.producer_id, actor="command", now=utcnow())
    db.session.commit()
    page = client.get(f"/orders/{order.token}?lang=en").get_data(as_text=True)
    history = page.split("History")[1]
    assert history.index("Placed") < history.index("Confirmed") < history.index("Shipped")
    assert "Shipped by" in history


def test_an_overdue_transfer_is_expired_when_its_page_is_seen(client, db) -> None:
    product = make_product(stock=4)
    order = make_order({product.id: 3}, PaymentMethod.BANK_TRANSFER, now=utcnow() - timedelta(hours=1))
    db.session.commit()
    page = client.get(f"/orders/{order.token}?lang=en").get_data(as_text=True)
    assert "Expired" in page and "Pay by bank transfer" not in page
    db.session.refresh(product)
    db.session.refresh(order)
    assert product.stock == 4 and order.status == OrderStatus.EXPIRED
    client.get(f"/orders/{order.token}")
    db.session.refresh(product)
    assert product.stock == 4  # seen twice, released once


def test_a_paid_transfer_no_longer_shows_the_code(client, db) -> None:
    order = make_order({make_product().id: 1}, PaymentMethod.BANK_TRANSFER, now=utcnow())
    lifecycle.mark_paid(order, actor="command", now=utcnow())
    db.session.commit()
    page = client.get(f"/orders/{order.token}?lang=en").get_data(as_text=True)
    assert "Paid" in page and "Pay by bank transfer" not in page


def test_a_busy_database_during_the_lazy_check_still_shows_the_page(client, db, monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    order = make_order({make_product().id: 1}, PaymentMethod.BANK_TRANSFER, now=utcnow() - timedelta(hours=1))
    db.session.commit()

    def busy(*args, **kwargs):
        raise OperationalError("UPDATE orders", {}, Exception("database is locked"))

    monkeypatch.setattr("storefront.orders.lazy.expire_if_overdue", busy)
    response = client.get(f"/orders/{order.token}?lang=en")
    assert response.status_code == 200 and f"Order {order.reference}" in response.get_data(as_text=True)
