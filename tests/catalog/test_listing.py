"""A listing's statements are built once per shape (which filters, which order) and run with each
page's values: two listings of one shape share a statement, and each shows its own products."""

from __future__ import annotations

from typing import Any

import pytest

from storefront.catalog import listing
from storefront.catalog.filters import CatalogFilters
from storefront.catalog.queries import search_products
from tests.factories import TODAY, Shop


def slugs(**filters: Any) -> list[str]:
    return [p.slug for p in search_products(CatalogFilters(**filters), TODAY).items]


@pytest.mark.parametrize("sort", ["newest", "price_asc", "price_desc", "stars"])
def test_two_listings_of_one_shape_share_a_statement_and_show_their_own_products(shop: Shop, sort: str) -> None:
    by_group = {slug: slugs(group=slug, sort=sort) for slug in ("do-uong", "thao-duoc", "thu-cong-my-nghe")}
    assert by_group["do-uong"] == ["ruou-ba-kich"]
    assert by_group["thao-duoc"] == ["ba-kich-tim-ba-che"]
    assert by_group["thu-cong-my-nghe"] == []
    shapes = {listing.shape_of(CatalogFilters(group=slug, sort=sort), TODAY)[0] for slug in by_group}
    assert len(shapes) == 1  # one shape, so one statement, run with each group's id

    by_place = {slug: slugs(locality=slug, stars=4, sort=sort) for slug in ("dac-khu-co-to", "xa-binh-lieu")}
    assert by_place == {"dac-khu-co-to": ["muc-kho-co-to"], "xa-binh-lieu": ["mien-dong-binh-lieu"]}
    assert set(slugs(producer="htx-duoc-lieu-ba-che", sort=sort)) == {"ba-kich-tim-ba-che", "ruou-ba-kich"}


def test_a_subgroup_a_top_group_and_an_unknown_group_are_three_shapes(shop: Shop) -> None:
    seafood = set(slugs(group="thuy-san"))
    assert seafood == {"muc-kho-co-to", "cha-muc-ha-long", "muc-mot-nang"}
    assert seafood < set(slugs(group="thuc-pham", per_page=100))  # a top group holds its subgroups
    assert slugs(group="no-such-group") == []
    shapes = {listing.shape_of(CatalogFilters(group=g), TODAY)[0].group for g in ("thuy-san", "thuc-pham", "nope")}
    assert shapes == {"sub", "top", "unknown"}


def test_the_stars_filter_counts_only_certificates_valid_on_the_day_asked(shop: Shop) -> None:
    """`today` is a parameter: the statement built for one day, run on another, sees that day's."""
    assert "banh-gai-het-han" not in slugs(stars=3, per_page=100)  # expired: no stars shown
    assert search_products(CatalogFilters(stars=3), TODAY).total == 7
    in_ten_years = TODAY.replace(year=TODAY.year + 10)  # every certificate has expired by then
    assert (
        listing.shape_of(CatalogFilters(stars=3), in_ten_years)[0]
        == listing.shape_of(CatalogFilters(stars=3), TODAY)[0]
    )
    assert search_products(CatalogFilters(stars=3), in_ten_years).total == 0
    assert search_products(CatalogFilters(stars=3, sort="stars"), in_ten_years).items == []
