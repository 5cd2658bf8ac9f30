"""search: a group's or a place's products by price, from an index

Revision ID: search_02
Revises: program_03
Create Date: 2026-12-01 09:15:59.954683

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "search_02"
down_revision = "program_03"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index("ix_products_group_price", ["status", "top_group_id", "price_vnd"], unique=False)
        batch_op.create_index("ix_products_locality_price", ["status", "locality_id", "price_vnd"], unique=False)


def downgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index("ix_products_locality_price")
        batch_op.drop_index("ix_products_group_price")
