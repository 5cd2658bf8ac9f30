"""parse_filters never raises: malformed values are dropped or clamped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from werkzeug.datastructures import MultiDict

from storefront.catalog.filters import MAX_PAGE, CatalogFilters, like_escape, parse_filters, search_terms
from storefront.clock import vn_today


def test_defaults() -> None:
    assert parse_filters({}) == CatalogFilters()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"page": "-1"}, {"page": 1}),
        ({"page": "abc"}, {"page": 1}),
        ({"page": "0"}, {"page": 1}),
        ({"page": "3"}, {"page": 3}),
        ({"page": "1e5"}, {"page": 1}),
        ({"page": "99999999999"}, {"page": MAX_PAGE}),
        ({"stars": "99"}, {"stars": None}),
        ({"stars": "0"}, {"stars": None}),
        ({"stars": "4"}, {"stars": 4}),
        ({"stars": "4.5"}, {"stars": None}),
        ({"stars": "five"}, {"stars": None}),
        ({"sort": "price_asc"}, {"sort": "price_asc"}),
        ({"sort": "DROP TABLE"}, {"sort": "relevance"}),
        ({"group": "thuc-pham"}, {"group": "thuc-pham"}),
        ({"group": "a b"}, {"group": None}),
        ({"locality": "x" * 500}, {"locality": None}),
        ({"producer": "htx\x00"}, {"producer": None}),
        ({"q": "  mực   khô  "}, {"q": "mực khô"}),
        ({"q": "muc\x00kho"}, {"q": "muckho"}),
    ],
)
def test_malformed_values_are_dropped_or_clamped(args: dict[str, str], expected: dict[str, object]) -> None:
    filters = parse_filters(args)
    for name, value in expected.items():
        assert getattr(filters, name) == value


def test_a_huge_query_is_cut_to_200_characters() -> None:
    assert len(parse_filters({"q": "mực " * 2000}).q) <= 200


def test_first_value_of_a_repeated_argument_wins() -> None:
    assert parse_filters(MultiDict([("stars", "5"), ("stars", "3")])).stars == 5


def test_per_page_is_clamped() -> None:
    assert parse_filters({}, per_page=10_000).per_page == 100
    assert parse_filters({}, per_page=0).per_page == 1


def test_query_args_keep_only_what_differs_from_the_default() -> None:
    filters = CatalogFilters(q="mực", stars=4, sort="price_asc", page=3)
    assert filters.query_args() == {"q": "mực", "stars": 4, "sort": "price_asc", "page": 3}
    assert filters.query_args(page=1) == {"q": "mực", "stars": 4, "sort": "price_asc"}
    assert CatalogFilters().query_args() == {}


def test_search_terms_fold_accents_and_d() -> None:
    assert search_terms("Mực  CÔ tô") == ["muc", "co", "to"]
    assert search_terms("Đường phèn") == ["duong", "phen"]
    assert search_terms("mực mực") == ["muc"]
    assert search_terms("a b c d e f g h i j") == list("abcdefgh")
    assert search_terms("%_'; --") == []


def test_like_wildcards_are_escaped() -> None:
    assert like_escape("50%_off\\") == "50\\%\\_off\\\\"


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        (datetime(2026, 1, 1, 16, 59, tzinfo=UTC), (2026, 1, 1)),
        (datetime(2026, 1, 1, 17, 0, tzinfo=UTC), (2026, 1, 2)),
        (datetime(2025, 12, 31, 23, 30, tzinfo=UTC), (2026, 1, 1)),
    ],
)
def test_vietnam_today_is_utc_plus_seven(utc: datetime, expected: tuple[int, int, int]) -> None:
    assert vn_today(utc).timetuple()[:3] == expected


def test_vietnam_today_refuses_naive_times() -> None:
    with pytest.raises(ValueError):
        vn_today(datetime(2026, 1, 1, 12, 0))
