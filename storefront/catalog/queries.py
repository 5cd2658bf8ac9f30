"""Reads of the public catalogue: filters, search, one product, and what sits beside it.

Every read says how its relations load, so a page costs the same number of queries whether it lists
three products or thirty. Listing filters and sorts follow the indexes on `products`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.orm import joinedload, selectinload

from storefront.catalog.cache import remember
from storefront.catalog.models import Product, ProductGroup, ProductStatus
from storefront.extensions import db
from storefront.places.models import Locality
from storefront.producers.models import Producer
from storefront.text import fold, normalize_accented

T = TypeVar("T")

SORTS = ("relevance", "newest", "price_asc", "price_desc", "stars")
MAX_QUERY_LENGTH = 200
#: More words than this add cost, not precision.
MAX_TERMS = 8
MAX_PAGE = 10_000
MAX_PER_PAGE = 100
MAX_SLUG_LENGTH = 160


@dataclass(frozen=True)
class CatalogFilters:
    q: str = ""
    stars: int | None = None
    group: str | None = None
    locality: str | None = None
    producer: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 24

    def with_page(self, page: int) -> CatalogFilters:
        return replace(self, page=page)

    def query_args(self, **overrides: Any) -> dict[str, str | int]:
        """The non-default values, as URL query arguments (for links and canonical addresses)."""
        values = {
            "q": self.q,
            "stars": self.stars,
            "group": self.group,
            "locality": self.locality,
            "producer": self.producer,
            "sort": None if self.sort == "relevance" else self.sort,
            "page": None if self.page == 1 else self.page,
        }
        values.update(overrides)
        if values.get("page") == 1:
            values["page"] = None
        if values.get("sort") == "relevance":
            values["sort"] = None
        return {k: v for k, v in values.items() if v is not None and v != ""}

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.stars or self.group or self.locality or self.producer)


@dataclass
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def is_beyond_last(self) -> bool:
        return self.page > self.pages

    @property
    def first_index(self) -> int:
        """1-based position of the first item shown (0 on an empty page)."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * self.per_page + len(self.items)


# --- parsing -----------------------------------------------------------------------------------


def _printable(value: str) -> str:
    """Drop control characters (PostgreSQL refuses NUL in text) and collapse white space."""
    kept = "".join(ch for ch in value if not unicodedata.category(ch).startswith("C"))
    return " ".join(kept.split())


def clean_slug(value: Any) -> str | None:
    """A slug as it may appear in a URL, or None: no spaces, no control characters, bounded length."""
    if not isinstance(value, str):
        return None
    value = value.strip().lower()
    if not value or len(value) > MAX_SLUG_LENGTH or _printable(value) != value or " " in value:
        return None
    return value


def _int_in(value: Any, low: int, high: int) -> int | None:
    if not isinstance(value, str) or not re.fullmatch(r"\s*\+?\d{1,9}\s*", value):
        return None
    number = int(value)
    return number if low <= number <= high else None


def parse_filters(args: Mapping[str, str], per_page: int = 24) -> CatalogFilters:
    """Read the catalogue's query arguments. Never raises: bad values are dropped or clamped."""
    raw_q = args.get("q", "")
    q = _printable(raw_q if isinstance(raw_q, str) else "")[:MAX_QUERY_LENGTH].strip()
    raw_page = args.get("page", "")
    page = 1
    if isinstance(raw_page, str) and re.fullmatch(r"\s*\+?\d{1,40}\s*", raw_page):
        page = min(max(int(raw_page), 1), MAX_PAGE)
    sort = args.get("sort", "relevance")
    return CatalogFilters(
        q=q,
        stars=_int_in(args.get("stars"), 1, 5),
        group=clean_slug(args.get("group")),
        locality=clean_slug(args.get("locality")),
        producer=clean_slug(args.get("producer")),
        sort=sort if sort in SORTS else "relevance",
        page=page,
        per_page=min(max(int(per_page), 1), MAX_PER_PAGE),
    )


# --- search ------------------------------------------------------------------------------------


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_terms(q: str) -> list[str]:
    """The folded words of a query, each once, at most MAX_TERMS: `Mực  CÔ tô` -> [muc, co, to]."""
    terms: list[str] = []
    for term in fold(q).split():
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def _word_start(column: Any, text: str) -> ColumnElement[bool]:
    """`text` at the start of a word of `column` (so `ma` finds `mắm` but not `cam`)."""
    return (literal(" ") + column).like(f"% {like_escape(text)}%", escape="\\")


def _relevance(q: str, terms: Sequence[str]) -> ColumnElement[int]:
    """Best first: the accented query in a name, then a name that starts with it, then the words in a row.

    `search_exact` holds the lower-case accented names, so for `mã` a "Mã ..." product outscores a
    "Ma ..." one, and for `ma` the reverse; both still match the folded filter.
    """
    phrase = " ".join(terms)
    accented = normalize_accented(q)
    score: ColumnElement[int] = case((_word_start(Product.search_exact, accented), 8), else_=0)
    score = score + case((Product.search_text.like(f"{like_escape(phrase)}%", escape="\\"), 4), else_=0)
    score = score + case((_word_start(Product.search_text, phrase), 2), else_=0)
    for word in accented.split()[:MAX_TERMS]:
        score = score + case((_word_start(Product.search_exact, word), 1), else_=0)
    return score


def valid_stars_expr(today: date) -> ColumnElement[int]:
    return case((Product.stars_valid_until > today, Product.stars), else_=0)


def shown_stars(product: Product, today: date) -> int:
    """The stars a product may show today: those of a certificate still valid, else none."""
    until = product.stars_valid_until
    return product.stars if until is not None and until > today else 0


