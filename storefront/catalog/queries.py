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
    and_,
    bindparam,
    case,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql import operators

from storefront.cache import remember
from storefront.catalog import search, starsort
from storefront.catalog.cards import card_rows
from storefront.catalog.filters import CatalogFilters, search_terms
from storefront.catalog.models import Product, ProductGroup, ProductStatus
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


def valid_stars_expr(today: date) -> ColumnElement[int]:
    return case((Product.stars_valid_until > today, Product.stars), else_=0)


def shown_stars(product: Product, today: date) -> int:
    """The stars a product may show today: those of a certificate still valid, else none."""
    until = product.stars_valid_until
    return product.stars if until is not None and until > today else 0


def _group_condition(slug: str) -> ColumnElement[bool]:
    """A top group filters on `top_group_id`; a subgroup on its parent's too, so that the group indexes
    (`status, top_group_id, ...`, which carry `group_id`) serve both, a page or a count from one index."""

    def lookup() -> tuple[int, int | None] | None:
        row = db.session.execute(
            select(ProductGroup.id, ProductGroup.parent_id).where(ProductGroup.slug == slug)
        ).first()
        return (row.id, row.parent_id) if row else None

    # made-up slugs: local
    found = remember(("group-slug", slug, "parent"), lookup, shared_if=lambda row: row is not None)
    if found is None:
        return literal(False)
    group_id, parent_id = found
    if parent_id is None:
        return Product.top_group_id == group_id
    return and_(Product.top_group_id == parent_id, Product.group_id == group_id)


def _is_plain_search(filters: CatalogFilters) -> bool:
    """Words only, best match first: the search that may rank a bounded window (see catalog.search)."""
    narrowed = filters.stars or filters.group or filters.locality or filters.producer
    return bool(search_terms(filters.q)) and not narrowed and filters.sort == "relevance"


def _conditions(
    filters: CatalogFilters, today: date, *, fuzzy: bool = False, counting: bool = False
) -> list[ColumnElement[bool]]:
    """The status, then the words (a search), then the filters. `counting`: for the count, whatever the order."""
    terms = search_terms(filters.q)
    conditions = [search.published() if terms else Product.status == ProductStatus.PUBLISHED]
    if terms:
        conditions.append(search.match_condition(terms, fuzzy=fuzzy))
    if filters.stars:
        # With a facet or a price order, the facet's or the price's index must lead: SQLite without
        # statistics would otherwise start from the stars range (half the catalogue) and sort or filter it.
        # A count has no order: the stars are a range after the facets in `ix_products_facet_counts`.
        leads = counting or not (
            filters.group or filters.locality or filters.producer or filters.sort.startswith("price")
        )
        stars = Product.stars if leads else func.abs(Product.stars)
        conditions += [stars >= filters.stars, Product.stars_valid_until > today]
    if filters.group:
        conditions.append(_group_condition(filters.group))
    if filters.locality:
        conditions.append(
            Product.locality_id == select(Locality.id).where(Locality.slug == filters.locality).scalar_subquery()
        )
    if filters.producer:
        conditions.append(
            Product.producer_id == select(Producer.id).where(Producer.slug == filters.producer).scalar_subquery()
        )
    return conditions


def _order(filters: CatalogFilters, today: date) -> list[Any]:
    """Products in stock first, whatever the order chosen (issue 13): the indexes lead with `has_stock`."""
    in_stock = Product.has_stock.desc()
    newest = [Product.created_at.desc(), Product.id.desc()]
    terms = search_terms(filters.q)
    if filters.sort == "price_asc":
        return [in_stock, Product.price_vnd.asc(), Product.id.asc()]
    if filters.sort == "price_desc":
        return [in_stock, Product.price_vnd.desc(), Product.id.desc()]
    if filters.sort == "stars":
        return [in_stock, valid_stars_expr(today).desc(), *newest]
    if filters.sort == "relevance" and terms:
        return [in_stock, search.relevance(filters.q, terms).desc(), valid_stars_expr(today).desc(), *newest]
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


