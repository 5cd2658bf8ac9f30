"""Sales report indexes: card and transfer sales by `paid_at`, cash-on-delivery sales by `delivered_at`.

Revision ID: program_01
Revises: 0001
Create Date: 2026-12-01 07:42:46.758251

"""

from alembic import op

revision = "program_01"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_lines_delivered_at"), ["delivered_at"], unique=False)
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_paid_at"), ["paid_at"], unique=False)


def downgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_paid_at"))
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_lines_delivered_at"))
