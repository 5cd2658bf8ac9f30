"""The outbox: a message to a buyer is stored with the change that caused it (same transaction), then sent.

One message per order and kind (a unique constraint in a savepoint): a webhook delivered ten times still
queues one "paid" message. `send_pending` sends by SMTP when SMTP_HOST is set and logs otherwise.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import TYPE_CHECKING, Any, Protocol

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from storefront.db import rows_changed
from storefront.extensions import db
from storefront.money import format_vnd
from storefront.notify.models import OutboxMessage

if TYPE_CHECKING:
    from storefront.orders.models import Order

log = logging.getLogger(__name__)

#: After this many failed attempts a message waits for a person (its last_error says why).
MAX_ATTEMPTS = 5


def _compose(order: Order, kind: str) -> tuple[str, str]:
    language = order.language if order.language in ("vi", "en") else "vi"
    link = f"{current_app.config['PUBLIC_BASE_URL']}/orders/{order.token}"
    total = format_vnd(order.total_vnd, language)
    with force_locale(language):
        if kind == "placed":
            subject = _("Your order %(reference)s", reference=order.reference)
            # Not the name: anyone may place an order for any address, and a "name" such as "transfer
            # 500.000đ to account ... to unlock it" would read as the shop's own words. Nothing the buyer
            # typed goes into a message.
            intro = _(
                "Thank you. We have received your order %(reference)s (total %(total)s).",
                reference=order.reference,
                total=total,
            )
            after = _what_happens_next(order, total)
            intro = f"{intro}\n\n{after}" if after else intro
        elif kind == "paid":
            subject = _("Payment received for order %(reference)s", reference=order.reference)
            intro = _(
                "We have received your payment of %(total)s for order %(reference)s.",
                total=total,
                reference=order.reference,
            )
        elif kind.startswith("shipped"):
            subject = _("Order %(reference)s is on its way", reference=order.reference)
            intro = _("A parcel of your order %(reference)s has been shipped.", reference=order.reference)
        elif kind == "confirmed":
            subject = _("Order %(reference)s is confirmed", reference=order.reference)
            intro = _("Your order %(reference)s is confirmed and being prepared.", reference=order.reference)
        elif kind.startswith("delivered"):
            subject = _("Order %(reference)s: a parcel was delivered", reference=order.reference)
            intro = _("A parcel of your order %(reference)s has been delivered.", reference=order.reference)
        else:
            subject = _("News about your order %(reference)s", reference=order.reference)
            intro = _("There is news about your order %(reference)s.", reference=order.reference)
        follow = _("Follow your order here: %(link)s", link=link)
    return subject, f"{intro}\n\n{follow}\n\nOCOP Quảng Ninh\n"


def _what_happens_next(order: Order, total: str) -> str:
    """The "placed" message's second paragraph, as the order page says it: the call that confirms cash on
    delivery, one parcel per producer, what to have ready or to pay. Only our words and the order's figures."""
    parcels = len({line.producer_id or line.producer_name for line in order.lines})
    method = order.payment_method.value
    if method == "cod" and parcels == 1:
        return _(
            "What happens next: we call you to confirm the order, then the producer sends it in one parcel. "
            "Have %(total)s ready in cash for the courier.",
            total=total,
        )
    if method == "cod":
        return _(
            "What happens next: we call you to confirm the order, then each producer sends its own parcel "
            "(%(count)s in all, perhaps on different days). Have %(total)s ready in cash in all: each courier "
            "collects that parcel's share.",
            count=parcels,
            total=total,
        )
    if method == "bank_transfer":
        return _(
            "What happens next: pay %(total)s by bank transfer with the message %(reference)s (the order's "
            "page has the account and a QR code). Once the money is in, the producers send your goods.",
            total=total,
            reference=order.reference,
        )
    return ""