def _ids(statement: Select[Any]) -> list[int]:
    """The ids a statement of ids finds, in its order (plain integers: past the ORM's handling of rows)."""
    return [row[0] for row in db.session.connection().execute(statement)]


def _load_page(
    conditions: Sequence[ColumnElement[bool]], order: Sequence[Any], page: int, per_page: int, load: Loader[T]
) -> list[T]:
    offset = (page - 1) * per_page
    return _load_ids(_ids(select(Product.id).where(*conditions).order_by(*order).limit(per_page).offset(offset)), load)


def load_cards_by_price(
    conditions: Sequence[ColumnElement[bool]], page: int, per_page: int, *, total: int, in_stock: int, load: Loader[T]
) -> list[T]:
    """`load_cards` cheapest first, those in stock (`in_stock` of them) before the sold-out ones.

    "In stock first (has_stock DESC), then price ASC" mixes two directions, which no scan of one index
    serves: each index would sort all its range again. So the page is read from the range in stock,
    then the range sold out, each one in index order; the count of those in stock says where the
    page falls.
    """
    offset, order = (page - 1) * per_page, [Product.price_vnd.asc(), Product.id.asc()]
    parts = []
    if offset < in_stock:
        in_stock_part = select(Product.id).where(*conditions, Product.has_stock == true()).order_by(*order)
        parts.append(in_stock_part.limit(min(per_page, in_stock - offset)).offset(offset))
    if offset + per_page > in_stock < total:
        sold_out_part = select(Product.id).where(*conditions, Product.has_stock == false()).order_by(*order)
        parts.append(sold_out_part.limit(offset + per_page - max(offset, in_stock)).offset(max(0, offset - in_stock)))
    return _load_ids(_ids_in_turn(parts, order), load)


def _ids_in_turn(parts: Sequence[Select[Any]], order: Sequence[Any]) -> list[int]:
    """The ids of `parts` (each `select(Product.id)...` in `order`, on `products`' own columns), part after
    part, in one statement: each part is tagged with its place, and the union sorted by it, then `order`."""
    if len(parts) <= 1:
        return _ids(parts[0]) if parts else []
    keys = [element.element for element in order]  # the columns under asc() / desc()
    tagged = [
        part.add_columns(literal(n).label("part"), *(key.label(f"key_{k}") for k, key in enumerate(keys)))
        for n, part in enumerate(parts)
    ]
    both = union_all(*(part.subquery().select() for part in tagged)).subquery()
    resorted = [
        getattr(both.c[f"key_{k}"], "desc" if _is_descending(clause) else "asc")() for k, clause in enumerate(order)
    ]
    return _ids(select(both.c.id).order_by(both.c.part, *resorted))


def _is_descending(clause: Any) -> bool:
    return getattr(clause, "modifier", None) is operators.desc_op


def _load_ids(ids: Sequence[int], load: Loader[T]) -> list[T]:
    """The rows of `ids`, in that order."""
    if not ids:
        return []
    position = {product_id: index for index, product_id in enumerate(ids)}
    return sorted(load(ids), key=lambda row: position[row.id])  # type: ignore[attr-defined]  # every Loader row has an id


def _cards(ids: Sequence[int]) -> list[Product]:
    stmt = select(Product).where(Product.id.in_(ids))
    return list(db.session.scalars(stmt.options(*card_options())).all())


def star_segments(today: date) -> list[list[ColumnElement[bool]]]:
    """A "most stars first" listing in its order, as ranges that an index reads in order, newest first:
    in stock 5, 4 and 3 valid stars, then the others in stock; then the same sold out (issue 13).

    "The others" (no stars, or stars lapsed) are read newest first; should a row carry a valid level 1
    or 2 (never certified), only which of them fill a page may differ, as in starsort.
    """
    valid = Product.stars_valid_until > today
    certified = and_(Product.stars >= min(starsort.LEVELS), valid)
    others = or_(~certified, Product.stars_valid_until.is_(None))
    return [
        [Product.has_stock == flag, *level]
        for flag in (true(), false())
        for level in [*([Product.stars == n, valid] for n in starsort.LEVELS), [others]]
    ]


