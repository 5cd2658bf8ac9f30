"""catalogue: sold-out products after those in stock, from the listing indexes (issue 13)

Revision ID: query_01
Revises: office_01
Create Date: 2026-12-01 11:00:00

`products.has_stock` is `stock > 0` kept as a column (a CHECK keeps it so), and every listing index gets
it right after its equalities, so "in stock first, then newest / by price / most stars" is still one
index range read in order; the filters an index lacks follow its columns, so a filtered page is read
from the index alone, and a new index serves filtered counts. SQLite adds a CHECK only by rebuilding the table, which drops the text
index's triggers: they are created again here (a copy of search_01's statements, as in search_03); the
FTS5 index itself stays valid, since the rebuilt table keeps every id.
"""

import sqlalchemy as sa
from alembic import op

revision = "query_01"
down_revision = "office_01"
branch_labels = None
depends_on = None

CHECK = "ck_products_has_stock_matches_stock"

#: (name, columns before, columns now): each listing index with `has_stock` after its equalities, and
#: the filters it lacks after its own columns (so that any filtered page or count reads one index only).
INDEXES = [
    (
        "ix_products_listing",
        ["status", "created_at"],
        [
            "status",
            "has_stock",
            "created_at",
            "id",
            "top_group_id",
            "group_id",
            "locality_id",
            "stars",
            "stars_valid_until",
        ],
    ),
    (
        "ix_products_price",
        ["status", "price_vnd"],
        [
            "status",
            "has_stock",
            "price_vnd",
            "id",
            "top_group_id",
            "group_id",
            "locality_id",
            "stars",
            "stars_valid_until",
        ],
    ),
    (
        "ix_products_group_listing",
        ["status", "top_group_id", "created_at"],
        [
            "status",
            "top_group_id",
            "has_stock",
            "created_at",
            "id",
            "group_id",
            "locality_id",
            "stars",
            "stars_valid_until",
        ],
    ),
    (
        "ix_products_locality_listing",
        ["status", "locality_id", "created_at"],
        [
            "status",
            "locality_id",
            "has_stock",
            "created_at",
            "id",
            "top_group_id",
            "group_id",
            "stars",
            "stars_valid_until",
        ],
    ),
    (
        "ix_products_producer_listing",
        ["status", "producer_id", "created_at"],
        ["status", "producer_id", "has_stock", "created_at", "id"],
    ),
    (
        "ix_products_stars_newest",
        ["status", "stars", "created_at", "stars_valid_until"],
        ["status", "stars", "has_stock", "created_at", "stars_valid_until", "top_group_id", "group_id", "locality_id"],
    ),
    (
        "ix_products_group_stars",
        ["status", "top_group_id", "stars", "created_at", "stars_valid_until"],
        ["status", "top_group_id", "stars", "has_stock", "created_at", "stars_valid_until", "group_id", "locality_id"],
    ),
    (
        "ix_products_locality_stars",
        ["status", "locality_id", "stars", "created_at", "stars_valid_until"],
        ["status", "locality_id", "stars", "has_stock", "created_at", "stars_valid_until", "top_group_id", "group_id"],
    ),
    (
        "ix_products_producer_stars",
        ["status", "producer_id", "stars", "created_at", "stars_valid_until"],
        ["status", "producer_id", "stars", "has_stock", "created_at", "stars_valid_until"],
    ),
    (
        "ix_products_group_price",
        ["status", "top_group_id", "price_vnd"],
        [
            "status",
            "top_group_id",
            "has_stock",
            "price_vnd",
            "id",
            "group_id",
            "locality_id",
            "stars",
            "stars_valid_until",
        ],
    ),
    (
        "ix_products_locality_price",
        ["status", "locality_id", "price_vnd"],
        [
            "status",
            "locality_id",
            "has_stock",
            "price_vnd",
            "id",
            "top_group_id",
            "group_id",
            "stars",
            "stars_valid_until",
        ],
    ),
]

#: A filtered listing's count, whatever filters combine: one short range.
FACET_COUNTS = (
    "ix_products_facet_counts",
    ["status", "top_group_id", "group_id", "locality_id", "stars", "stars_valid_until"],
)

SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS search_products_ai AFTER INSERT ON products BEGIN "
    "INSERT INTO search_products(rowid, search_name, search_text, search_body) "
    "VALUES (new.id, new.search_name, new.search_text, new.search_body); END",
    "CREATE TRIGGER IF NOT EXISTS search_products_ad AFTER DELETE ON products BEGIN "
    "INSERT INTO search_products(search_products, rowid, search_name, search_text, search_body) "
    "VALUES ('delete', old.id, old.search_name, old.search_text, old.search_body); END",
    "CREATE TRIGGER IF NOT EXISTS search_products_au AFTER UPDATE OF search_name, search_text, search_body "
    "ON products BEGIN "
    "INSERT INTO search_products(search_products, rowid, search_name, search_text, search_body) "
    "VALUES ('delete', old.id, old.search_name, old.search_text, old.search_body); "
    "INSERT INTO search_products(rowid, search_name, search_text, search_body) "
    "VALUES (new.id, new.search_name, new.search_text, new.search_body); END",
    "CREATE INDEX IF NOT EXISTS ix_search_products_name ON products (status, search_name)",
]


def _swap_indexes(columns: int) -> None:
    """Each index made again with the columns of `INDEXES[i][columns]` (1: before, 2: now)."""
    for entry in INDEXES:
        op.drop_index(entry[0], table_name="products")
        op.create_index(entry[0], "products", entry[columns], unique=False)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        # The app's connections bound every statement (storefront.db); filling the column and building
        # eleven indexes over a large catalogue takes longer, once, in this migration's transaction.
        op.execute("SET LOCAL statement_timeout = 0")
    op.add_column("products", sa.Column("has_stock", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE products SET has_stock = (stock > 0) WHERE stock > 0")
    if sqlite:
        with op.batch_alter_table("products", recreate="always") as batch_op:
            batch_op.create_check_constraint(op.f(CHECK), "has_stock = (stock > 0)")
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        op.create_check_constraint(op.f(CHECK), "products", "has_stock = (stock > 0)")
    _swap_indexes(2)
    op.create_index(FACET_COUNTS[0], "products", FACET_COUNTS[1], unique=False)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.execute("SET LOCAL statement_timeout = 0")
    op.drop_index(FACET_COUNTS[0], table_name="products")
    _swap_indexes(1)
    if sqlite:
        with op.batch_alter_table("products", recreate="always") as batch_op:
            batch_op.drop_constraint(op.f(CHECK), type_="check")
            batch_op.drop_column("has_stock")
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        op.drop_constraint(op.f(CHECK), "products", type_="check")
        op.drop_column("products", "has_stock")
