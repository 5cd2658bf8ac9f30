"""Vietnam's 34 provinces and 3,321 communes since July 2025, from the maintained `vietnam-provinces` package.

Read once, on first use, and kept in memory (about 3,400 small tuples); nothing here touches the database.
The package (and the pydantic it brings) is imported then too: 150 ms and a few MB that a web worker
serving only the catalogue never needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from storefront.text import fold


@dataclass(frozen=True)
class Place:
    code: int
    name: str


@dataclass(frozen=True)
class Commune:
    code: int
    name: str
    province_code: int


@cache
def provinces() -> tuple[Place, ...]:
    """The 34 provinces and cities, sorted as Vietnamese readers expect (diacritics folded)."""
    from vietnam_provinces import Province

    return tuple(sorted((Place(int(p.code), p.name) for p in Province.iter_all()), key=lambda p: fold(p.name)))


@cache
def _provinces_by_code() -> dict[int, Place]:
    return {p.code: p for p in provinces()}


@cache
def _communes() -> dict[int, tuple[Commune, ...]]:
    from vietnam_provinces import Ward

    by_province: dict[int, list[Commune]] = {}
    for ward in Ward.iter_all():
        commune = Commune(int(ward.code), ward.name, int(ward.province_code))
        by_province.setdefault(commune.province_code, []).append(commune)
    return {code: tuple(sorted(items, key=lambda c: fold(c.name))) for code, items in by_province.items()}


@cache
def _communes_by_code() -> dict[int, Commune]:
    return {c.code: c for items in _communes().values() for c in items}


def province(code: int | None) -> Place | None:
    return _provinces_by_code().get(code) if code is not None else None


def communes_of(province_code: int | None) -> tuple[Commune, ...]:
    """The communes and wards of one province; empty for an unknown code."""
    return _communes().get(province_code, ()) if province_code is not None else ()


def commune(code: int | None) -> Commune | None:
    return _communes_by_code().get(code) if code is not None else None


def commune_in_province(commune_code: int | None, province_code: int | None) -> Commune | None:
    """The commune if it lies in that province, else None (a commune from elsewhere is not an address)."""
    found = commune(commune_code)
    return found if found is not None and found.province_code == province_code else None
