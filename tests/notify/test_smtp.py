"""The outbox through a real SMTP server (aiosmtpd on a free loopback port), read back as a mail client would."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import select

from storefront.extensions import db
from storefront.notify.models import OutboxMessage
from storefront.notify.services import send_pending
from tests.factories import NOW, make_buyer, make_order, make_product


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    """An aiosmtpd handler keeping what it receives; `refuse` answers DATA with a permanent error."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  aiosmtpd's name
        if self.refuse:
            return "554 5.7.1 Message refused"
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=policy.default) for _, _, raw in self.received]


@pytest.fixture()
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture()
def silent_server() -> Iterator[int]:
    """A listener that accepts connections and never says a word (an SMTP server that hangs)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()


@pytest.fixture()
def smtp_app(app: Flask) -> Iterator[Flask]:
    saved = {k: app.config.get(k) for k in ("SMTP_HOST", "SMTP_PORT", "SMTP_TIMEOUT_SECONDS", "MAIL_FROM")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_TIMEOUT_SECONDS=1, MAIL_FROM="OCOP Quảng Ninh <shop@ocop.example>")
    yield app
    app.config.update(saved)


def _order_in_vietnamese() -> Any:
    buyer = make_buyer(full_name="Nguyễn Thị Lan", email="lan@example.com", language="vi")
    return make_order({make_product(price_vnd=150_000).id: 1}, buyer=buyer)


def _one(order: Any) -> OutboxMessage:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.order_id == order.id)).one()


def test_a_message_arrives_with_its_headers_and_vietnamese_text(db, smtp_app, smtp_server) -> None:
    inbox, port = smtp_server
    smtp_app.config["SMTP_PORT"] = port
    order = _order_in_vietnamese()
    assert send_pending(NOW) == 1
    [(mail_from, rcpt_tos, raw)] = inbox.received
    assert mail_from == "shop@ocop.example" and rcpt_tos == ["lan@example.com"]
    header_block = raw.split(b"\r\n\r\n", 1)[0]
    assert header_block.isascii()  # non-ASCII headers are RFC 2047 encoded, not sent raw
    [mail] = inbox.messages()
    assert mail["Subject"] == f"Đơn hàng {order.reference} của bạn"
    assert mail["From"].addresses[0].display_name == "OCOP Quảng Ninh"
    assert mail["To"] == "lan@example.com"
    assert mail["Date"].datetime is not None and mail["Message-ID"].startswith("<outbox-")
    assert mail.get_content_type() == "text/plain" and mail.get_content_charset() == "utf-8"
    body = mail.get_content()
    assert "Cảm ơn bạn" in body and "Nguyễn Thị Lan" not in body  # nothing the buyer typed
    assert "180.000\xa0₫" in body  # 150.000 ₫ and 30.000 ₫ shipping, formatted the Vietnamese way
    assert f"https://shop.example/orders/{order.token}" in body  # absolute: a mail has no base URL
    assert _one(order).sent_at == NOW


def test_a_refusing_server_leaves_the_message_queued_and_it_is_sent_once_later(db, smtp_app, smtp_server) -> None:
    inbox, port = smtp_server
    smtp_app.config["SMTP_PORT"] = port
    order = _order_in_vietnamese()
    inbox.refuse = True
    assert send_pending(NOW) == 0
    message = _one(order)
    assert message.sent_at is None and message.attempts == 1 and "refused" in message.last_error
    inbox.refuse = False
    assert send_pending(NOW) == 1
    assert send_pending(NOW) == 0
    assert len(inbox.received) == 1 and message.sent_at == NOW


def test_a_server_that_never_answers_times_out_and_the_message_waits(db, smtp_app, smtp_server, silent_server) -> None:
    inbox, port = smtp_server
    smtp_app.config["SMTP_PORT"] = silent_server
    order = _order_in_vietnamese()
    assert send_pending(NOW) == 0  # gives up after SMTP_TIMEOUT_SECONDS (1 s here)
    message = _one(order)
    assert message.sent_at is None and message.attempts == 1 and "timed out" in message.last_error
    smtp_app.config["SMTP_PORT"] = port
    assert send_pending(NOW) == 1
    assert send_pending(NOW) == 0
    assert len(inbox.received) == 1
