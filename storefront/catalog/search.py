"""Full-text search of the catalogue: what a query matches, and in which order.

A query is folded (`Mực Cô Tô` -> `muc co to`, `đ` -> `d`) into words; a product matches when every word
is a word of its folded names, producer, place, group or description, the last one a word's start (still
being typed: `mien d`), through the database's text index (search_index.py): FTS5 on SQLite,
`tsvector`/GIN on PostgreSQL. When nothing matches, a word of
six letters or more may carry one typo: it is tried again with every spelling one edit away (the same
on both databases, so the same query finds the same products everywhere).

Ranking, best first, on the matching rows only: products in stock before sold-out ones (as every
listing, issue 13); then the accented words as typed in an accented name (so `mã` puts "Mã ..." above
"Ma ..."), the phrase at the start of a name, the phrase as whole words of a name, the phrase at a word
start in a name, each word in a name; then valid stars and the newest. Counting stops at `COUNT_LIMIT`: beyond it a page says "more than N".

A broad query (`mu`, `co to`) can match a tenth of a 100k catalogue, and ranking 10,000 rows costs
tens of milliseconds. So a plain search (no other filter, best match first) ranks a bounded window:
the `COUNT_LIMIT` newest products matching in their names, with the `COUNT_LIMIT` newest matching
anywhere. Up to `COUNT_LIMIT` matches that is every match, ranked exactly; past it the best-placed
names still come first, but older matches are left out (the count then says "more than"). The same
read of the text index gives the window's ids and the count (`plain_window`), and the page ranks
those ids: the index is read once or twice per search, not five times. Searches with filters or
another order count through the index and the filters and rank every match.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Date,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    union_all,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from storefront.catalog.filters import MAX_TERMS, like_escape
from storefront.catalog.models import Product, ProductStatus, shown_stars_on
from storefront.catalog.search_index import (
    FTS_NAMES_TABLE,
    FTS_TABLE,
    PG_NAME_LEXEMES,
    PG_NAME_VECTOR,
    PG_VECTOR,
    PREFIX_LETTERS,
    PREFIX_MARK,
)
from storefront.extensions import db

#: Matches are counted up to here; past it the count is "more than COUNT_LIMIT", never 100k rows counted.
COUNT_LIMIT = 200
#: Words this long may carry one typo (shorter words have too many neighbours one letter away).
TYPO_MIN_LENGTH = 6
#: ... and no longer than this: a word's variants grow with its length (and no product has such words).
TYPO_MAX_LENGTH = 20
_ALPHABET = string.ascii_lowercase
_WORD = re.compile(r"\w+", re.UNICODE)

_fts = table(FTS_TABLE, column("rowid"))
_fts_names = table(FTS_NAMES_TABLE, column("rowid"))


def typo_variants(word: str) -> list[str]:
    """Every spelling one edit (a letter dropped, added, changed, or two swapped) away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {left + right[1:] for left, right in splits if right}
    found |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    found |= {left + c + right[1:] for left, right in splits if right for c in _ALPHABET}
    found |= {left + c + right for left, right in splits for c in _ALPHABET}
    found.discard(word)
    return sorted(found)


def may_have_typo(term: str) -> bool:
    return TYPO_MIN_LENGTH <= len(term) <= TYPO_MAX_LENGTH and term.isalpha()


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _text_query(terms: Sequence[str], fuzzy: bool, word: str, prefix: str, any_of: str, all_of: str) -> str:
    """Every word whole but the last, which may be the start of a word (what is still being typed:
    `mien d`), each word also in its spellings one typo away when `fuzzy`. A prefix costs both text
    indexes the union of every word that starts so, read in full before the first match is handed out:
    on PostgreSQL `'muc':* & 'kho':*` cost twice `'muc' & 'kho':*` (8 against 3.6 ms at 100k products)."""
    parts = []
    for position, term in enumerate(terms, start=1):
        first = prefix.format(term) if position == len(terms) else word.format(term)
        if fuzzy and may_have_typo(term):
            parts.append("(" + any_of.join([first, *(word.format(v) for v in typo_variants(term))]) + ")")
        else:
            parts.append(first)
    return all_of.join(parts)


