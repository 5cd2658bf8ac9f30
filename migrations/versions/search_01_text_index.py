"""search: a real text index (SQLite FTS5, PostgreSQL tsvector/GIN) over folded names, places, descriptions

Revision ID: search_01
Revises: portal_01
Create Date: 2026-12-01 07:47:26.143913

The statements are a copy of storefront/catalog/search_index.py at the time of writing (a migration
must not change when that module does later).
"""

import sqlalchemy as sa
from alembic import op

from storefront.text import fold

# revision identifiers, used by Alembic.
revision = "search_01"
down_revision = "portal_01"
branch_labels = None
depends_on = None

STAR_INDEXES = [
    ("ix_products_stars_newest", []),
    ("ix_products_group_stars", ["top_group_id"]),
    ("ix_products_locality_stars", ["locality_id"]),
    ("ix_products_producer_stars", ["producer_id"]),
]
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_products USING fts5(search_name, search_text, search_body, "
    "content='products', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')",
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
    "INSERT INTO search_products(search_products) VALUES ('rebuild')",
]
POSTGRES_CREATE = [
    "ALTER TABLE products ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, search_name || ' ' || search_text || ' ' || search_body)) STORED",
    "ALTER TABLE products ADD COLUMN IF NOT EXISTS search_name_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, search_name)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_search_products_fts ON products USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS ix_search_products_fts_name ON products USING gin (search_name_vector)",
    'CREATE INDEX IF NOT EXISTS ix_search_products_name ON products (status, search_name COLLATE "C")',
]


def _refold(connection) -> None:
    """What catalog.services.index_product computes, for the products already there."""
    rows = connection.execute(
        sa.text(
            "SELECT p.id, p.name_vi, p.name_en, p.description_vi, p.description_en, p.gtin, pr.name, "
            "l.name, l.former_district, g.name_vi, g.name_en FROM products p "
            "JOIN producers pr ON pr.id = p.producer_id JOIN localities l ON l.id = p.locality_id "
            "JOIN product_groups g ON g.id = p.group_id"
        )
    ).all()
    update = sa.text("UPDATE products SET search_name = :n, search_text = :t, search_body = :b WHERE id = :id")
    batch = []
    for id_, name_vi, name_en, desc_vi, desc_en, gtin, producer, place, former, group_vi, group_en in rows:
        others = " ".join(p for p in (producer, place, former or "", group_vi, group_en, gtin or "") if p)
        batch.append(
            {"id": id_, "n": fold(f"{name_vi} {name_en}"), "t": fold(others), "b": fold(f"{desc_vi} {desc_en}")}
        )
        if len(batch) >= 5000:
            connection.execute(update, batch)
            batch = []
    if batch:
        connection.execute(update, batch)


def upgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_name", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("search_body", sa.Text(), nullable=False, server_default=""))
        batch_op.drop_index("ix_products_search")
        # Replaced by ix_products_stars_newest: with its range on the validity before created_at, SQLite
        # (no statistics) took it for a locality's "most stars" and read a whole star level.
        batch_op.drop_index("ix_products_stars")
        # "Most stars first" served by an index, one range per star level (storefront/catalog/starsort.py).
        for name, facet in STAR_INDEXES:
            batch_op.create_index(name, ["status", *facet, "stars", "created_at", "stars_valid_until"], unique=False)
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.alter_column("search_name", server_default=None)
        batch_op.alter_column("search_body", server_default=None)
    connection = op.get_bind()
    _refold(connection)
    dialect = connection.dialect.name
    for statement in SQLITE_CREATE if dialect == "sqlite" else POSTGRES_CREATE if dialect == "postgresql" else []:
        op.execute(statement)



def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("search_products_ai", "search_products_ad", "search_products_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_products")
    op.execute("DROP INDEX IF EXISTS ix_search_products_name")
    op.execute("DROP INDEX IF EXISTS ix_search_products_fts")
    op.execute("DROP INDEX IF EXISTS ix_search_products_fts_name")
    if dialect == "postgresql":
        op.execute("ALTER TABLE products DROP COLUMN IF EXISTS search_vector")
        op.execute("ALTER TABLE products DROP COLUMN IF EXISTS search_name_vector")
    with op.batch_alter_table("products", schema=None) as batch_op:
        for name, _facet in STAR_INDEXES:
            batch_op.drop_index(name)
        batch_op.create_index("ix_products_search", ["status", "search_text"], unique=False)
        batch_op.create_index("ix_products_stars", ["status", "stars", "stars_valid_until", "created_at"], unique=False)
        batch_op.drop_column("search_body")
        batch_op.drop_column("search_name")