def load_cards_by_segments(
    conditions: Sequence[ColumnElement[bool]],
    today: date,
    page: int,
    per_page: int,
    *,
    counts: Sequence[int],
    load: Loader[T],
) -> list[T]:
    """`load_cards` in stock first, then most valid stars, then newest, when the size of each of its
    `star_segments` is known (`counts`, cached with the listing's count): only the one or two ranges
    the page falls in are read, each from its index at its own offset. Merging every level's first
    `offset + limit` rows (starsort.best_stars_first, still what "more from here" reads) sorted
    4 x 9,600 rows for page 400 of the catalogue, 30 ms; this reads 24 index entries past an offset.
    """
    offset, parts, start = (page - 1) * per_page, [], 0
    order: list[Any] = [Product.created_at.desc(), Product.id.desc()]
    for segment, count in zip(star_segments(today), counts, strict=True):
        first, last = max(offset, start), min(offset + per_page, start + count)
        if first < last:
            part = select(Product.id).where(*conditions, *segment).order_by(*order)
            parts.append(part.limit(last - first).offset(first - start))
        start += count
    return _load_ids(_ids_in_turn(parts, order), load)


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
    in_stock = 0  # a listing's count of those in stock, for the price order
    segment_counts: Sequence[int] = ()  # ... and of each of its star_segments, for the stars order
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
    counted = _conditions(filters, today, counting=True)
    if terms:
        fuzzy = False
        filter_conditions = counted[2:]

        def count() -> tuple[int, bool]:
            return search.count_matches(filter_conditions, terms, fuzzy=fuzzy)

        total, more = remember(key, count, local=True)  # free text: see storefront/cache
        if total == 0 and any(search.may_have_typo(t) for t in terms):
            fuzzy = True
            total, more = remember((*key, "fuzzy"), count, local=True)
        conditions = _conditions(filters, today, fuzzy=fuzzy)
    else:
        more = False
        faceted = bool(filters.group or filters.locality or filters.producer)

        def count_listing() -> tuple[int, int]:
            in_stock = func.count().filter(Product.has_stock == true())
            row = db.session.execute(select(func.count(), in_stock).where(*counted)).one()
            return int(row[0]), int(row[1])

        def count_segments() -> tuple[int, ...]:
            """(total, in stock, each of `star_segments`): the same one count, a few sums more."""
            segments = [func.count().filter(and_(*segment)) for segment in star_segments(today)]
            row = db.session.execute(select(func.count(), *segments).where(*counted)).one()
            in_stock = row[1 : 1 + len(segments) // 2]  # star_segments: the in-stock half comes first
            return (int(row[0]), sum(int(n) for n in in_stock), *(int(n) for n in row[1:]))

        by_segments = filters.sort == "stars"
        counts = remember(
            (*key, "star-segments" if by_segments else "in-stock"),
            count_segments if by_segments else count_listing,
            local=bool(filters.q),  # free text without words, like "!!!": see storefront/cache
            # Nothing found for a group, place or producer (the API passes made-up ones on): this process only.
            shared_if=lambda counts: counts[0] > 0 or not faceted,
        )
        total, in_stock, segment_counts = counts[0], counts[1], counts[2:]
        conditions = _conditions(filters, today)
    items: list[T] = []
    if total and (filters.page - 1) * filters.per_page < total:
        if filters.sort == "stars" and not terms:
            page, per_page = filters.page, filters.per_page
            items = load_cards_by_segments(conditions, today, page, per_page, counts=segment_counts, load=load)
        elif filters.sort == "price_asc" and not terms:
            page_args = (conditions, filters.page, filters.per_page)
            items = load_cards_by_price(*page_args, total=total, in_stock=in_stock, load=load)
        else:
            items = _load_page(conditions, _order(filters, today), filters.page, filters.per_page, load)
    return Page(items=items, page=filters.page, per_page=filters.per_page, total=total, more=more)


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
    conditions = [Product.status == ProductStatus.PUBLISHED, Product.stars >= 4, Product.stars_valid_until > today]
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