def _fts5_query(terms: Sequence[str], fuzzy: bool) -> str:
    """FTS5 syntax; each word quoted (folded words are [a-z0-9]+, so nothing in them is an operator)."""
    return _text_query(terms, fuzzy, '"{}"', '"{}"*', " OR ", " AND ")


def _tsquery(terms: Sequence[str], fuzzy: bool, *, whole: bool = False, names: bool = False) -> str:
    """A `tsquery`; with `whole`, the last word too is a whole word, not a word's start. For the names'
    lexemes (`names`, PG_NAME_LEXEMES), a start of up to PREFIX_LETTERS letters is the lexeme they hold
    for it (`'^d'`, search_index.py), read as one word; a longer one, and any in the other vectors, is
    a prefix (`'dong':*`)."""
    if whole:
        prefix = "'{}'"
    elif names and terms and len(terms[-1]) <= PREFIX_LETTERS:
        prefix = f"'{PREFIX_MARK}{{}}'"
    else:
        prefix = "'{}':*"
    return _text_query(terms, fuzzy, "'{}'", prefix, " | ", " & ")


def _fts5_match(query: str | BindParameter[str], index: str = FTS_TABLE) -> ColumnElement[bool]:
    return literal_column(index).op("MATCH")(query)


def _pg_match(
    vector: str, terms: Sequence[str] | None, fuzzy: bool = False, *, parameter: str = "query"
) -> ColumnElement[bool]:
    """`vector @@` the text query of `terms`, or of the parameter `parameter` (a statement built once).

    The query is written into the statement's text, never sent as a parameter. The shop's connections
    plan prepared statements once for any values (`db.engine_options`), which a listing wants; but how
    many rows a text query matches decides its best plan (a rare word: read its matches and sort them; a
    common prefix: walk the newest rows until enough match), so a text query is planned for its words.
    """
    value = _tsquery(terms, fuzzy) if terms is not None else None
    query = bindparam(parameter, value, type_=String, literal_execute=True)
    if vector == PG_NAME_LEXEMES:
        # Read as the `tsquery` it is: the names' lexemes are the folded words as they are, with the
        # `^` prefix lexemes, which `to_tsquery`'s parser would drop (search_index.pg_vector).
        return literal_column(vector).op("@@")(cast(query, TSQUERY))
    # The other vectors are `to_tsvector`'s: its parser must read the query's words as it read theirs.
    return literal_column(vector).op("@@")(func.to_tsquery(literal_column("'simple'::regconfig"), query))


def text_query(terms: Sequence[str], *, fuzzy: bool = False, names: bool = False) -> str:
    """`terms` in this database's text-query syntax: FTS5's on SQLite, a `tsquery` on PostgreSQL (for
    the names' lexemes, PG_NAME_LEXEMES, when `names`)."""
    return _fts5_query(terms, fuzzy) if _dialect() == "sqlite" else _tsquery(terms, fuzzy, names=names)


#: PostgreSQL: how many of the newest products type-ahead looks through before it asks the text index.
NEWEST_LOOKED_THROUGH = 2000
#: ... and how many times as many when those held some matches, but fewer than it needs.
LOOKED_THROUGH_FURTHER = 4


