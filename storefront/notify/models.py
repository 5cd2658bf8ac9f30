"""The outbox: every message to a buyer is stored first, then sent (or logged)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storefront.db import Base, utcnow


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    #: One message of a kind per order: a webhook delivered ten times still sends one "paid" mail.
    #: (to_address, created_at): how many messages one address got in the last hour, read per message.
    __table_args__ = (
        UniqueConstraint("order_id", "kind"),
        Index("ix_outbox_messages_to_created", "to_address", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