def _too_many_for(address: str, now: datetime) -> bool:
    """Placing an order needs no account, so anyone can make the shop write to any address: a few
    "order placed" messages an hour reach one address, the rest are not sent (the orders stand)."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return False
    cap = int(current_app.config.get("MESSAGES_PER_ADDRESS_PER_HOUR", 5))
    recent = db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.to_address == address,
            OutboxMessage.kind == "placed",
            OutboxMessage.created_at > now - timedelta(hours=1),
        )
    )
    return (recent or 0) >= cap


def queue_message(order: Order, kind: str, now: datetime) -> OutboxMessage | None:
    """Store the message for `order` and `kind` once; None when that message already exists (or, for
    "placed", when its address had its share this hour)."""
    if not order.email:  # the buyer gave only a phone: the producer calls, no message is written
        return None
    if kind == "placed" and _too_many_for(order.email, now):
        log.info("not writing to %s again this hour (order %s)", order.email, order.reference)
        return None
    subject, body = _compose(order, kind)
    message = OutboxMessage(
        order_id=order.id, kind=kind[:40], to_address=order.email, subject=subject[:300], body=body, created_at=now
    )
    try:
        with db.session.begin_nested():
            db.session.add(message)
            db.session.flush()
    except IntegrityError:
        return None
    return message


def queue_producer_notices(order: Order, now: datetime) -> int:
    """Tell each producer with lines in `order` that it has something to send, once per producer.

    Written in Vietnamese (producers read the portal in it); to the producer's own address, or else to
    its first account's. Returns how many messages were queued.
    """
    from storefront.auth.models import Role, User
    from storefront.producers.models import Producer

    queued = 0
    for producer_id in sorted({line.producer_id for line in order.lines if line.producer_id is not None}):
        producer = db.session.get(Producer, producer_id)
        address = producer.email if producer is not None else ""
        if not address:
            address = (
                db.session.scalar(
                    select(User.email)
                    .where(
                        User.producer_id == producer_id, User.role == Role.PRODUCER, User.is_active_account.is_(True)
                    )
                    .order_by(User.id)
                    .limit(1)
                )
                or ""
            )
        if not address:
            continue
        lines = [line for line in order.lines if line.producer_id == producer_id]
        link = f"{current_app.config['PUBLIC_BASE_URL']}/portal/orders/{order.id}"
        with force_locale("vi"):
            subject = _("New order %(reference)s to send", reference=order.reference)
            items = "\n".join(f"- {line.product_name_vi} × {line.quantity}" for line in lines)
            body = _("Order %(reference)s has products of yours:", reference=order.reference)
            body += f"\n{items}\n\n" + _("See it and ship it in the portal: %(link)s", link=link) + "\n"
        message = OutboxMessage(
            order_id=order.id,
            kind=f"new_order:{producer_id}"[:40],
            to_address=address,
            subject=subject[:300],
            body=body,
            created_at=now,
        )
        try:
            with db.session.begin_nested():
                db.session.add(message)
                db.session.flush()
        except IntegrityError:
            continue
        queued += 1
    return queued


class Mailer(Protocol):
    def send(self, message: OutboxMessage) -> None: ...


class LogMailer:
    """No SMTP configured: the message goes to the log, so development and tests can read it."""

    def send(self, message: OutboxMessage) -> None:
        log.info("mail to %s: %s\n%s", message.to_address, message.subject, message.body)


class SmtpMailer:
    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config

    def send(self, message: OutboxMessage) -> None:
        email = EmailMessage()
        email["From"] = self.config["MAIL_FROM"]
        email["To"] = message.to_address
        email["Subject"] = message.subject
        # Receivers score a message without these as spam; one id per outbox row, so a retry is the same mail.
        domain = parseaddr(self.config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
        email["Date"] = format_datetime(message.created_at)
        email["Message-ID"] = f"<outbox-{message.id}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"
        email.set_content(message.body)
        timeout = self.config.get("SMTP_TIMEOUT_SECONDS", 20)
        with smtplib.SMTP(self.config["SMTP_HOST"], self.config["SMTP_PORT"], timeout=timeout) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls()
                smtp.ehlo()
            if self.config.get("SMTP_USERNAME"):
                smtp.login(self.config["SMTP_USERNAME"], self.config.get("SMTP_PASSWORD") or "")
            smtp.send_message(email)


def mailer_from_config(config: Mapping[str, Any]) -> Mailer:
    return SmtpMailer(config) if config.get("SMTP_HOST") else LogMailer()


def _claim(message: OutboxMessage) -> bool:
    """Count the attempt only if nobody else has since: two `outbox send` runs never send one message twice.

    The conditional UPDATE waits for a competing sender's transaction, then finds the row changed.
    """
    seen = message.attempts
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.sent_at.is_(None), OutboxMessage.attempts == seen)
        .values(attempts=seen + 1)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(result) != 1:
        return False
    set_committed_value(message, "attempts", seen + 1)
    return True


def send_pending(now: datetime, mailer: Mailer | None = None, *, limit: int = 100) -> int:
    """Send what is waiting; returns how many went. A failure is counted and retried on the next run."""
    mailer = mailer or mailer_from_config(current_app.config)
    waiting = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = 0
    for message in waiting:
        if not _claim(message):
            continue  # another sender took it since we read the list
        try:
            mailer.send(message)
        except (OSError, smtplib.SMTPException) as exc:
            message.last_error = str(exc)[:2000]
            log.warning("could not send outbox message %s: %s", message.id, exc)
            continue
        message.sent_at = now
        message.last_error = ""
        sent += 1
    db.session.flush()
    return sent


def queue_email(to_address: str, kind: str, subject: str, body: str, now: datetime) -> OutboxMessage:
    """Store a message that belongs to no order (an account's reset link, an invitation) for sending."""
    message = OutboxMessage(
        order_id=None, kind=kind[:40], to_address=to_address, subject=subject[:300], body=body, created_at=now
    )
    db.session.add(message)
    db.session.flush()
    return message
