"""Products, their OCOP groups, images and star certificates."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from sqlalchemy.sql import case, false
from sqlalchemy.sql.elements import ColumnElement

from storefront.catalog import search_index
from storefront.db import Base, WithoutAffinity, money_column, str_enum, utcnow
from storefront.places.models import Locality
from storefront.producers.models import Producer


class ProductGroup(Base):
    """One of the six OCOP groups of Decision 919/QĐ-TTg (2022), or a subgroup under one."""

    __tablename__ = "product_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "1".."6" for the groups, "1.2" style for subgroups: the decision's own numbering.
    code: Mapped[str] = mapped_column(String(8), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_vi: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("product_groups.id"), index=True)
    #: Community and eco-tourism services are booked, not shipped.
    is_shippable: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)

    parent: Mapped[ProductGroup | None] = relationship(remote_side=[id])

    @property
    def top_id(self) -> int:
        return self.parent_id or self.id


class ProductStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


#: The listing indexes' leading columns: (name, columns), each followed by `_filters(columns)`.
_LISTING_INDEXES = [
    # `id` after the order's own column: it breaks ties, so the whole ORDER BY is read in index order
    # (SQLite would otherwise sort the ties of each price again, on every page).
    ("ix_products_listing", ("status", "has_stock", "created_at", "id")),
    ("ix_products_price", ("status", "has_stock", "price_vnd", "id")),
    ("ix_products_group_listing", ("status", "top_group_id", "has_stock", "created_at", "id")),
    ("ix_products_locality_listing", ("status", "locality_id", "has_stock", "created_at", "id")),
    ("ix_products_producer_listing", ("status", "producer_id", "has_stock", "created_at", "id")),
    # "Most stars first": one range per star level, in stock first then newest, validity checked in the
    # index (catalog/starsort.py), for the whole catalogue and per group, place and producer.
    ("ix_products_stars_newest", ("status", "stars", "has_stock", "created_at", "stars_valid_until")),
    ("ix_products_group_stars", ("status", "top_group_id", "stars", "has_stock", "created_at", "stars_valid_until")),
    ("ix_products_locality_stars", ("status", "locality_id", "stars", "has_stock", "created_at", "stars_valid_until")),
    ("ix_products_producer_stars", ("status", "producer_id", "stars", "has_stock", "created_at", "stars_valid_until")),
    # A facet's products by price (a price order within a group or a place).
    ("ix_products_group_price", ("status", "top_group_id", "has_stock", "price_vnd", "id")),
    ("ix_products_locality_price", ("status", "locality_id", "has_stock", "price_vnd", "id")),
]
#: What the catalogue filters by besides status (a subgroup is `top_group_id` and `group_id`).
_FILTER_COLUMNS = ("top_group_id", "group_id", "locality_id", "stars", "stars_valid_until")


def _filters(columns: tuple[str, ...]) -> tuple[str, ...]:
    """The filter columns an index lacks, after its own (none for a producer's few products)."""
    if "producer_id" in columns:
        return ()
    return tuple(c for c in _FILTER_COLUMNS if c not in columns)


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("stock >= 0", name="stock_non_negative"),
        CheckConstraint("stars >= 0 AND stars <= 5", name="stars_range"),
        # The flag can never drift from the stock it summarises: a write that forgets it fails.
        CheckConstraint("has_stock = (stock > 0)", name="has_stock_matches_stock"),
        # Every listing shows the products in stock first (sold-out ones after), so `has_stock` comes
        # right after the equalities of each index below: each order is still one index range, read in
        # order. The filters not in the prefix follow (`_filters`), so a page or a count filtered by group,
        # subgroup, place and stars is read from one index alone, never row by row from the table.
        *(Index(name, *columns, *_filters(columns)) for name, columns in _LISTING_INDEXES),
        # A filtered listing's count (group, subgroup, place, stars): one short range, whatever combines.
        Index(
            "ix_products_facet_counts",
            "status",
            "top_group_id",
            "group_id",
            "locality_id",
            "stars",
            "stars_valid_until",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    description_vi: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    price_vnd: Mapped[int] = money_column("price_vnd")
    #: What one unit is, as printed on the pack: "túi 500 g", "hộp 10 chiếc".
    unit_vi: Mapped[str] = mapped_column(String(80), default="")
    unit_en: Mapped[str] = mapped_column(String(80), default="")
    stock: Mapped[int] = mapped_column(Integer, default=0)
    #: `stock > 0`, as a column so that the listing indexes can put sold-out products last. The ORM sets
    #: it with `stock` (below); a conditional update sets both in one statement (`stock_values`).
    has_stock: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    gtin: Mapped[str | None] = mapped_column(String(14), unique=True)
    #: The short code printed as a QR on the pack; /q/<qr_code> must resolve for years.
    qr_code: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[ProductStatus] = mapped_column(str_enum(ProductStatus, 16), default=ProductStatus.DRAFT)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("product_groups.id"), index=True)
    #: The top-level OCOP group, kept beside the subgroup so a group filter is one indexed equality.
    top_group_id: Mapped[int] = mapped_column(ForeignKey("product_groups.id"), index=True)
    #: Where it is made; usually the producer's commune, kept per product for the locality filter.
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"), index=True)
    #: Stars of the certificate valid now, copied here by `refresh_stars` so lists filter by index.
    stars: Mapped[int] = mapped_column(SmallInteger, default=0)
    stars_valid_until: Mapped[date | None] = mapped_column(Date)
    # Folded text (no diacritics, `đ` as `d`) that the text index (catalog/search_index.py) is built
    # from, written by `catalog.services.index_product` on every save.
    #: Folded names, Vietnamese and English: the first thing search ranks by.
    search_name: Mapped[str] = mapped_column(Text, default="")
    #: Folded producer, place (and former district), group names and GTIN.
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: Folded descriptions: matched, ranked last.
    search_body: Mapped[str] = mapped_column(Text, default="")
    #: Lower-case accented names: an exact accented match ranks first.
    search_exact: Mapped[str] = mapped_column(Text, default="")
    #: Unpublished by the programme office with the rest of its producer's listings (`hide_listings`);
    #: `show_listings` publishes exactly these again, leaving the producer's own drafts as drafts.
    hidden_by_programme: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    producer: Mapped[Producer] = relationship()
    group: Mapped[ProductGroup] = relationship(foreign_keys=[group_id])
    top_group: Mapped[ProductGroup] = relationship(foreign_keys=[top_group_id])
    locality: Mapped[Locality] = relationship()
    images: Mapped[list[ProductImage]] = relationship(
        back_populates="product", order_by="ProductImage.position", cascade="all, delete-orphan"
    )
    certificates: Mapped[list[Certificate]] = relationship(
        back_populates="product", order_by="Certificate.decided_on.desc()", cascade="all, delete-orphan"
    )

    @validates("stock")
    def _stock_changes_has_stock(self, key: str, stock: Any) -> Any:
        self.has_stock = stock > 0  # an int, or a SQL expression the UPDATE evaluates beside stock's
        return stock

    @property
    def is_published(self) -> bool:
        return self.status == ProductStatus.PUBLISHED

    @property
    def is_shippable(self) -> bool:
        return self.top_group.is_shippable

    def __repr__(self) -> str:
        return f"<Product {self.slug}>"


def stars_valid_on(day: Any) -> ColumnElement[bool]:
    """`stars_valid_until > day`: the product's certificate is still in force on `day`, a date or a bound
    parameter. Every statement that asks so asks it here, so that SQLite compares the stored days as
    text (`WithoutAffinity`)."""
    return WithoutAffinity(Product.__table__.c.stars_valid_until) > day


def shown_stars_on(day: Any) -> ColumnElement[int]:
    """The stars a product shows on `day`: its certificate's while in force, else 0 (even before
    `refresh_stars` clears them)."""
    columns = Product.__table__.c
    return case((stars_valid_on(day), columns.stars), else_=0)


def stock_values(stock: Any) -> dict[str, Any]:
    """What `UPDATE products SET ...` writes for a new `stock` (a number or an expression such as
    `Product.stock - n`): both sides of the SET read the row as it was, so the flag matches the new stock."""
    return {"stock": stock, "has_stock": stock > 0}


class ProductImage(Base):
    __tablename__ = "product_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    #: Path under MEDIA_ROOT.
    path: Mapped[str] = mapped_column(String(300))
    alt_vi: Mapped[str] = mapped_column(String(300), default="")
    alt_en: Mapped[str] = mapped_column(String(300), default="")
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)

    product: Mapped[Product] = relationship(back_populates="images")


