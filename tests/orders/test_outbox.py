"""The outbox: one message per order and kind, sent once, failures counted and retried."""

from __future__ import annotations

import smtplib

from sqlalchemy import func, select, update

from storefront.extensions import db
from storefront.notify.models import OutboxMessage
from storefront.notify.services import SmtpMailer, mailer_from_config, queue_message, send_pending
from storefront.orders.models import PaymentMethod
from tests.factories import NOW, make_buyer, make_order, make_product


def _count(db, order, kind: str) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.order_id == order.id, OutboxMessage.kind == kind)
    )


def test_a_second_message_of_a_kind_changes_nothing(db) -> None:
    order = make_order({make_product().id: 1}, PaymentMethod.BANK_TRANSFER)
    assert queue_message(order, "paid", NOW) is not None
    assert queue_message(order, "paid", NOW) is None
    assert _count(db, order, "paid") == 1 and _count(db, order, "placed") == 1
    assert order.status.value == "awaiting_payment"  # the refused insert did not disturb the order


def test_messages_are_in_the_orders_language(db) -> None:
    vi = make_order({make_product().id: 1}, buyer=make_buyer(language="vi"))
    en = make_order({make_product().id: 1}, buyer=make_buyer(language="en"))
    subject_vi = db.session.scalar(select(OutboxMessage.subject).where(OutboxMessage.order_id == vi.id))
    subject_en = db.session.scalar(select(OutboxMessage.subject).where(OutboxMessage.order_id == en.id))
    assert subject_en == f"Your order {en.reference}"
    assert subject_vi == f"Đơn hàng {vi.reference} của bạn"


class FakeMailer:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[str] = []
        self.fail = fail

    def send(self, message: OutboxMessage) -> None:
        if self.fail:
            raise smtplib.SMTPServerDisconnected("gone")
        self.sent.append(message.subject)


def test_send_pending_sends_once_and_counts_failures(db) -> None:
    order = make_order({make_product().id: 1})
    broken = FakeMailer(fail=True)
    assert send_pending(NOW, broken) == 0
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.order_id == order.id)).one()
    assert message.attempts == 1 and "gone" in message.last_error and message.sent_at is None
    working = FakeMailer()
    assert send_pending(NOW, working) == 1
    assert send_pending(NOW, working) == 0
    assert working.sent == [message.subject] and message.sent_at == NOW and message.last_error == ""


def test_smtp_is_used_only_when_configured() -> None:
    assert isinstance(mailer_from_config({"SMTP_HOST": "mail.example"}), SmtpMailer)
    assert not isinstance(mailer_from_config({"SMTP_HOST": None}), SmtpMailer)


class SenderRacedByAnother(FakeMailer):
    """While this run sends its first message, another `outbox send` process sends the rest.

    The other process is played by a bare UPDATE: our session keeps its stale view of those rows,
    as it would if they had been changed by another connection.
    """

    def send(self, message: OutboxMessage) -> None:
        if not self.sent:
            db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id != message.id, OutboxMessage.sent_at.is_(None))
                .values(attempts=OutboxMessage.attempts + 1, sent_at=NOW)
                .execution_options(synchronize_session=False)
            )
        super().send(message)


def test_two_senders_at_once_never_send_a_message_twice(db) -> None:
    first = make_order({make_product().id: 1})
    make_order({make_product().id: 1})
    racing = SenderRacedByAnother()
    assert send_pending(NOW, racing) == 1
    assert racing.sent == [f"Đơn hàng {first.reference} của bạn"]


def _placed_body(order) -> str:
    return db.session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.order_id == order.id, OutboxMessage.kind == "placed")
    ).one()


def test_the_placed_message_says_what_happens_next(db) -> None:
    from storefront.money import format_vnd
    from tests.factories import make_producer

    one = make_order({make_product(price_vnd=150_000).id: 1}, buyer=make_buyer(language="en"))
    body = _placed_body(one)
    assert "we call you to confirm the order, then the producer sends it in one parcel" in body
    assert f"Have {format_vnd(one.total_vnd, 'en')} ready in cash for the courier." in body

    two = make_order(
        {make_product(producer=make_producer()).id: 1, make_product(producer=make_producer()).id: 1},
        buyer=make_buyer(language="vi"),
    )
    body = _placed_body(two)
    assert "tổng cộng 2 kiện" in body and f"tổng cộng {format_vnd(two.total_vnd, 'vi')} tiền mặt" in body

    transfer = make_order({make_product().id: 1}, PaymentMethod.BANK_TRANSFER, buyer=make_buyer(language="en"))
    body = _placed_body(transfer)
    assert f"pay {format_vnd(transfer.total_vnd, 'en')} by bank transfer with the message {transfer.reference}" in body
    assert "call you" not in body
