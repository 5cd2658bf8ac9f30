"""The catalogue's query arguments: parsed once, never trusted, never an error.

`parse_filters` turns whatever a URL carries into a `CatalogFilters`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from storefront.text import clean_slug, fold, printable

SORTS = ("relevance", "newest", "price_asc", "price_desc", "stars")
MAX_QUERY_LENGTH = 200
#: More words than this add cost, not precision.
MAX_TERMS = 8
MAX_PAGE = 10_000
MAX_PER_PAGE = 100


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


# --- parsing -----------------------------------------------------------------------------------


def _int_in(value: Any, low: int, high: int) -> int | None:
    if not isinstance(value, str) or not re.fullmatch(r"\s*\+?\d{1,9}\s*", value):
        return None
    number = int(value)
    return number if low <= number <= high else None


def parse_filters(args: Mapping[str, str], per_page: int = 24) -> CatalogFilters:
    """Read the catalogue's query arguments. Never raises: bad values are dropped or clamped."""
    raw_q = args.get("q", "")
    q = printable(raw_q if isinstance(raw_q, str) else "")[:MAX_QUERY_LENGTH].strip()
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


#: What a group or place that does not exist becomes: one value for all of them, that no slug can be
#: (slugs are lowercase letters, digits and hyphens), so it matches nothing.
UNKNOWN_FACET = "~"


def known_facets(filters: CatalogFilters, *, groups: Collection[str], localities: Collection[str]) -> CatalogFilters:
    """The filters with every group or place that does not exist turned into UNKNOWN_FACET: the page still
    finds nothing for it, and a flood of made-up slugs asks for (and caches) one page, not one each.
    Stars and sort are already one of a few values (`parse_filters`)."""
    return replace(
        filters,
        group=filters.group if filters.group is None or filters.group in groups else UNKNOWN_FACET,
        locality=filters.locality if filters.locality is None or filters.locality in localities else UNKNOWN_FACET,
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
