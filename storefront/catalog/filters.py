"""The catalogue's query arguments: parsed once, never trusted, never an error.

`parse_filters` turns whatever a URL carries into a `CatalogFilters`; `Page` is one page of results.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from storefront.text import fold

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

    def query_args(self, **overrides: Any) -> dict[str, Any]:
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
    #: True when there are more results than `total` (a search stops counting at a limit).
    more: bool = False

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
