"""What the shop paid each producer for a month: the statement's amount when it was sent, and how."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.db import Base, utcnow
from storefront.producers.models import Producer


class Payout(Base):
    """A producer's month settled. One per producer and month: marking it sent twice finds the first."""

    __tablename__ = "payouts"
    __table_args__ = (
        UniqueConstraint("producer_id", "year", "month"),
        CheckConstraint("month >= 1 AND month <= 12", name="month_range"),
        CheckConstraint("amount_vnd >= 0", name="amount_vnd_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(SmallInteger)
    #: What the statement said was owed when the money was sent (sold less refunds, whole đồng).
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    #: The bank's reference for the transfer, as the officer typed it.
    reference: Mapped[str] = mapped_column(String(120))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    producer: Mapped[Producer] = relationship()
