"""Type-ahead: what the search box offers while a shopper types (products, producers, places).

From two letters on, diacritics-insensitive (`mu`, `mư` and `Mự` all fold to `mu`), at most `LIMIT`
suggestions: a few places and producers whose names have every typed word at a word start, then
products whose names start with what was typed, then products with the words anywhere in their names,
newest first. Places and producers are a few hundred names kept as data in the catalogue cache;
products come from the text index, each read bounded by a LIMIT.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from sqlalchemy import ColumnElement, Integer, Select, String, bindparam, select

from storefront.cache import remember
from storefront.catalog import search
from storefront.catalog.filters import search_terms
from storefront.catalog.models import Product, ProductStatus
from storefront.extensions import db
from storefront.places.models import Locality
from storefront.producers.models import Producer
from storefront.text import fold

LIMIT = 10
MIN_LETTERS = 2
MAX_PLACES = 2
MAX_PRODUCERS = 3

Kind = Literal["product", "producer", "locality"]


@dataclass(frozen=True)
class Suggestion:
    kind: Kind
    label: str
    #: What the suggestion opens: a product or producer slug, or the locality slug for a filtered list.
    slug: str


def _matching(named: Sequence[tuple[str, str, str]], terms: Sequence[str], most: int) -> list[tuple[str, str, str]]:
    """The first `most` of `named` (slug, name, `_padded` folded name) with every term at a word start."""
    first, *others = [f" {term}" for term in terms]
    found = []
    # Most names lack the first word: one substring test each, no generator (a generator per name made
    # this scan of a few hundred producers a sixth of a suggestion's CPU).
    for item in named:
        if first in item[2] and all(needle in item[2] for needle in others):
            found.append(item)
            if len(found) == most:
                break
    return found


def _padded(folded: str) -> str:
    return " " + " ".join(folded.split())


def _places() -> list[tuple[str, str, str]]:
    """(slug, name, `_padded` folded name and former district) of the localities with published products."""

    def build() -> list[tuple[str, str, str]]:
        having = select(Product.locality_id).where(Product.status == ProductStatus.PUBLISHED).distinct()
        rows = db.session.execute(
            select(Locality.slug, Locality.name, Locality.former_district).where(Locality.id.in_(having))
        ).all()
        return sorted((slug, name, _padded(fold(f"{name} {former or ''}"))) for slug, name, former in rows)

    return remember(("suggest-places", 2), build)


def _producers() -> list[tuple[str, str, str]]:
    def build() -> list[tuple[str, str, str]]:
        rows = db.session.execute(select(Producer.slug, Producer.name).order_by(Producer.name)).all()
        return [(slug, name, _padded(fold(name))) for slug, name in rows]

    return remember(("suggest-producers", 2), build)


@cache
def _starting_statement(dialect: str) -> Select[Any]:
    """(slug, name_vi, name_en) of published products whose folded name lies in [`:low`, `:high`): a range of
    the (status, search_name) index on both databases (on PostgreSQL in its bytewise collation, like SQLite's).
    Built once per process, as every statement type-ahead runs at each keystroke."""
    products = Product.__table__
    name: ColumnElement[str] = products.c.search_name
    if dialect == "postgresql":
        name = name.collate("C")
    low, high = bindparam("low", type_=String), bindparam("high", type_=String)
    return (
        select(products.c.slug, products.c.name_vi, products.c.name_en)
        .where(products.c.status == ProductStatus.PUBLISHED.value, name >= low, name < high)
        .order_by(name)
        .limit(bindparam("limit", type_=Integer))
    )


def _product_rows(terms: Sequence[str], limit: int) -> list[tuple[str, str, str]]:
    """(slug, name_vi, name_en): names starting with the words first, then any name with them."""
    connection = db.session.connection()
    dialect = connection.dialect.name
    phrase = " ".join(terms)
    bounds = {"low": phrase, "high": phrase[:-1] + chr(ord(phrase[-1]) + 1), "limit": limit}
    rows = [(str(a), str(b), str(c)) for a, b, c in connection.execute(_starting_statement(dialect), bounds)]
    if len(rows) < limit:
        seen = {row[0] for row in rows}
        rows += [row for row in search.newest_in_names(connection, terms, limit) if row[0] not in seen]
    return rows[:limit]


def suggest(q: str, lang: str, limit: int = LIMIT) -> list[Suggestion]:
    terms = search_terms(q)
    if len("".join(terms)) < MIN_LETTERS:
        return []

    def build() -> list[Suggestion]:
        found: list[Suggestion] = []
        found += [Suggestion("locality", name, slug) for slug, name, _ in _matching(_places(), terms, MAX_PLACES)]
        makers = _matching(_producers(), terms, MAX_PRODUCERS)
        found += [Suggestion("producer", name, slug) for slug, name, _ in makers]
        for slug, name_vi, name_en in _product_rows(terms, limit - len(found)):
            found.append(Suggestion("product", name_en if lang == "en" and name_en else name_vi, slug))
        return found[:limit]

    return remember(("suggest", lang, tuple(terms), limit), build)