class IssuerLevel(StrEnum):
    """The level of the council that recognised a product. Districts issued until July 2025."""

    DISTRICT = "district"
    COMMUNE = "commune"
    PROVINCE = "province"
    CENTRAL = "central"


class Certificate(Base):
    """An OCOP recognition: the decision that awarded stars, by whom, and until when."""

    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint("stars >= 1 AND stars <= 5", name="stars_range"),
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
        CheckConstraint("expires_on > decided_on", name="expires_after_decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    #: The certificate's own number, as printed.
    number: Mapped[str] = mapped_column(String(80))
    score: Mapped[int] = mapped_column(SmallInteger)
    stars: Mapped[int] = mapped_column(SmallInteger)
    decision_number: Mapped[str] = mapped_column(String(80))
    decided_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    #: The body's name as written on the certificate; bodies are renamed and merged, so it is text.
    issuer_name: Mapped[str] = mapped_column(String(200))
    issuer_level: Mapped[IssuerLevel] = mapped_column(str_enum(IssuerLevel, 16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The Vietnamese day a council withdrew the recognition: from then on it gives no stars.
    revoked_on: Mapped[date | None] = mapped_column(Date)
    revocation_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    product: Mapped[Product] = relationship(back_populates="certificates")


search_index.install(cast(Table, Product.__table__))  # declarative types __table__ as a FromClause
