"""The catalogue's text index, in each database's own full-text engine.

`index_product` (catalog.services) writes the folded search columns of a product; the database keeps
the index in step with them by itself, in the same transaction as the write, whoever writes:

- SQLite: an FTS5 table over the three folded columns (`content=products`, so the text is not stored
  twice) and three triggers that mirror every insert, delete and change of those columns into it; and
  a second one over the folded names alone (`search_products_names`), with its own three triggers:
  "every word in the names" through the first table's column filter still decodes each word's whole
  list of rows, descriptions included (70 ms for `htx dac san`, which only producers' names have), and
  under 1 ms through the second;
- PostgreSQL: stored generated `tsvector` columns: all three folded columns, with a GIN index; the
  names' words with their first letters (`search_name_lexemes`, below), with a GIN index; the names'
  words alone, in a B-tree of each id with them and its status, for type-ahead's walk through the
  newest products; and a `COLLATE "C"` index on the folded name for type-ahead prefixes.

Migrations create these objects with the same statements (a copy, frozen in the migration); the tests'
`create_all` gets them through the `after_create` hook installed below. Alembic's autogenerate is told
to leave them alone (`is_search_object`), since the models do not describe them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import DDL, Table, event

#: Name prefix of every object here: FTS5's shadow tables (search_products_data, ...) and the indexes.
PREFIX = "search_products"
FTS_TABLE = "search_products"
#: SQLite's index of the folded names alone (type-ahead, and the names that lead a plain search's window).
FTS_NAMES_TABLE = "search_products_names"

#: PostgreSQL's stored documents: generated columns that no model maps (the ORM never reads them).
PG_VECTOR = "products.search_vector"
#: The names' words, read row by row in type-ahead's walk through the newest products (no GIN index).
PG_NAME_VECTOR = "products.search_name_vector"
#: The names' words and their prefix lexemes (`pg_vector`), through a GIN index: the window of
#: best-placed matches and type-ahead past the newest products (catalog.search).
PG_NAME_LEXEMES = "products.search_name_lexemes"
PG_COLUMNS = frozenset({"search_vector", "search_name_vector", "search_name_lexemes"})

SQLITE_NAMES_CREATE = [
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
]
SQLITE_CREATE = [
    # The columns are folded already; the prefix indexes make a one- to three-letter prefix (`mien d`,
    # type-ahead) a single index lookup.
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
    *SQLITE_NAMES_CREATE,
]
SQLITE_REBUILD = "INSERT INTO search_products(search_products) VALUES ('rebuild')"
SQLITE_DROP = ["DROP TABLE IF EXISTS search_products", "DROP TABLE IF EXISTS search_products_names"]

#: PostgreSQL's names' lexemes also hold the first one, two and three letters of every word (`^m`, `^mi`,
#: `^mie` for "mien"), as SQLite's `prefix='1 2 3'`. A query's last word is still being typed, and a short
#: one as a prefix (`'t':*`) made GIN gather every word starting so before the first match (`'kho' & 'luc'
#: & 'hon' & 't':*`: 17.5 ms at 100k products); as one lexeme it is read like a whole word (1.3 ms). `^`
#: is neither a letter nor a digit, so it starts no word, and these meet only queries that ask.
#: They are a column of their own: in the walk's B-tree (`search_name_vector`) they doubled the index
#: that each keystroke reads through (19 -> 41 MB at 100k), where a prefix costs nothing row by row.
#: The whole document's vector has none: with its descriptions' prefixes the table grew from 139 to
#: 391 MB at 100k products, and making them took PostgreSQL's regular expressions 100 s.
PREFIX_MARK = "^"
PREFIX_LETTERS = 3


def pg_vector(text: str) -> str:
    """The `tsvector` of a folded text column expression: its words (runs of letters and digits, as
    `catalog.filters.search_terms` makes a query's), and the first letters of each as prefix lexemes.

    Not `to_tsvector`: its parser reads some such runs as numbers and splits them (`12e3mah` as `12e3`
    and `mah`), where a query's words go to this vector as they are (`catalog.search._pg_match`).
    """
    words = f"array_to_tsvector(array_remove(regexp_split_to_array({text}, '[^[:alnum:]]+'), ''))"
    letters = "([[:alnum:]])" + "([[:alnum:]]?)" * (PREFIX_LETTERS - 1)
    each_prefix = " ".join(
        PREFIX_MARK + "".join(f"\\{group}" for group in range(1, length + 1)) for length in range(1, PREFIX_LETTERS + 1)
    )
    # A word becomes `^m ^mi ^mie `; a word shorter than three letters repeats a lexeme, which a tsvector keeps once.
    prefixes = f"regexp_replace({text}, '[^[:alnum:]]*{letters}[[:alnum:]]*[^[:alnum:]]*', '{each_prefix} ', 'g')"
    return f"{words} || array_to_tsvector(array_remove(regexp_split_to_array({prefixes}, ' '), ''))"


POSTGRES_CREATE = [
    # Stored, so that a search reads each candidate's document instead of computing it again.
    "ALTER TABLE products ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, search_name || ' ' || search_text || ' ' || search_body)) STORED",
    "ALTER TABLE products ADD COLUMN IF NOT EXISTS search_name_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, search_name)) STORED",
    "ALTER TABLE products ADD COLUMN IF NOT EXISTS search_name_lexemes tsvector GENERATED ALWAYS AS "
    f"({pg_vector('search_name')}) STORED",
    "CREATE INDEX IF NOT EXISTS ix_search_products_fts ON products USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS ix_search_products_fts_name ON products USING gin (search_name_lexemes)",
    'CREATE INDEX IF NOT EXISTS ix_search_products_name ON products (status, search_name COLLATE "C")',
    # Type-ahead's walk through the newest products (catalog.search.newest_in_names) reads this alone.
    "CREATE INDEX IF NOT EXISTS ix_search_products_newest_names ON products (id) INCLUDE (status, search_name_vector)",
]


def is_search_object(name: str | None) -> bool:
    """For Alembic's `include_object`: the index's own tables, columns and indexes, which no model describes."""
    if not name:
        return False
    return name.startswith((PREFIX, f"ix_{PREFIX}")) or name in PG_COLUMNS


def create_statements(dialect: str) -> list[str]:
    return SQLITE_CREATE if dialect == "sqlite" else POSTGRES_CREATE if dialect == "postgresql" else []


def _after_create(target: Table, connection: Any, **kw: Any) -> None:
    for statement in create_statements(connection.dialect.name):
        connection.execute(DDL(statement))


def _before_drop(target: Table, connection: Any, **kw: Any) -> None:
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_DROP:
            connection.execute(DDL(statement))


def install(products: Table) -> None:
    """`create_all` makes the index with the table, `drop_all` removes it (tests build schemas so)."""
    if not event.contains(products, "after_create", _after_create):
        event.listen(products, "after_create", _after_create)
        event.listen(products, "before_drop", _before_drop)