def _group_condition(slug: str) -> ColumnElement[bool]:
    """A top group filters on `top_group_id`, a subgroup on `group_id`: one indexed equality either way."""

    def lookup() -> tuple[int, bool] | None:
        row = db.session.execute(
            select(ProductGroup.id, ProductGroup.parent_id).where(ProductGroup.slug == slug)
        ).first()
        return (row.id, row.parent_id is None) if row else None

    found = remember(("group-slug", slug), lookup)
    if found is None:
        return literal(False)
    group_id, is_top = found
    return Product.top_group_id == group_id if is_top else Product.group_id == group_id


def _conditions(filters: CatalogFilters, today: date) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Product.status == ProductStatus.PUBLISHED]
    for term in search_terms(filters.q):
        conditions.append(_word_start(Product.search_text, term))
    if filters.stars:
        conditions += [Product.stars >= filters.stars, Product.stars_valid_until > today]
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
    newest = [Product.created_at.desc(), Product.id.desc()]
    terms = search_terms(filters.q)
    if filters.sort == "price_asc":
        return [Product.price_vnd.asc(), Product.id.asc()]
    if filters.sort == "price_desc":
        return [Product.price_vnd.desc(), Product.id.desc()]
    if filters.sort == "stars":
        return [valid_stars_expr(today).desc(), *newest]
    if filters.sort == "relevance" and terms:
        return [_relevance(filters.q, terms).desc(), valid_stars_expr(today).desc(), *newest]
    return newest  # "newest", and relevance with nothing to rank by


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
    conditions: Sequence[ColumnElement[bool]], order: Sequence[Any], page: int, per_page: int, *, filter_first: bool = False
) -> list[Product]:
    """One page of products for cards, in two steps inside one statement (a "deferred join").

    The inner SELECT finds the ids from an index alone; only the page's rows are then read whole.
    Listings page in the inner query, so a deep OFFSET walks index entries, not 100k rows. A search
    (`filter_first`) filters in the inner query, from the narrow search index, and ranks only the
    matching rows outside it.
    """
    offset = (page - 1) * per_page
    if filter_first:
        ids = select(Product.id).where(*conditions)
        stmt = select(Product).where(Product.id.in_(ids)).order_by(*order).limit(per_page).offset(offset)
    else:
        ids = select(Product.id).where(*conditions).order_by(*order).limit(per_page).offset(offset)
        stmt = select(Product).where(Product.id.in_(ids)).order_by(*order)
    return list(db.session.scalars(stmt.options(*card_options())).all())


def search_products(filters: CatalogFilters, today: date) -> Page[Product]:
    """Published products matching `filters`, one page of them; the total is cached per catalogue version."""
    conditions = _conditions(filters, today)
    count_key = ("count", filters.q, filters.stars, filters.group, filters.locality, filters.producer, today)
    total = remember(
        count_key,
        lambda: int(db.session.scalar(select(func.count()).select_from(Product).where(*conditions)) or 0),
    )
    items: list[Product] = []
    if total and (filters.page - 1) * filters.per_page < total:
        order = _order(filters, today)
        searching = bool(search_terms(filters.q))
        items = load_cards(conditions, order, filters.page, filters.per_page, filter_first=searching)
    return Page(items=items, page=filters.page, per_page=filters.per_page, total=total)


# --- one product and its neighbours ----------------------------------------------------------


def get_product(slug: str, today: date) -> Product | None:
    """A published product with everything its page shows, or None (drafts are not public)."""
    slug_ = clean_slug(slug)
    if slug_ is None:
        return None
    stmt = (
        select(Product)
        .where(Product.slug == slug_, Product.status == ProductStatus.PUBLISHED)
        .options(
            joinedload(Product.producer).joinedload(Producer.locality),
            joinedload(Product.locality),
            joinedload(Product.group),
            joinedload(Product.top_group),
            selectinload(Product.images),
            selectinload(Product.certificates),
        )
    )
    return db.session.scalars(stmt).first()


def related_products(product: Product, today: date, limit: int = 4) -> tuple[list[Product], list[Product]]:
    """More from the same producer, and from other producers of the same locality; best stars first."""
    order = [valid_stars_expr(today).desc(), Product.created_at.desc(), Product.id.desc()]
    base = [Product.status == ProductStatus.PUBLISHED, Product.id != product.id]
    same_producer = load_cards([*base, Product.producer_id == product.producer_id], order, 1, limit)
    same_locality = load_cards(
        [*base, Product.locality_id == product.locality_id, Product.producer_id != product.producer_id], order, 1, limit
    )
    return same_producer, same_locality


# --- the home page and the filter choices -----------------------------------------------------


def featured_products(today: date, limit: int = 8) -> list[Product]:
    """5- and 4-star products with a valid certificate, five stars first."""
    conditions = [Product.status == ProductStatus.PUBLISHED, Product.stars >= 4, Product.stars_valid_until > today]
    return load_cards(conditions, [Product.stars.desc(), Product.created_at.desc(), Product.id.desc()], 1, limit)


def top_groups() -> list[ProductGroup]:
    """The six OCOP groups, in the decision's order."""
    stmt = select(ProductGroup).where(ProductGroup.parent_id.is_(None)).order_by(ProductGroup.position, ProductGroup.code)
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
    """Localities that have published products, with how many, by name."""
    counts = (
        select(Product.locality_id, func.count().label("n"))
        .where(Product.status == ProductStatus.PUBLISHED)
        .group_by(Product.locality_id)
        .subquery()
    )
    stmt = select(Locality, counts.c.n).join(counts, counts.c.locality_id == Locality.id).order_by(Locality.name)
    return [(locality, int(n)) for locality, n in db.session.execute(stmt).all()]


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