def newest_in_names(connection: Connection, terms: Sequence[str], limit: int) -> list[tuple[str, str, str]]:
    """(slug, name_vi, name_en) of the `limit` newest published products with every word of `terms` in
    their names (the last a word's start), newest first. Type-ahead runs it at every keystroke. On
    PostgreSQL, past the newest products, a last word of more than PREFIX_LETTERS letters is tried
    whole first: when `limit` names have it whole, those are the answer.

    On SQLite the names' text index hands out matches newest first and stops at the limit. PostgreSQL's
    GIN index cannot: it builds the bitmap of every match before the newest are picked, 7,000 rows and
    50 ms for `dong trieu` at 100k products. So the newest `NEWEST_LOOKED_THROUGH` products are looked
    through first, in an index of each id with its names' `tsvector` (no table row read): a word that
    many names share is found there within a few hundred rows, and when the newest products hold
    `limit` matches, these are the newest matches of all. When they hold some but too few, the walk
    goes `LOOKED_THROUGH_FURTHER` times as far back first: such words have thousands of matches at a
    million products, which GIN would fetch from all over the table (`doi binh`: 15 ms with the
    table's pages in memory, 100 ms without, against 1.3 ms for 8,000 names), where the walk reads
    the newest end of one small index. Only a rarer word, whose bitmap is small, goes on to the text
    index.
    """
    dialect = connection.dialect.name
    params = {"query": text_query(terms, names=True), "limit": limit}

    def names(statement: Select[Any], values: dict[str, Any]) -> list[tuple[str, str, str]]:
        return [(str(slug), str(vi), str(en)) for slug, vi, en in connection.execute(statement, values)]

    if dialect == "postgresql":
        # The walk reads the names' words row by row, where a word's start (`'t':*`) costs no more.
        walk = {"query": _tsquery(terms, False), "limit": limit, "looked_through": NEWEST_LOOKED_THROUGH}
        recent = names(_newest_looked_through_statement(), walk)
        if recent and len(recent) < limit:
            walk["looked_through"] = NEWEST_LOOKED_THROUGH * LOOKED_THROUGH_FURTHER
            recent = names(_newest_looked_through_statement(), walk)
        if len(recent) == limit:
            return recent
        if len(terms[-1]) > PREFIX_LETTERS:
            # A longer last word is a prefix GIN reads in full, every row of every word it starts, where
            # a whole word is read only where the other words' rows are (`'gia' & 'dinh':*` 8.7 ms,
            # `'gia' & 'dinh'` under 1 ms at 100k products). Typed out, it most likely is that word:
            # its newest matches come first when there are enough of them.
            typed_out = {**params, "query": _tsquery(terms, False, whole=True)}
            whole = names(_newest_in_names_statement(dialect), typed_out)
            if len(whole) == limit:
                return whole
    return names(_newest_in_names_statement(dialect), params)


@cache
def _newest_in_names_statement(dialect: str) -> Select[Any]:
    """`newest_in_names` through the text index, built once per process.

    On SQLite the names' text index leads, newest first, and stops at the limit; `id IN (MATCH ...)`
    would first collect every match of a two-letter prefix, a tenth of the catalogue.
    """
    products = Product.__table__
    columns = (products.c.slug, products.c.name_vi, products.c.name_en)
    limit = bindparam("limit", type_=Integer)
    if dialect == "sqlite":
        return (
            select(*columns)
            .select_from(_fts_names)
            .join(products, products.c.id == _fts_names.c.rowid)
            .where(_fts5_match(bindparam("query", type_=String), FTS_NAMES_TABLE), published())
            .order_by(_fts_names.c.rowid.desc())
            .limit(limit)
        )
    # PostgreSQL comes here only for words that few of the newest names have (`newest_in_names`), so
    # it must read their matches from the text index and sort them. `id + 0` keeps the planner off
    # walking the primary key backwards until `limit` rows match: it takes a rare word for a common
    # one (`#694020`, a product's number) and read a million rows, 1 s, at a million products.
    return (
        select(*columns)
        .where(_pg_match(PG_NAME_LEXEMES, None), published())
        .order_by((products.c.id + 0).desc())
        .limit(limit)
    )


