"""search: PostgreSQL's names' lexemes, with each word's first one, two and three letters, in a GIN index

Revision ID: search_04
Revises: names_01
Create Date: 2026-12-02 09:40:00

The last word of a query is still being typed (`mien d`, type-ahead's `kho luc hon t`). As a prefix
(`'t':*`) GIN gathers the rows of every word starting so before it hands out the first match: 17.5 ms
at 100k products for `'kho' & 'luc' & 'hon' & 't':*`, 1.3 ms with `'^t'`. With `^t`, `^th`, `^tho`
stored as lexemes of their own (as SQLite's FTS5 `prefix='1 2 3'` does), a short last word is one
lexeme like any other. They go in a new column, `search_name_lexemes`, whose GIN index takes the place
of the one on `search_name_vector`: that column stays as it was for type-ahead's walk (`names_01`),
which reads it row by row and would read twice as much with them. The new column's words are the
folded name's runs of letters and digits, as a query's are, not what `to_tsvector`'s parser makes of
them (it reads `12e3mah` as a number and a word). Adding a stored column rewrites the table and
locks it meanwhile (20 s at 100k products on a quiet machine). A copy of catalog/search_index.py's
statements. SQLite has its prefix indexes already.
"""

from alembic import op

revision = "search_04"
down_revision = "names_01"
branch_labels = None
depends_on = None

# The names' words (runs of letters and digits, not `to_tsvector`'s parser's), and each as `^m ^mi ^mie `.
LEXEMES = (
    "array_to_tsvector(array_remove(regexp_split_to_array(search_name, '[^[:alnum:]]+'), '')) || "
    "array_to_tsvector(array_remove(regexp_split_to_array(regexp_replace(search_name, "
    "'[^[:alnum:]]*([[:alnum:]])([[:alnum:]]?)([[:alnum:]]?)[[:alnum:]]*[^[:alnum:]]*', "
    "'^\\1 ^\\1\\2 ^\\1\\2\\3 ', 'g'), ' '), ''))"
)
UPGRADE = [
    "DROP INDEX IF EXISTS ix_search_products_fts_name",
    f"ALTER TABLE products ADD COLUMN IF NOT EXISTS search_name_lexemes tsvector GENERATED ALWAYS AS ({LEXEMES}) STORED",
    "CREATE INDEX IF NOT EXISTS ix_search_products_fts_name ON products USING gin (search_name_lexemes)",
]
# Dropping the column drops its index.
DOWNGRADE = [
    "ALTER TABLE products DROP COLUMN IF EXISTS search_name_lexemes",
    "CREATE INDEX IF NOT EXISTS ix_search_products_fts_name ON products USING gin (search_name_vector)",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in DOWNGRADE:
            op.execute(statement)
