"""Certificates can be revoked (day and reason); a producer's listings hidden by the programme; payouts.

Revision ID: program_02
Revises: accounts_02
Create Date: 2026-12-01 08:12:22.992771

"""

from alembic import op
import sqlalchemy as sa

import storefront.db


# revision identifiers, used by Alembic.
revision = "program_02"
down_revision = "accounts_02"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "payouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("producer_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.SmallInteger(), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("sent_at", storefront.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount_vnd >= 0", name=op.f("ck_payouts_amount_vnd_non_negative")),
        sa.CheckConstraint("month >= 1 AND month <= 12", name=op.f("ck_payouts_month_range")),
        sa.ForeignKeyConstraint(["producer_id"], ["producers.id"], name=op.f("fk_payouts_producer_id_producers")),
        sa.ForeignKeyConstraint(
            ["sent_by_id"], ["users.id"], name=op.f("fk_payouts_sent_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payouts")),
        sa.UniqueConstraint("producer_id", "year", "month", name=op.f("uq_payouts_producer_id_year_month")),
    )
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payouts_producer_id"), ["producer_id"], unique=False)

    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("revocation_reason", sa.Text(), server_default="", nullable=False))

    with op.batch_alter_table("producers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("listings_hidden_at", storefront.db.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hidden_by_programme", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("hidden_by_programme")

    with op.batch_alter_table("producers", schema=None) as batch_op:
        batch_op.drop_column("listings_hidden_at")

    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_column("revocation_reason")
        batch_op.drop_column("revoked_on")

    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payouts_producer_id"))

    op.drop_table("payouts")