@cache
def _newest_looked_through_statement() -> Select[Any]:
    """PostgreSQL: `newest_in_names` among the newest `NEWEST_LOOKED_THROUGH` products, whatever their
    status (a product unpublished among them only leaves one place fewer to look), so the planner
    walks `ix_search_products_newest_names` backwards, reading no row of the table until a match,
    and stops at the `:limit`-th."""
    products = Product.__table__
    vector = PG_NAME_VECTOR.partition(".")[2]
    # Only what the index `ix_search_products_newest_names` holds: the walk never reads the table.
    newest = (
        select(products.c.id, products.c.status, literal_column(PG_NAME_VECTOR).label(vector))
        .order_by(products.c.id.desc())
        .limit(bindparam("looked_through", type_=Integer, literal_execute=True))
        .subquery("newest")
    )
    return (
        select(products.c.slug, products.c.name_vi, products.c.name_en)
        .join(newest, newest.c.id == products.c.id)
        .where(_pg_match(f"newest.{vector}", None), func.lower(newest.c.status) == ProductStatus.PUBLISHED.value)
        .order_by(newest.c.id.desc())
        .limit(bindparam("limit", type_=Integer))
    )


def match_condition(terms: Sequence[str], *, fuzzy: bool = False) -> ColumnElement[bool]:
    """Products whose index has every word (the last as a word start), through the text index."""
    dialect = _dialect()
    if dialect == "sqlite":
        return Product.id.in_(select(_fts.c.rowid).where(_fts5_match(_fts5_query(terms, fuzzy))))
    if dialect == "postgresql":
        return _pg_match(PG_VECTOR, terms, fuzzy)
    # Any other database: whole words (the last a word start) in the folded columns, without an index.
    document = literal(" ") + Product.search_name + " " + Product.search_text + " " + Product.search_body + " "
    patterns = [f"% {like_escape(term)} %" for term in terms[:-1]] + [f"% {like_escape(terms[-1])}%"]
    return and_(*(document.like(pattern, escape="\\") for pattern in patterns))


@dataclass(frozen=True)
class Window:
    """A plain search's matches, best first: the ids of up to COUNT_LIMIT published ones."""

    ids: tuple[int, ...]
    #: Exact up to COUNT_LIMIT ...
    total: int
    #: ... and past it, True: the page says "more than COUNT_LIMIT".
    more: bool


def plain_window(q: str, terms: Sequence[str], today: date, *, fuzzy: bool = False) -> Window:
    """The window of a plain search (words only, best match first), ranked, and its count, in one statement.

    The matches in names, then the matches anywhere, under one LIMIT: the text index is read once or
    twice, never more, and the second read happens only when the names fall short. Counted without
    duplicates that is the exact count up to COUNT_LIMIT: more distinct ids than that means there are
    more matches. SQLite's FTS5 hands out matches newest first at no cost, and found row by row, the
    matches anywhere (which hold those in names again) are read only as far as needed. PostgreSQL's
    GIN cannot: there the window holds the first matches in the table's order, and every row the
    statement may return is read and sent (see `_window_statement`).

    Each row comes with what ranks it, and the window is ranked here (`rank_key`): ranking it in SQL
    meant sending its up to 500 ids back as parameters, and building and planning that statement
    cost a cold search more than reading the index.
    """
    dialect = _dialect()
    if dialect not in {"sqlite", "postgresql"}:
        matches = select(Product.id, *_rank_columns(today)).where(published(), match_condition(terms, fuzzy=fuzzy))
        every = list(db.session.execute(matches).tuples())
        window: list[Sequence[Any]] = list(every[:COUNT_LIMIT])
        more = len(every) > COUNT_LIMIT
    else:
        params = _window_params(dialect, terms, today, fuzzy)
        seen: dict[int, Any] = {}  # in order, each once
        # Read row by row and stop at COUNT_LIMIT + 1 distinct ids: SQLite's text index then reads no
        # further (half the rows of a broad search, whose names alone fill the window). SQLite finds a
        # row when it is fetched, so no batch asks for more than the ids still wanted (batches of 100
        # read 300 rows for a window of 201, a fifth of a cold search's SQL). PostgreSQL's client-side
        # cursor has every row already; stopping early costs it nothing.
        with db.session.connection().execute(_window_statement(dialect), params) as found:
            # The driver's own cursor: SQLAlchemy's handling of each of up to a thousand rows cost more
            # than reading them from the index. The ranking compares the values as the database does
            # (on SQLite the time is text in one format, as its ORDER BY compares it).
            cursor = found.cursor
            while len(seen) <= COUNT_LIMIT and (batch := cursor.fetchmany(COUNT_LIMIT + 1 - len(seen))):
                for row in batch:
                    seen.setdefault(row[0], row)
        window = list(seen.values())[:COUNT_LIMIT]
        more = len(seen) > COUNT_LIMIT
    window.sort(key=rank_key(q, terms), reverse=True)
    return Window(tuple(row[0] for row in window), len(window), more)


