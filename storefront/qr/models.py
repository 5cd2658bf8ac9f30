"""Scans of the QR codes printed on packs: what the programme office counts per day, product and place."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storefront.db import Base, utcnow


class QrScan(Base):
    """One visit through a pack's code (`/q/<code>` or the GS1 Digital Link `/01/<gtin>`).

    Append-only and written on a hot path, so it keeps no relationship and no personal data.
    """

    __tablename__ = "qr_scans"
    __table_args__ = (Index("ix_qr_scans_product_scanned", "product_id", "scanned_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    scanned_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: The language the page was shown in: "vi" or "en".
    language: Mapped[str] = mapped_column(String(8), default="vi")
    #: "qr" for /q/<code>, "gs1" for /01/<gtin>.
    source: Mapped[str] = mapped_column(String(8), default="qr")
    #: ISO 3166 alpha-2 when a proxy tells us (e.g. a CDN header); empty when unknown.
    country: Mapped[str] = mapped_column(String(2), default="")
