"""Batches of a product, scans of the QR codes printed on packs, and the daily salt that counts visitors once.

Nothing here holds an IP address or a user agent, hashed or not, beyond the day it was seen on.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.catalog.models import Product
from storefront.db import Base, utcnow


class Batch(Base):
    """A production run a producer recorded: what Circular 02/2024/TT-BKHCN asks a scan page to show."""

    __tablename__ = "batches"
    __table_args__ = (
        UniqueConstraint("product_id", "lot"),
        CheckConstraint("quantity >= 0", name="quantity_non_negative"),
        CheckConstraint("best_before_on IS NULL OR best_before_on >= produced_on", name="best_before_after_production"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    #: The lot number printed on the pack and carried by its code (GS1 AI 10): letters, digits, `-`, `.`.
    lot: Mapped[str] = mapped_column(String(20))
    produced_on: Mapped[date] = mapped_column(Date)
    best_before_on: Mapped[date | None] = mapped_column(Date)
    #: Units made in this run, as the producer declared.
    quantity: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[Product] = relationship()

    def __repr__(self) -> str:
        return f"<Batch {self.lot}>"


class DeviceClass:
    MOBILE = "mobile"
    TABLET = "tablet"
    DESKTOP = "desktop"
    OTHER = "other"


class QrScan(Base):
    """One counted scan of a pack's code: a person (not a bot or a link preview) opened `/q/<code>` or a
    GS1 Digital Link `/01/<gtin>`. The same person and product count once per Vietnam day.

    Append-only and written on a hot path, so it keeps no relationship and nothing personal: no address,
    no user agent, no visitor key. The programme office counts these rows by day, product and locality.
    """

    __tablename__ = "qr_scans"
    __table_args__ = (Index("ix_qr_scans_product_scanned", "product_id", "scanned_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    #: The batch whose code was scanned, when the code carried a lot the producer recorded.
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"), index=True)
    scanned_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: The language the page was shown in: "vi", "en", ...
    language: Mapped[str] = mapped_column(String(8), default="vi")
    #: "qr" for /q/<code>, "gs1" for /01/<gtin>.
    source: Mapped[str] = mapped_column(String(8), default="qr")
    #: ISO 3166 alpha-2 when a proxy tells us (e.g. a CDN header); empty when unknown.
    country: Mapped[str] = mapped_column(String(2), default="")
    #: "mobile", "tablet", "desktop" or "other": a coarse class read from the user agent, which is dropped.
    device: Mapped[str] = mapped_column(String(8), default=DeviceClass.OTHER, server_default=DeviceClass.OTHER)


class ScanSalt(Base):
    """The random salt of one Vietnam day. Deleted (with that day's visitor digests) once the day is over,
    so a digest can never be tied back to an address afterwards."""

    __tablename__ = "qr_scan_salts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary(32))


class ScanVisit(Base):
    """ "This visitor already scanned this product today": a keyed digest of (salt, product, address, agent).

    The primary key is what makes a second scan the same day count nothing.
    """

    __tablename__ = "qr_scan_visits"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    digest: Mapped[bytes] = mapped_column(LargeBinary(16), primary_key=True)
