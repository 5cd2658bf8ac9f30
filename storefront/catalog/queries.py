"""Reads of the public catalogue: filters, search, one product, and what sits beside it.

Every read says how its relations load, so a page costs the same number of queries whether it lists
three products or thirty. Listing filters and sorts follow the indexes on `products`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Row,
    Select,
    bindparam,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import joinedload, selectinload

from storefront.cache import remember
from storefront.catalog import listing, search, starsort
from storefront.catalog.cards import card_rows
from storefront.catalog.filters import CatalogFilters, search_terms
from storefront.catalog.models import Product, ProductGroup, ProductStatus, shown_stars_on, stars_valid_on
from storefront.catalog.product_page import ProductPage
from storefront.extensions import db
from storefront.pagination import Page
from storefront.places.models import Locality
from storefront.producers.models import Producer
from storefront.text import clean_slug, fold

# --- listings and search ------------------------------------------------------------------------

T = TypeVar("T")
#: Reads one page's rows, in any order, from their ids: `_cards` loads `Product` entities,
#: `catalog.cards.card_rows` plain rows for the shop's grids.
Loader = Callable[[Sequence[int]], list[T]]


def shown_stars(product: Product, today: date) -> int:
    """The stars a product may show today: those of a certificate still valid, else none."""
    until = product.stars_valid_until
    return product.stars if until is not None and until > today else 0


def _is_plain_search(filters: CatalogFilters) -> bool:
    """Words only, best match first: the search that may rank a bounded window (see catalog.search)."""
    narrowed = filters.stars or filters.group or filters.locality or filters.producer
    return bool(search_terms(filters.q)) and not narrowed and filters.sort == "relevance"


def _conditions(
    filters: CatalogFilters, today: date, *, fuzzy: bool = False, counting: bool = False
) -> tuple[list[ColumnElement[bool]], dict[str, Any]]:
    """The status, then the words (a search), then the filters; and the filters' values, the statement's
    parameters (catalog.listing). `counting`: for the count, whatever the order."""
    shape, params = listing.shape_of(filters, today, counting=counting)
    terms = search_terms(filters.q)
    if not terms:
        return list(listing.conditions(shape)), params
    match = search.match_condition(terms, fuzzy=fuzzy)
    return [search.published(), match, *listing.filter_conditions(shape)], params


def _order(filters: CatalogFilters, today: date) -> list[Any]:
    """Products in stock first, whatever the order chosen (issue 13): the indexes lead with `has_stock`."""
    in_stock, newest = Product.has_stock.desc(), listing.NEWEST
    terms = search_terms(filters.q)
    if filters.sort == "price_asc":
        return [in_stock, *listing.CHEAPEST]
    if filters.sort == "price_desc":
        return [in_stock, *listing.DEAREST]
    if filters.sort == "stars":
        return [in_stock, shown_stars_on(today).desc(), *newest]
    if filters.sort == "relevance" and terms:
        return [in_stock, search.relevance(filters.q, terms).desc(), shown_stars_on(today).desc(), *newest]
    return [in_stock, *newest]  # "newest", and relevance with nothing to rank by


def card_options() -> list[Any]:
    """What a product card shows: producer, place, group and the first picture."""
    return [
        joinedload(Product.producer),
        joinedload(Product.locality),
        joinedload(Product.top_group),
        joinedload(Product.group),
        selectinload(Product.images),
    ]


def load_cards(
    conditions: Sequence[ColumnElement[bool]],
    order: Sequence[Any],
    page: int,
    per_page: int,
) -> list[Product]:
    """One page of products for cards, in two steps (a "deferred join").

    The first statement finds and orders the page's ids (from an index, or from the text index for a
    search); only the page's rows are then read whole, so a deep OFFSET or a ranking of many matches
    sorts ids and keys, not whole rows. The second statement, the same for every page, is built once
    per process: built around each page's ids, it cost more to make than to run.
    """
    return _load_page(conditions, order, page, per_page, _cards)


def _load_page(
    conditions: Sequence[ColumnElement[bool]],
    order: Sequence[Any],
    page: int,
    per_page: int,
    load: Loader[T],
    params: dict[str, Any] | None = None,
) -> list[T]:
    offset = (page - 1) * per_page
    statement = select(Product.id).where(*conditions).order_by(*order).limit(per_page).offset(offset)
    return _load_ids(listing.ids(statement, params), load)


def _load_ids(ids: Sequence[int], load: Loader[T]) -> list[T]:
    """The rows of `ids`, in that order."""
    if not ids:
        return []
    position = {product_id: index for index, product_id in enumerate(ids)}
    return sorted(load(ids), key=lambda row: position[row.id])  # type: ignore[attr-defined]  # every Loader row has an id


def _cards(ids: Sequence[int]) -> list[Product]:
    stmt = select(Product).where(Product.id.in_(ids))
    return list(db.session.scalars(stmt.options(*card_options())).all())


def search_products(filters: CatalogFilters, today: date) -> Page[Product]:
    """Published products matching `filters`, one page of them (entities, for the API)."""
    return find_products(filters, today, _cards)


def find_products(filters: CatalogFilters, today: date, load: Loader[T]) -> Page[T]:
    """Published products matching `filters`, one page of them, each row read by `load`.

    A listing's total is exact and cached per catalogue version; a search counts through the text
    index up to `search.COUNT_LIMIT` and says "more" past it. A search that finds nothing is tried
    once more allowing one typo in its long words.
    """
    key = ("count", filters.q, filters.stars, filters.group, filters.locality, filters.producer, today)
    terms = search_terms(filters.q)
    if terms and _is_plain_search(filters):
        # Words only, best match first: one read of the text index gives the count and the (at most
        # COUNT_LIMIT) matches ranked, kept together in this process's cache (free text: see storefront/cache).
        def window(fuzzy: bool) -> search.Window:
            return search.plain_window(filters.q, terms, today, fuzzy=fuzzy)

        found = remember((*key, "window"), lambda: window(False), local=True)
        if found.total == 0 and any(search.may_have_typo(t) for t in terms):
            found = remember((*key, "window", "fuzzy"), lambda: window(True), local=True)
        start = (filters.page - 1) * filters.per_page
        ranked = _load_ids(found.ids[start : start + filters.per_page], load)
        return Page(items=ranked, page=filters.page, per_page=filters.per_page, total=found.total, more=found.more)
    if not terms:
        return _listing(filters, today, key, load)
    counted, params = _conditions(filters, today, counting=True)
    fuzzy = False
    filter_conditions = counted[2:]

    def count() -> tuple[int, bool]:
        return search.count_matches(filter_conditions, terms, fuzzy=fuzzy, params=params)

    total, more = remember(key, count, local=True)  # free text: see storefront/cache
    if total == 0 and any(search.may_have_typo(t) for t in terms):
        fuzzy = True
        total, more = remember((*key, "fuzzy"), count, local=True)
    items: list[T] = []
    if total and (filters.page - 1) * filters.per_page < total:
        conditions, params = _conditions(filters, today, fuzzy=fuzzy)
        order = _order(filters, today)
        items = _load_page(conditions, order, filters.page, filters.per_page, load, params)
    return Page(items=items, page=filters.page, per_page=filters.per_page, total=total, more=more)


def _listing(filters: CatalogFilters, today: date, key: tuple[Any, ...], load: Loader[T]) -> Page[T]:
    """A page of a listing (no words): its count, exact and cached per catalogue version, then its rows."""
    by_segments = filters.sort == "stars"
    faceted = bool(filters.group or filters.locality or filters.producer)
    counts = remember(
        (*key, "star-segments" if by_segments else "in-stock"),
        lambda: listing.counts(filters, today, by_segments=by_segments),
        local=bool(filters.q),  # free text without words, like "!!!": see storefront/cache
        # Nothing found for a group, place or producer (the API passes made-up ones on): this process only.
        shared_if=lambda counts: counts[0] > 0 or not faceted,
    )
    total, in_stock, segments = counts[0], counts[1], counts[2:]
    items: list[T] = []
    if total and (filters.page - 1) * filters.per_page < total:
        ids = listing.page_ids(filters, today, total=total, in_stock=in_stock, segments=segments)
        items = _load_ids(ids, load)
    return Page(items=items, page=filters.page, per_page=filters.per_page, total=total, more=False)


# --- one product and its neighbours ----------------------------------------------------------


def get_product(slug: str, today: date) -> Product | None:
    """A published product with everything its page shows, or None (drafts are not public)."""
    slug_ = clean_slug(slug)
    if slug_ is None:
        return None
    return db.session.scalars(_product_page_statement(), {"slug": slug_}).unique().first()


@cache
def _product_page_statement() -> Select[Product]:
    """Built once per process, the slug a parameter: a crawler asks for 100,000 distinct product pages.

    One query, the pictures and certificates joined too: a product has a few of each, so the rows
    (pictures × certificates) stay few, and each selectin load had cost the ORM about 0.6 ms more.
    """
    return (
        select(Product)
        .where(Product.slug == bindparam("slug"), Product.status == ProductStatus.PUBLISHED)
        .options(
            joinedload(Product.producer).joinedload(Producer.locality),
            joinedload(Product.locality),
            joinedload(Product.group),
            joinedload(Product.top_group),
            joinedload(Product.images),
            joinedload(Product.certificates),
        )
    )


@cache
def _related_statement(take: int) -> Select[Any]:
    """Both "more from here" lists in one round trip, each list's ids in order, tagged with its list.

    Built once per process with the producer, the locality and the day as parameters: building this union
    of star-level buckets cost about 10 ms of a cold product page, several times what running it costs.
    """
    published = Product.status == ProductStatus.PUBLISHED
    producer_id, locality_id = bindparam("producer_id", type_=Integer), bindparam("locality_id", type_=Integer)
    today = bindparam("today", type_=Date)
    parts = []
    for tag, conditions in (
        (0, [Product.producer_id == producer_id]),
        (1, [Product.locality_id == locality_id, Product.producer_id != producer_id]),
    ):
        ranked = starsort.best_stars_first([published, *conditions], today, offset=0, limit=take).subquery()
        parts.append(
            select(literal(tag).label("tag"), ranked.c.id, ranked.c.has_stock, ranked.c.shown, ranked.c.created_at)
        )
    merged = union_all(*parts).subquery()
    order = [
        merged.c.tag,
        merged.c.has_stock.desc(),
        merged.c.shown.desc(),
        merged.c.created_at.desc(),
        merged.c.id.desc(),
    ]
    return select(merged.c.tag, merged.c.id).order_by(*order)


def related_ids(product: Product | ProductPage, today: date, limit: int = 4) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The ids of more from the same producer, and from other producers of the same locality; best stars
    first, never the product itself.

    The two lists depend on the producer and the locality, not on the product: they are cached as data
    (one more than shown, the product itself dropped here), so a crawler walking a producer's 250
    products reads them once.
    """
    producer_id, locality_id = product.producer_id, product.locality_id

    def both() -> tuple[list[int], list[int]]:
        lists: tuple[list[int], list[int]] = ([], [])
        params = {"producer_id": producer_id, "locality_id": locality_id, "today": today}
        # Plain rows of ids: run on the session's connection, past the ORM's handling of results (~0.25 ms).
        for tag, id_ in db.session.connection().execute(_related_statement(limit + 1), params):
            lists[int(tag)].append(int(id_))
        return lists

    mine, here = remember(("related", producer_id, locality_id, today, limit), both)
    return tuple(i for i in mine if i != product.id)[:limit], tuple(i for i in here if i != product.id)[:limit]


