"""search: the SQLite text index's triggers and name index again, after program_02 rebuilt products

Revision ID: search_03
Revises: search_02
Create Date: 2026-12-01 10:15:00

On SQLite, Alembic's batch mode alters a table by copying it into a new one, which drops every trigger
and index the models do not describe: program_02 did that to `products`, so a database built by the
migrations kept its FTS5 table but no longer fed it, and searches found nothing. This puts them back and
rebuilds the index from the rows. The statements are a copy of search_01's (IF NOT EXISTS: harmless
where they survived). PostgreSQL's generated columns survive ALTER TABLE, so it has nothing to do.
"""

from alembic import op

revision = "search_03"
down_revision = "search_02"
branch_labels = None
depends_on = None

SQLITE_CREATE = [
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


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_CREATE:
            op.execute(statement)


def downgrade() -> None:
    pass  # search_01's downgrade drops the index and its triggers
