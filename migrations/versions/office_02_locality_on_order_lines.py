"""Order lines keep the locality where the product was made when it was bought (issue 10)

Revision ID: office_02
Revises: query_01
Create Date: 2026-12-01 13:40:00

The sales report by locality read every line's product and producer to find the commune: 0.8 s for one
month of a million lines on SQLite (bench/sales_report.py). With the commune on the line, and in
ix_order_lines_sales, it reads one range of that index like the other groupings. The backfill takes the
product's commune as it stands now (the only one known), or the producer's for a product since deleted:
what the report showed until now.
"""

import sqlalchemy as sa
from alembic import op

import storefront.db  # noqa: F401  (the models' column types, as in the other migrations)

revision = "office_02"
down_revision = "query_01"
branch_labels = None
depends_on = None

BEFORE = ["sold_at", "refunded_at", "order_id", "product_id", "producer_id", "stars", "quantity", "line_total_vnd"]
AFTER = BEFORE[:5] + ["locality_id"] + BEFORE[5:]

LOCALITY = """
UPDATE order_lines SET locality_id = coalesce(
    (SELECT p.locality_id FROM products p WHERE p.id = order_lines.product_id),
    (SELECT pr.locality_id FROM producers pr WHERE pr.id = order_lines.producer_id)
)
"""


def upgrade():
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locality_id", sa.Integer(), nullable=True))
        batch_op.drop_index("ix_order_lines_sales")
        batch_op.create_foreign_key(
            batch_op.f("fk_order_lines_locality_id_localities"),
            "localities",
            ["locality_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.execute(LOCALITY)
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index("ix_order_lines_sales", AFTER, unique=False)


def downgrade():
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_order_lines_sales")
        batch_op.drop_constraint(batch_op.f("fk_order_lines_locality_id_localities"), type_="foreignkey")
        batch_op.drop_column("locality_id")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index("ix_order_lines_sales", BEFORE, unique=False)