def _rank_columns(today: date | BindParameter[date]) -> list[ColumnElement[Any]]:
    """What `rank_key` reads of a row, after its id: (name, exact name, in stock, valid stars, created)."""
    columns = Product.__table__.c
    return [
        columns.search_name,
        columns.search_exact,
        columns.has_stock,
        shown_stars_on(today).label("stars"),
        columns.created_at,
    ]


def _window_params(dialect: str, terms: Sequence[str], today: date, fuzzy: bool) -> dict[str, Any]:
    """`_window_statement`'s parameters."""
    params = {"query": text_query(terms, fuzzy=fuzzy), "today": today, "read": _window_read(dialect)}
    if dialect == "postgresql":
        params["whole"] = _tsquery(terms, fuzzy, whole=True)
        params["names"] = _tsquery(terms, fuzzy, names=True)
    return params


def _window_read(dialect: str) -> int:
    """How many rows `plain_window`'s statement returns at most. SQLite's parts overlap (the matches
    anywhere hold those in names again): up to COUNT_LIMIT + 1 of each, read only until that many
    distinct ids are found. PostgreSQL's do not, so COUNT_LIMIT + 1 rows are enough."""
    return (COUNT_LIMIT + 1) * (2 if dialect == "sqlite" else 1)


@cache
def _window_statement(dialect: str) -> Select[Any]:
    """`plain_window`'s statement, built once per process: the query, the day and the limit are parameters.

    On PostgreSQL the parts do not overlap. The server runs a statement to its end before the first row
    comes back, so with overlapping parts a broad query read twice the rows it needed (402 for a window
    of 201, half a cold search's SQL), and a query with 201 to 401 matches in names went on to read the
    part whose index holds every match anywhere. And the names are read with the last word whole
    first (`:whole`), then as a word's start: GIN gathers every match of every word that starts so
    before the first row (`'thong':*` is every "thong..." in the catalogue), which a word typed out
    does not need: it most likely means that word. At 100k products that made a cold search's window
    6.4 -> 3.9 ms at the median and 15 -> 8.7 ms at p99; at a million, 45 -> 15 and 110 -> 63 ms. SQLite's text index hands out matches newest first and stops at the limit: there
    a prefix costs little (0.75 against 0.47 ms), and the window reads names, then anywhere."""
    columns = _rank_columns(bindparam("today", type_=Date))
    read = bindparam("read", type_=Integer)
    if dialect == "sqlite":
        products = Product.__table__
        parts = [
            select(index.c.rowid.label("id"), *columns)
            .join(products, products.c.id == index.c.rowid)
            .where(_fts5_match(bindparam("query", type_=String), index.name), published())
            .order_by(index.c.rowid.desc())
            for index in (_fts_names, _fts)
        ]
    else:
        whole, in_names = (
            _pg_match(PG_NAME_LEXEMES, None, parameter="whole"),
            _pg_match(PG_NAME_LEXEMES, None, parameter="names"),
        )
        parts = [
            select(Product.id.label("id"), *columns).where(whole, published()),
            select(Product.id.label("id"), *columns).where(in_names, ~whole, published()),
            select(Product.id.label("id"), *columns).where(_pg_match(PG_VECTOR, None), ~in_names, published()),
        ]
    both = union_all(*(select(part.limit(read).subquery()) for part in parts)).subquery()
    return select(both).limit(read)


