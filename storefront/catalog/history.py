"""What a producer changed on a listing: every price and stock change, who made it, when, from what to what."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.auth.models import User
from storefront.db import Base, str_enum, utcnow


class ChangedField(StrEnum):
    PRICE = "price_vnd"
    STOCK = "stock"


class ListingChange(Base):
    """Append-only: rows are added by the listing services, never updated or deleted by the shop."""

    __tablename__ = "listing_changes"
    __table_args__ = (Index("ix_listing_changes_product_at", "product_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    #: The person who made the change; kept as text too, so the history survives the account.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    field: Mapped[ChangedField] = mapped_column(str_enum(ChangedField, 16))
    old_value: Mapped[int] = mapped_column(BigInteger)
    new_value: Mapped[int] = mapped_column(BigInteger)
    #: Why, in the producer's words ("hàng về", "kiểm kho", "CSV import").
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    #: Loaded with the change: the history shows who, and lists stay at one query.
    user: Mapped[User | None] = relationship(lazy="joined")
