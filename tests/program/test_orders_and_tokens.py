"""Officers' orders (filters, attention first, the three buttons) and API tokens (shown once, revoked)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from storefront.auth.models import ApiToken
from storefront.extensions import db as _db
from storefront.orders.models import OrderStatus, PaymentMethod
from storefront.payments import stripe_gateway
from tests.factories import make_order, make_product


@pytest.fixture()
def officer(login_as):
    return login_as("officer")


def test_orders_needing_attention_come_first_and_filters_work(client, officer) -> None:
    product = make_product(stock=20)
    first = make_order({product.id: 1}, PaymentMethod.BANK_TRANSFER)
    flagged = make_order({product.id: 1})
    later = make_order({product.id: 1})
    flagged.needs_attention, flagged.attention_reason = True, "Paid after its window"
    _db.session.flush()
    page = client.get("/program/orders?lang=en").get_data(as_text=True)
    order = [ref for ref in re.findall(r"/program/orders/(QN[0-9A-Z]+)", page)]
    assert order[0] == flagged.reference
    assert set(order) == {first.reference, flagged.reference, later.reference}
    only_transfer = client.get("/program/orders?method=bank_transfer").get_data(as_text=True)
    assert first.reference in only_transfer and later.reference not in only_transfer
    by_status = client.get("/program/orders?status=awaiting_payment").get_data(as_text=True)
    assert first.reference in by_status and flagged.reference not in by_status
    other = make_product()
    by_producer = client.get(f"/program/orders?producer={other.producer.slug}").get_data(as_text=True)
    assert first.reference not in by_producer
    mine = client.get(f"/program/orders?producer={product.producer.slug}").get_data(as_text=True)
    assert first.reference in mine
    assert client.get("/program/orders?from=2099-01-01").get_data(as_text=True).count("/program/orders/QN") == 0
    assert client.get("/program/orders?status=bogus&page=x&from=nope").status_code == 200


def test_orders_list_costs_the_same_for_more_orders(client, officer, count_queries) -> None:
    product = make_product(stock=100)
    make_order({product.id: 1})
    with count_queries() as few:
        client.get("/program/orders")
    for _ in range(10):
        make_order({product.id: 1})
    with count_queries() as many:
        client.get("/program/orders")
    assert len(many) == len(few)


def test_confirm_payment_received(client, officer) -> None:
    product = make_product(stock=5)
    order = make_order({product.id: 1}, PaymentMethod.BANK_TRANSFER)
    page = client.get(f"/program/orders/{order.reference}?lang=en").get_data(as_text=True)
    assert "Confirm payment received" in page and "Cancel order" in page and ">Refund<" not in page
    response = client.post(f"/program/orders/{order.reference}/confirm-payment")
    assert response.status_code == 302
    _db.session.expire_all()
    assert order.status == OrderStatus.PAID and order.paid_at is not None
    assert "Confirm payment received" not in client.get(f"/program/orders/{order.reference}?lang=en").get_data(
        as_text=True
    )


def test_cancel_order_returns_the_stock(client, officer) -> None:
    product = make_product(stock=5)
    order = make_order({product.id: 2})
    _db.session.refresh(product)
    assert product.stock == 3
    client.post(f"/program/orders/{order.reference}/cancel", data={"reason": "buyer asked"})
    _db.session.expire_all()
    assert order.status == OrderStatus.CANCELLED
    assert product.stock == 5
    # Once cancelled, cancelling again is refused with a message, not an error page.
    response = client.post(f"/program/orders/{order.reference}/cancel", follow_redirects=True)
    assert response.status_code == 200


def test_refund_a_card_payment_through_stripe(client, officer, monkeypatch) -> None:
    calls: list[dict[str, Any]] = []

    def fake_refund(**kwargs: Any) -> dict[str, Any]:
        calls.append(kwargs)
        return {"id": "re_test", "status": "succeeded", "amount": kwargs.get("amount_vnd")}

    monkeypatch.setattr(stripe_gateway, "create_refund", fake_refund)
    product = make_product(stock=5)
    order = make_order({product.id: 1}, PaymentMethod.CARD)
    order.status, order.paid_at, order.stripe_payment_intent_id = OrderStatus.PAID, order.placed_at, "pi_test"
    _db.session.flush()
    assert ">Refund<" in client.get(f"/program/orders/{order.reference}?lang=en").get_data(as_text=True)
    client.post(f"/program/orders/{order.reference}/refund")
    _db.session.expire_all()
    assert order.status == OrderStatus.REFUNDED
    assert calls and calls[0]["payment_intent"] == "pi_test"


def test_unknown_order_is_404(client, officer) -> None:
    assert client.get("/program/orders/QNNOPE").status_code == 404
    assert client.post("/program/orders/QNNOPE/cancel").status_code == 404


def test_a_token_is_shown_once_and_revoked(client, officer) -> None:
    page = client.post("/program/tokens?lang=en", data={"name": "national OCOP system"})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    token = re.search(r'<code id="new-token">([^<]+)</code>', page.get_data(as_text=True)).group(1)
    row = _db.session.query(ApiToken).one()
    assert row.name == "national OCOP system" and token not in row.token_sha256
    listing = client.get("/program/tokens?lang=en").get_data(as_text=True)
    assert "national OCOP system" in listing and token not in listing
    feed = "/api/v1/program/sales?from=2026-01-01&to=2026-01-31"
    assert client.get(feed, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    client.post(f"/program/tokens/{row.id}/revoke")
    assert client.get(feed, headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_token_needs_a_name(client, officer) -> None:
    response = client.post("/program/tokens?lang=en", data={"name": "  "})
    assert response.status_code == 400
    assert _db.session.query(ApiToken).count() == 0


def test_refunding_a_cash_order_is_refused_and_changes_nothing(client, officer) -> None:
    order = make_order({make_product(stock=5).id: 1})
    _db.session.commit()
    client.get("/program/orders?lang=en")
    response = client.post(f"/program/orders/{order.reference}/refund")
    assert "This order cannot do that now." in client.get(response.location).get_data(as_text=True)
    _db.session.expire_all()
    assert order.status == OrderStatus.PLACED
