"""Covering indexes for the sales reports: a report over a million lines reads indexes only.

Revision ID: program_03
Revises: program_02
Create Date: 2026-12-01 08:35:59.921406

"""

from alembic import op
import sqlalchemy as sa

import storefront.db


# revision identifiers, used by Alembic.
revision = "program_03"
down_revision = "program_02"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_lines_delivered_at"))
        batch_op.create_index(
            "ix_order_lines_cod_sales",
            ["delivered_at", "status", "order_id", "product_id", "producer_id", "stars", "quantity", "line_total_vnd"],
            unique=False,
        )
        batch_op.create_index(
            "ix_order_lines_order_sales",
            ["order_id", "status", "product_id", "producer_id", "stars", "quantity", "line_total_vnd"],
            unique=False,
        )

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_paid_at"))
        batch_op.create_index("ix_orders_sales", ["paid_at", "payment_method", "status"], unique=False)


def downgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_sales")
        batch_op.create_index(batch_op.f("ix_orders_paid_at"), ["paid_at"], unique=False)

    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_order_lines_order_sales")
        batch_op.drop_index("ix_order_lines_cod_sales")
        batch_op.create_index(batch_op.f("ix_order_lines_delivered_at"), ["delivered_at"], unique=False)