def rank_key(q: str, terms: Sequence[str]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A sort key (largest first) for rows of (id, *`_rank_columns`): in stock, then `relevance`'s score,
    then valid stars, then the newest. The same rules as `relevance`, which ranks in SQL."""
    rules = _relevance_rules(q, terms)
    starts = [(needle, weight) for where, needle, weight in rules if where == "start"]
    in_name = [(needle, weight) for where, needle, weight in rules if where == "name"]
    in_exact = [(needle, weight) for where, needle, weight in rules if where == "exact"]

    def key(row: Sequence[Any]) -> tuple[Any, ...]:
        product_id, name, exact, in_stock, stars, created = row
        padded_name, padded_exact, score = f" {name} ", f" {exact} ", 0
        for needle, weight in starts:
            if name.startswith(needle):
                score += weight
        for needle, weight in in_name:
            if needle in padded_name:
                score += weight
        for needle, weight in in_exact:
            if needle in padded_exact:
                score += weight
        return (bool(in_stock), score, stars, created, product_id)

    return key


def _relevance_rules(q: str, terms: Sequence[str]) -> list[tuple[str, str, int]]:
    """(where, what, weight): the accented words as typed in the accented name ("exact"), the phrase at
    the start of the name ("start"), the phrase as whole words, at a word start, and each word at a word
    start in the name ("name", padded with a space each side)."""
    phrase, accented = " ".join(terms), " ".join(accented_words(q))
    return [
        ("exact", f" {accented} ", 32),
        ("start", phrase, 16),
        ("name", f" {phrase} ", 8),
        ("name", f" {phrase}", 4),
        *(("name", f" {term}", 1) for term in terms),
    ]


def published() -> ColumnElement[bool]:
    """`status = 'published'` written so that no index serves it: a search must start from the text index.

    SQLite without statistics takes any indexed equality for a narrow one and would walk every
    published product, probing the matches, instead of reading the matches and checking each.
    """
    return func.lower(Product.status) == ProductStatus.PUBLISHED.value


def _like(expression: ColumnElement[str], pattern: str) -> ColumnElement[bool]:
    return expression.like(pattern, escape="\\")


def accented_words(q: str) -> list[str]:
    """The query's words as typed, lower-case and composed (NFC), punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFC", q).lower())[:MAX_TERMS]


@cache
def _padded() -> dict[str, ColumnElement[str]]:
    """The columns `_relevance_rules` look in, built once per process from the table's columns."""
    columns, space = Product.__table__.c, literal(" ")
    return {"name": space + columns.search_name + space, "exact": space + columns.search_exact + space}


def relevance(q: str, terms: Sequence[str]) -> ColumnElement[int]:
    """`_relevance_rules`' score in SQL, for a search with filters or another order (a plain search ranks
    its window in Python: `rank_key`)."""
    padded, name = _padded(), Product.__table__.c.search_name
    scores = [
        case((_like(name, f"{like_escape(needle)}%"), weight), else_=0)
        if where == "start"
        else case((_like(padded[where], f"%{like_escape(needle)}%"), weight), else_=0)
        for where, needle, weight in _relevance_rules(q, terms)
    ]
    score: ColumnElement[int] = scores[0]
    for more in scores[1:]:
        score = score + more
    return score


def count_matches(
    filters: Sequence[ColumnElement[bool]], terms: Sequence[str], *, fuzzy: bool, params: dict[str, Any] | None = None
) -> tuple[int, bool]:
    """(how many, whether there are more than that) of a search with filters or another order: exact up
    to COUNT_LIMIT, read through the text index and the filters, whose values are `params` (a plain
    search counts in `plain_window`)."""
    limit = COUNT_LIMIT + 1
    conditions = [published(), match_condition(terms, fuzzy=fuzzy), *filters]
    capped = select(Product.id).where(*conditions).limit(limit).subquery()
    found_rows = int(db.session.scalar(select(func.count()).select_from(capped), params or {}) or 0)
    return min(found_rows, COUNT_LIMIT), found_rows > COUNT_LIMIT
