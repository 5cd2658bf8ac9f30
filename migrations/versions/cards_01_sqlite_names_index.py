"""cards: SQLite's text index of the folded product names alone, for type-ahead and a search's best names

Revision ID: cards_01
Revises: office_02
Create Date: 2026-12-01 14:10:00

"Every word in the names" read through search_products' column filter decodes each word's whole list
of rows, descriptions included: 40 to 70 ms for a type-ahead of a producer's name (`htx dac san`),
which no product name holds. A second FTS5 table over `search_name` alone answers it in under 1 ms.
A copy of catalog/search_index.py's SQLITE_NAMES_CREATE, then filled from the rows. PostgreSQL has
its names' own `tsvector` (search_name_vector) already.
"""

from alembic import op

revision = "cards_01"
down_revision = "office_02"
branch_labels = None
depends_on = None

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_products_names USING fts5(search_name, "
    "content='products', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')",
    "CREATE TRIGGER IF NOT EXISTS search_products_names_ai AFTER INSERT ON products BEGIN "
    "INSERT INTO search_products_names(rowid, search_name) VALUES (new.id, new.search_name); END",
    "CREATE TRIGGER IF NOT EXISTS search_products_names_ad AFTER DELETE ON products BEGIN "
    "INSERT INTO search_products_names(search_products_names, rowid, search_name) "
    "VALUES ('delete', old.id, old.search_name); END",
    "CREATE TRIGGER IF NOT EXISTS search_products_names_au AFTER UPDATE OF search_name ON products BEGIN "
    "INSERT INTO search_products_names(search_products_names, rowid, search_name) "
    "VALUES ('delete', old.id, old.search_name); "
    "INSERT INTO search_products_names(rowid, search_name) VALUES (new.id, new.search_name); END",
    "INSERT INTO search_products_names(search_products_names) VALUES ('rebuild')",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_CREATE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS search_products_names_{trigger}")
        op.execute("DROP TABLE IF EXISTS search_products_names")
