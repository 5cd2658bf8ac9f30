"""Order lines carry when they became a sale (sold_at) and when that money went back (refunded_at)

Revision ID: office_01
Revises: search_03
Create Date: 2026-12-01 10:53:06

The sales reports read one range of one covering index (ix_order_lines_sales) instead of the union of card
and transfer lines (by the order's paid_at) and cash-on-delivery lines (by delivered_at), which needed two
covering indexes and a join to orders. The backfill applies storefront.sales.definition.sale_moment in SQL,
as the rule stood when this was written: card and transfer lines sold at the order's paid_at, cash on
delivery at the delivered line's delivered_at; refunded when the order is refunded or cancelled, or a
prepaid line is cancelled. The moment of a refund is the order's last refund or cancellation event, or
the sale's own moment when no event says (a single line cancelled).
"""

from alembic import op
import sqlalchemy as sa

import storefront.db


revision = "office_01"
down_revision = "search_03"
branch_labels = None
depends_on = None

SOLD_AT = """
UPDATE order_lines SET sold_at = (
    SELECT CASE
        WHEN o.payment_method IN ('card', 'bank_transfer') THEN o.paid_at
        WHEN order_lines.status = 'delivered' THEN order_lines.delivered_at
    END
    FROM orders o WHERE o.id = order_lines.order_id
)
"""
REFUNDED_AT = """
UPDATE order_lines SET refunded_at = coalesce(
    (SELECT max(e.at) FROM order_events e
     WHERE e.order_id = order_lines.order_id AND e.to_status IN ('refunded', 'cancelled')),
    sold_at
)
WHERE sold_at IS NOT NULL AND (
    status = 'cancelled'
    OR EXISTS (SELECT 1 FROM orders o WHERE o.id = order_lines.order_id AND o.status IN ('refunded', 'cancelled'))
)
"""


def upgrade():
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sold_at", storefront.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("refunded_at", storefront.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.drop_index(batch_op.f("ix_order_lines_cod_sales"))
        batch_op.drop_index(batch_op.f("ix_order_lines_order_sales"))
    # A cash-on-delivery line is only sold once delivered, so a cancelled COD line has no sold_at and the
    # `status = 'cancelled'` test of the refund only ever meets prepaid lines.
    op.execute(SOLD_AT)
    op.execute(REFUNDED_AT)
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index(
            "ix_order_lines_sales",
            ["sold_at", "refunded_at", "order_id", "product_id", "producer_id", "stars", "quantity", "line_total_vnd"],
            unique=False,
        )

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_sales"))
        batch_op.create_index(batch_op.f("ix_orders_paid_at"), ["paid_at"], unique=False)


def downgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_paid_at"))
        batch_op.create_index("ix_orders_sales", ["paid_at", "payment_method", "status"], unique=False)

    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_order_lines_sales")
        batch_op.create_index(
            "ix_order_lines_order_sales",
            ["order_id", "status", "product_id", "producer_id", "stars", "quantity", "line_total_vnd"],
            unique=False,
        )
        batch_op.create_index(
            "ix_order_lines_cod_sales",
            ["delivered_at", "status", "order_id", "product_id", "producer_id", "stars", "quantity", "line_total_vnd"],
            unique=False,
        )
        batch_op.drop_column("refunded_at")
        batch_op.drop_column("sold_at")