def related_cards(ids: Sequence[int]) -> dict[int, Row[Any]]:
    """The card rows of `ids` (`catalog.cards.card_rows`' columns and the buyers' `reviews.signals`), by id,
    in one query: entities for eight cards cost the page about 1.5 ms more."""
    if not ids:
        return {}
    return {row.id: row for row in card_rows(ids)}


def related_products(
    product: Product | ProductPage, today: date, limit: int = 4
) -> tuple[list[Row[Any]], list[Row[Any]]]:
    """The card rows of `related_ids`, the two lists in their order."""
    mine, here = related_ids(product, today, limit)
    cards = related_cards(mine + here)
    return [cards[i] for i in mine if i in cards], [cards[i] for i in here if i in cards]


# --- the home page and the filter choices -----------------------------------------------------


def featured_products(today: date, limit: int = 8) -> list[Product]:
    """5- and 4-star products with a valid certificate: those in stock first, then five stars first.

    A shop window full of sold-out products sends visitors nowhere; sold-out ones only fill the rest.
    """
    conditions = [Product.status == ProductStatus.PUBLISHED, Product.stars >= 4, stars_valid_on(today)]
    order = [Product.has_stock.desc(), Product.stars.desc(), Product.created_at.desc(), Product.id.desc()]
    return load_cards(conditions, order, 1, limit)


