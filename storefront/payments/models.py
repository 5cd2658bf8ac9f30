"""What Stripe told us, kept once per event id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storefront.db import Base, utcnow


class StripeEvent(Base):
    """A webhook event seen. The primary key is Stripe's event id: a second delivery cannot insert."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(120))
    #: What we did with it: "applied", "ignored", "mismatch", "unknown_order"...
    outcome: Mapped[str] = mapped_column(String(40), default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
