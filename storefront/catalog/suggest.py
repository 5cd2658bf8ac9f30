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
from typing import Literal

from sqlalchemy import ColumnElement, select

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


def _words_start(terms: Sequence[str], folded: str) -> bool:
    words = folded.split()
    return all(any(word.startswith(term) for word in words) for term in terms)


def _places() -> list[tuple[str, str, str]]:
    """(slug, name, folded name and former district) of the localities that have published products."""

    def build() -> list[tuple[str, str, str]]:
        having = select(Product.locality_id).where(Product.status == ProductStatus.PUBLISHED).distinct()
        rows = db.session.execute(
            select(Locality.slug, Locality.name, Locality.former_district).where(Locality.id.in_(having))
        ).all()
        return sorted((slug, name, fold(f"{name} {former or ''}")) for slug, name, former in rows)

    return remember(("suggest-places",), build)


def _producers() -> list[tuple[str, str, str]]:
    def build() -> list[tuple[str, str, str]]:
        rows = db.session.execute(select(Producer.slug, Producer.name).order_by(Producer.name)).all()
        return [(slug, name, fold(name)) for slug, name in rows]

    return remember(("suggest-producers",), build)


def _name_prefix(phrase: str) -> ColumnElement[bool]:
    """Folded names starting with `phrase`: a range of the (status, search_name) index on both databases."""
    upper = phrase[:-1] + chr(ord(phrase[-1]) + 1)
    name = Product.search_name
    if db.session.get_bind().dialect.name == "postgresql":
        name = name.collate("C")  # type: ignore[assignment]  # the index's collation: bytewise, like SQLite's
    return (name >= phrase) & (name < upper)


def _product_rows(terms: Sequence[str], limit: int) -> list[tuple[str, str, str]]:
    """(slug, name_vi, name_en): names starting with the words first, then any name with them."""
    published = Product.status == ProductStatus.PUBLISHED
    columns = (Product.slug, Product.name_vi, Product.name_en)
    starting = db.session.execute(
        select(*columns).where(published, _name_prefix(" ".join(terms))).order_by(Product.search_name).limit(limit)
    ).all()
    rows = [tuple(r) for r in starting]
    if len(rows) < limit:
        newest = search.newest_in_names(terms, limit)
        more = db.session.execute(select(*columns).where(Product.id.in_(newest)).order_by(Product.id.desc())).all()
        seen = {r[0] for r in rows}
        rows += [tuple(r) for r in more if r[0] not in seen]
    return [(str(a), str(b), str(c)) for a, b, c in rows[:limit]]


def suggest(q: str, lang: str, limit: int = LIMIT) -> list[Suggestion]:
    terms = search_terms(q)
    if len("".join(terms)) < MIN_LETTERS:
        return []

    def build() -> list[Suggestion]:
        found: list[Suggestion] = []
        places = [s for s in _places() if _words_start(terms, s[2])][:MAX_PLACES]
        found += [Suggestion("locality", name, slug) for slug, name, _ in places]
        makers = [s for s in _producers() if _words_start(terms, s[2])][:MAX_PRODUCERS]
        found += [Suggestion("producer", name, slug) for slug, name, _ in makers]
        for slug, name_vi, name_en in _product_rows(terms, limit - len(found)):
            found.append(Suggestion("product", name_en if lang == "en" and name_en else name_vi, slug))
        return found[:limit]

    return remember(("suggest", lang, tuple(terms), limit), build)
