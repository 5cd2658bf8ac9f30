"""Orders, their lines (snapshots), their history, and every movement of stock."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.db import Base, money_column, str_enum, utcnow
from storefront.producers.models import Producer


class OrderStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"  # bank transfer or card, stock held for the payment window
    PLACED = "placed"  # cash on delivery, waiting to be confirmed
    CONFIRMED = "confirmed"  # cash on delivery, accepted
    PAID = "paid"
    PARTLY_SHIPPED = "partly_shipped"  # some producers have sent their parcels
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # never paid within the window; its stock went back
    REFUNDED = "refunded"


class PaymentMethod(StrEnum):
    COD = "cod"
    BANK_TRANSFER = "bank_transfer"
    CARD = "card"


class LineStatus(StrEnum):
    PENDING = "pending"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_status_pay_by", "status", "pay_by"),
        Index("ix_orders_status_confirm_by", "status", "confirm_by"),
        CheckConstraint("total_vnd = subtotal_vnd + shipping_vnd", name="total_adds_up"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Short, human and ASCII: it is the bank-transfer message and what people read out on the phone.
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    #: The unguessable part of the buyer's status link, /orders/<token>.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    #: The checkout form's one-time key: a double-click or a resubmission finds the first order.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[OrderStatus] = mapped_column(str_enum(OrderStatus, 24), index=True)
    payment_method: Mapped[PaymentMethod] = mapped_column(str_enum(PaymentMethod, 24))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    full_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(300))
    ward_code: Mapped[int] = mapped_column(Integer)
    ward_name: Mapped[str] = mapped_column(String(120))
    province_code: Mapped[int] = mapped_column(Integer)
    province_name: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="vi")

    subtotal_vnd: Mapped[int] = money_column("subtotal_vnd")
    shipping_vnd: Mapped[int] = money_column("shipping_vnd")
    total_vnd: Mapped[int] = money_column("total_vnd")

    placed_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Until when an unpaid order holds its stock; None once paid or for cash on delivery.
    pay_by: Mapped[datetime | None] = mapped_column()
    #: Cash on delivery: until when an order nobody has confirmed holds its stock (COD_CONFIRM_HOURS), so
    #: orders placed only to hoard the goods let them go; None once confirmed.
    confirm_by: Mapped[datetime | None] = mapped_column()
    paid_at: Mapped[datetime | None] = mapped_column(index=True)
    stock_released_at: Mapped[datetime | None] = mapped_column()
    #: Something a person must look at: paid after its stock was released, an amount mismatch...
    needs_attention: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    attention_reason: Mapped[str] = mapped_column(Text, default="")

    stripe_session_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    stripe_payment_intent_id: Mapped[str | None] = mapped_column(String(255), index=True)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.id", cascade="all, delete-orphan"
    )
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", order_by="OrderEvent.id", cascade="all, delete-orphan"
    )

    @property
    def public_events(self) -> list[OrderEvent]:
        """The history the buyer sees: every status change and the notes written for them."""
        return [event for event in self.events if not event.is_internal]


class OrderLine(Base):
    """What was bought, as it was at that moment: names and prices do not follow later edits."""

    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("line_total_vnd = unit_price_vnd * quantity", name="line_total_adds_up"),
        # A sales report reads one range of this index and no table row: a month over a million lines
        # is one index range scan (bench/sales_report.py). The grouping columns and the amounts ride along.
        Index(
            "ix_order_lines_sales",
            "sold_at",
            "refunded_at",
            "order_id",
            "product_id",
            "producer_id",
            "locality_id",
            "stars",
            "quantity",
            "line_total_vnd",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"), index=True)
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producers.id", ondelete="SET NULL"), index=True)
    product_slug: Mapped[str] = mapped_column(String(160))
    product_name_vi: Mapped[str] = mapped_column(String(200))
    product_name_en: Mapped[str] = mapped_column(String(200))
    unit_vi: Mapped[str] = mapped_column(String(80), default="")
    unit_en: Mapped[str] = mapped_column(String(80), default="")
    producer_name: Mapped[str] = mapped_column(String(200))
    #: Where the product was made when it was bought: the programme counts the sale in that commune even
    #: if the product later moves (as `stars` are the stars it was sold with).
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id", ondelete="SET NULL"))
    stars: Mapped[int] = mapped_column(Integer, default=0)
    unit_price_vnd: Mapped[int] = money_column("unit_price_vnd")
    quantity: Mapped[int] = mapped_column(Integer)
    line_total_vnd: Mapped[int] = money_column("line_total_vnd")
    status: Mapped[LineStatus] = mapped_column(str_enum(LineStatus, 24), default=LineStatus.PENDING)
    shipped_at: Mapped[datetime | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column()
    #: When the line's money came in, so it became a sale (storefront.sales.definition.sale_moment: the
    #: order's `paid_at` for card and transfer, the line's `delivered_at` for cash on delivery); None
    #: while it has not. Kept by the order's lifecycle in the same unit of work as the change of status.
    sold_at: Mapped[datetime | None] = mapped_column()
    #: When that money went back (the line cancelled after payment, the order refunded or cancelled):
    #: the line is then no longer a sale, but the statements still show it as sold and refunded.
    refunded_at: Mapped[datetime | None] = mapped_column()
    #: Who carries the producer's parcel and its tracking number, as the producer typed them when shipping.
    carrier: Mapped[str] = mapped_column(String(80), default="")
    tracking_number: Mapped[str] = mapped_column(String(80), default="")

    order: Mapped[Order] = relationship(back_populates="lines")
    #: The producer today, for a link to its page; names shown on the order are the snapshot above.
    producer: Mapped[Producer | None] = relationship(viewonly=True)


class OrderEvent(Base):
    """Append-only history: every change of an order's status, who made it and when."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    #: "system", "webhook:stripe", "command", or "user:<id>".
    actor: Mapped[str] = mapped_column(String(64))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    #: For the shop's staff only (an attention reason, a stock release): never on the buyer's page.
    #: Such entries never change the status, so the buyer still sees every step of the order.
    is_internal: Mapped[bool] = mapped_column(Boolean, default=False)

    order: Mapped[Order] = relationship(back_populates="events")


class StockMovement(Base):
    """Every change of a product's stock, so stock can be reconciled: sum(delta) explains `stock`."""

    __tablename__ = "stock_movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"), index=True)
    delta: Mapped[int] = mapped_column(Integer)
    #: "sale", "release", "restock", "adjustment".
    reason: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(default=utcnow)
