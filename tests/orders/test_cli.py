"""`flask orders ...` and `flask outbox send`: the same services, clear messages, non-zero exit on bad input."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storefront.db import utcnow
from storefront.notify.models import OutboxMessage
from storefront.orders.models import OrderStatus, PaymentMethod
from tests.factories import make_order, make_producer, make_product


def test_cash_on_delivery_through_the_commands(runner, db) -> None:
    a, b = make_producer(slug="htx-co-to"), make_producer(slug="htx-binh-lieu")
    order = make_order({make_product(producer=a).id: 1, make_product(producer=b).id: 1}, now=utcnow())
    db.session.commit()
    ref = order.reference

    result = runner.invoke(args=["orders", "confirm", ref])
    assert result.exit_code == 0 and f"Order {ref} is confirmed." in result.output
    result = runner.invoke(args=["orders", "ship", ref, "--producer", "htx-co-to"])
    assert result.exit_code == 0 and "now partly_shipped" in result.output
    result = runner.invoke(args=["orders", "ship", ref.lower(), "--producer", "htx-binh-lieu"])
    assert result.exit_code == 0 and "now shipped" in result.output
    runner.invoke(args=["orders", "deliver", ref, "--producer", "htx-co-to"])
    result = runner.invoke(args=["orders", "deliver", ref, "--producer", "htx-binh-lieu"])
    assert result.exit_code == 0 and "now delivered" in result.output

    shown = runner.invoke(args=["orders", "show", ref])
    assert shown.exit_code == 0 and "delivered" in shown.output and "command" in shown.output
    listed = runner.invoke(args=["orders", "list", "--status", "delivered"])
    assert ref in listed.output


def test_bad_input_exits_non_zero_with_a_clear_message(runner, db) -> None:
    producer = make_producer(slug="htx-mot")
    order = make_order({make_product(producer=producer).id: 1}, now=utcnow())
    db.session.commit()
    cases = [
        (["orders", "show", "NOPE"], "No order with reference 'NOPE'."),
        (["orders", "ship", order.reference, "--producer", "nobody"], "No producer with slug 'nobody'."),
        (["orders", "ship", order.reference, "--producer", "htx-mot"], "cannot become"),  # not confirmed yet
        (["orders", "confirm-payment", order.reference], "cannot become"),  # cash on delivery
        (["orders", "list", "--status", "bogus"], "Invalid value"),
        (["orders", "show", "x" * 5000], "No order with reference"),
    ]
    for args, message in cases:
        result = runner.invoke(args=args)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)


def test_confirm_payment_and_cancel(runner, db) -> None:
    product = make_product(stock=5)
    order = make_order({product.id: 2}, PaymentMethod.BANK_TRANSFER, now=utcnow())
    db.session.commit()
    result = runner.invoke(args=["orders", "confirm-payment", order.reference, "--note", "VCB FT123"])
    assert result.exit_code == 0 and "is paid" in result.output
    again = runner.invoke(args=["orders", "confirm-payment", order.reference])
    assert again.exit_code != 0 and "already paid" in again.output
    result = runner.invoke(args=["orders", "cancel", order.reference, "--reason", "buyer asked"])
    assert result.exit_code == 0
    db.session.refresh(product)
    db.session.refresh(order)
    assert product.stock == 5 and order.status == OrderStatus.CANCELLED and order.needs_attention
    assert order.reference in runner.invoke(args=["orders", "list", "--attention"]).output


def test_expire_releases_stock_once(runner, db) -> None:
    product = make_product(stock=5)
    order = make_order({product.id: 2}, PaymentMethod.BANK_TRANSFER, now=utcnow() - timedelta(hours=2))
    db.session.commit()
    first = runner.invoke(args=["orders", "expire"])
    second = runner.invoke(args=["orders", "expire"])
    assert "Expired 1 unpaid order(s)" in first.output and "Expired 0 unpaid order(s)" in second.output
    db.session.refresh(product)
    db.session.refresh(order)
    assert product.stock == 5 and order.status == OrderStatus.EXPIRED


def test_outbox_send_logs_without_smtp_and_sends_once(runner, db, caplog) -> None:
    order = make_order({make_product().id: 1}, now=utcnow())
    db.session.commit()
    with caplog.at_level("INFO", logger="storefront.notify.services"):
        first = runner.invoke(args=["outbox", "send"])
    assert "Sent 1 message(s)." in first.output
    assert order.reference in caplog.text and "lan@example.com" in caplog.text
    assert "Sent 0 message(s)." in runner.invoke(args=["outbox", "send"]).output
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.order_id == order.id)).one()
    assert message.sent_at is not None and message.attempts == 1


def test_listed_times_are_vietnams(runner, db) -> None:
    """20:30 UTC on the 1st is 03:30 on the 2nd in Quảng Ninh: the office must not read yesterday's date."""
    from datetime import UTC, datetime

    from storefront.orders import lifecycle

    order = make_order({make_product().id: 1}, now=datetime(2026, 3, 1, 20, 30, tzinfo=UTC))
    lifecycle.flag_for_attention(order, "check me", actor="command", now=datetime(2026, 3, 1, 20, 31, tzinfo=UTC))
    db.session.commit()
    for args in (["orders", "list"], ["orders", "attention"], ["orders", "show", order.reference]):
        output = runner.invoke(args=args).output
        assert "2026-03-02 03:30 +07" in output and "2026-03-01" not in output, args
