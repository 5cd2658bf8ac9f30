"""The cooperatives, firms and households that make OCOP products."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.db import Base, str_enum, utcnow
from storefront.places.models import Locality


class ProducerKind(StrEnum):
    COOPERATIVE = "cooperative"  # hợp tác xã (HTX)
    ENTERPRISE = "enterprise"
    HOUSEHOLD = "household"  # hộ kinh doanh
    WORKSHOP = "workshop"  # cơ sở sản xuất
    COOPERATIVE_GROUP = "cooperative_group"  # tổ hợp tác


class Producer(Base):
    __tablename__ = "producers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ProducerKind] = mapped_column(str_enum(ProducerKind, 32))
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"), index=True)
    story_vi: Mapped[str] = mapped_column(Text, default="")
    story_en: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    #: Path under MEDIA_ROOT, or empty for the drawn placeholder.
    logo_path: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Set while the programme office hides the producer's listings from the shop.
    listings_hidden_at: Mapped[datetime | None] = mapped_column()

    locality: Mapped[Locality] = relationship()

    def __repr__(self) -> str:
        return f"<Producer {self.slug}>"