def top_groups() -> list[ProductGroup]:
    """The six OCOP groups, in the decision's order."""
    stmt = (
        select(ProductGroup).where(ProductGroup.parent_id.is_(None)).order_by(ProductGroup.position, ProductGroup.code)
    )
    return list(db.session.scalars(stmt).all())


def all_groups() -> list[ProductGroup]:
    """Groups and subgroups, each subgroup after its group (for the filter's choices)."""
    groups = list(db.session.scalars(select(ProductGroup).order_by(ProductGroup.position, ProductGroup.code)).all())
    tops = [g for g in groups if g.parent_id is None]
    ordered: list[ProductGroup] = []
    for top in tops:
        ordered.append(top)
        ordered += [g for g in groups if g.parent_id == top.id]
    return ordered


def product_counts_by_group() -> dict[int, int]:
    """Published products per top group id."""
    stmt = (
        select(Product.top_group_id, func.count())
        .where(Product.status == ProductStatus.PUBLISHED)
        .group_by(Product.top_group_id)
    )
    return {group_id: count for group_id, count in db.session.execute(stmt).all()}


def localities_with_products() -> list[tuple[Locality, int]]:
    """Localities that have published products, with how many, in Vietnamese alphabetical order."""
    counts = (
        select(Product.locality_id, func.count().label("n"))
        .where(Product.status == ProductStatus.PUBLISHED)
        .group_by(Product.locality_id)
        .subquery()
    )
    stmt = select(Locality, counts.c.n).join(counts, counts.c.locality_id == Locality.id)
    rows = [(locality, int(n)) for locality, n in db.session.execute(stmt).all()]
    # Vietnamese order, not code points: "Đặc khu" belongs with the Ds, not after "Xã".
    return sorted(rows, key=lambda row: (fold(row[0].name), row[0].name))


def get_group(slug: str) -> ProductGroup | None:
    slug_ = clean_slug(slug)
    if slug_ is None:
        return None
    return db.session.scalars(
        select(ProductGroup).where(ProductGroup.slug == slug_).options(joinedload(ProductGroup.parent))
    ).first()


def get_locality(slug: str) -> Locality | None:
    slug_ = clean_slug(slug)
    if slug_ is None:
        return None
    return db.session.scalars(select(Locality).where(Locality.slug == slug_)).first()
