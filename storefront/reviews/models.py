"""A buyer's review of what they received: one per order line, apart from the OCOP stars."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storefront.db import Base, utcnow


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("rating >= 1 AND rating <= 5", name="rating_1_to_5"),
        Index("ix_reviews_product_visible", "product_id", "hidden_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One review per line bought: the unique constraint is what makes "once" true under a double submit.
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id", ondelete="CASCADE"), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    rating: Mapped[int] = mapped_column(Integer)
    #: Plain text (every tag removed by nh3); shown escaped.
    body: Mapped[str] = mapped_column(Text, default="")
    #: How the buyer is shown: first name and the initial of the family name ("Lan N.").
    author_name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    hidden_at: Mapped[datetime | None] = mapped_column()
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
