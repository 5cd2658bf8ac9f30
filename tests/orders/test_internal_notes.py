"""Notes for the staff (attention reasons, stock bookkeeping) stay off the buyer's page; `orders show` has them."""

from __future__ import annotations

from storefront.db import utcnow
from storefront.orders import lifecycle
from storefront.orders.models import OrderStatus, PaymentMethod
from storefront.payments.services import fulfil_checkout_session
from tests.factories import make_buyer, make_order, make_product


def _history(client, order) -> str:
    response = client.get(f"/orders/{order.token}?lang=en")
    assert response.status_code == 200
    return response.get_data(as_text=True).split("<h2>History</h2>")[1]


def test_a_flagged_order_shows_its_steps_to_the_buyer_without_the_reason(client, runner, db) -> None:
    product = make_product()
    order = make_order({product.id: 1}, now=utcnow(), buyer=make_buyer(language="en"))
    lifecycle.confirm_order(order, actor="command", now=utcnow())
    lifecycle.flag_for_attention(order, "Buyer sounded drunk on the phone; call back", actor="command", now=utcnow())
    db.session.commit()

    history = _history(client, order)
    assert history.index("Placed") < history.index("Confirmed")
    assert "drunk" not in history and "Needs attention" not in history

    shown = runner.invoke(args=["orders", "show", order.reference])
    assert shown.exit_code == 0
    assert "Needs attention: Buyer sounded drunk on the phone; call back" in shown.output
    assert "[staff only]" in shown.output and "confirmed" in shown.output


def test_a_refund_due_and_the_stock_release_are_for_the_staff_only(client, runner, db) -> None:
    product = make_product(stock=5)
    order = make_order({product.id: 2}, PaymentMethod.BANK_TRANSFER, now=utcnow(), buyer=make_buyer(language="en"))
    lifecycle.mark_paid(order, actor="command", now=utcnow(), note="FT26061000123")
    lifecycle.cancel_order(order, actor="command", now=utcnow(), reason="Out of season, sorry")
    db.session.commit()

    history = _history(client, order)
    assert "Paid" in history and "FT26061000123" in history  # the bank reference is the buyer's own
    assert "Cancelled" in history and "Out of season, sorry" in history  # the reason is said to the buyer
    assert "refund the buyer" not in history and "Stock released" not in history

    output = runner.invoke(args=["orders", "show", order.reference]).output
    assert "Cancelled after payment: refund the buyer." in output and "Stock released: Out of season, sorry" in output


def test_stripes_mismatch_alarm_is_not_shown_to_the_buyer(client, db) -> None:
    product = make_product(price_vnd=100_000, stock=5)
    order = make_order({product.id: 1}, PaymentMethod.CARD, now=utcnow(), buyer=make_buyer(language="en"))
    session = {
        "id": "cs_test_mismatch",
        "payment_status": "paid",
        "currency": "vnd",
        "amount_total": 1,
        "metadata": {"order_reference": order.reference},
    }
    assert fulfil_checkout_session(session, actor="webhook:stripe", now=utcnow()) == "mismatch"
    db.session.commit()

    assert order.status == OrderStatus.AWAITING_PAYMENT and order.needs_attention
    history = _history(client, order)
    assert "Awaiting payment" in history
    assert "check it in Stripe" not in history and "does not match" not in history
    assert any(event.is_internal and "check it in Stripe" in event.note for event in order.events)
