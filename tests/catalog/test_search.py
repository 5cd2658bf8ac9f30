"""Catalogue search and filters against the database: folding, ranking, facets, sorts, pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storefront.catalog.filters import CatalogFilters
from storefront.catalog.queries import featured_products, get_product, related_products, search_products
from tests.factories import TODAY, Shop, make_certificate, make_image, make_product


def slugs(filters: CatalogFilters) -> list[str]:
    return [p.slug for p in search_products(filters, TODAY).items]


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ("muc co to", "muc-kho-co-to"),
        ("mực khô", "muc-kho-co-to"),
        ("MUC KHO CO TO", "muc-kho-co-to"),
        ("mien dong", "mien-dong-binh-lieu"),
        ("ba kich", "ba-kich-tim-ba-che"),
        ("duong phen", "duong-phen-dam-ha"),
        ("dam ha", "duong-phen-dam-ha"),
        ("squid cakes", "cha-muc-ha-long"),
        ("binh lieu", "mien-dong-binh-lieu"),
    ],
)
def test_search_without_diacritics_finds_the_product_first(shop: Shop, q: str, first: str) -> None:
    found = slugs(CatalogFilters(q=q))
    assert found and found[0] == first


def test_every_word_must_match(shop: Shop) -> None:
    assert slugs(CatalogFilters(q="muc binh lieu")) == []
    assert set(slugs(CatalogFilters(q="ba kich"))) == {"ba-kich-tim-ba-che", "ruou-ba-kich"}


def test_words_match_at_word_starts_not_inside_words(shop: Shop) -> None:
    # "uc" is inside "muc" but starts no word of any product.
    assert slugs(CatalogFilters(q="uc")) == []
    # A prefix of a word is enough, for people still typing.
    assert "mien-dong-binh-lieu" in slugs(CatalogFilters(q="mie"))


@pytest.mark.parametrize("q", ["%", "_", "%%%", "' OR 1=1 --", "<script>alert(1)</script>", "\\"])
def test_wildcards_and_hostile_text_match_nothing_special(shop: Shop, q: str) -> None:
    page = search_products(CatalogFilters(q=q), TODAY)
    # Nothing searchable is left after folding: the query does not filter, and nothing breaks.
    assert page.total in (0, 9)


def test_like_wildcards_in_a_query_are_not_wildcards(shop: Shop) -> None:
    # Punctuation separates words; it never widens a match.
    assert slugs(CatalogFilters(q="_uc")) == slugs(CatalogFilters(q="uc")) == []
    assert slugs(CatalogFilters(q="%uc%")) == []
    assert slugs(CatalogFilters(q="mực%")) == slugs(CatalogFilters(q="mực"))


def test_a_name_match_ranks_above_a_match_on_the_producer_or_place(shop: Shop) -> None:
    # "Cô Tô" is in the names of the squid and the homestay, and in the producer of all three.
    found = slugs(CatalogFilters(q="mực cô tô"))
    assert found[:2] == ["muc-kho-co-to", "muc-mot-nang"]


def test_an_exact_accented_match_ranks_above_a_merely_folded_one(db) -> None:
    older = make_product(slug="che-ma-de", name_vi="Chè mã đề", name_en="Plantain tea")
    newer = make_product(slug="che-ma-dao", name_vi="Chè má đào", name_en="Peach tea")
    older.created_at = newer.created_at - timedelta(days=30)
    db.session.flush()
    assert slugs(CatalogFilters(q="mã"))[:2] == ["che-ma-de", "che-ma-dao"]
    assert slugs(CatalogFilters(q="má"))[:2] == ["che-ma-dao", "che-ma-de"]
    # Without accents both are equally good: the newer one comes first.
    assert slugs(CatalogFilters(q="ma"))[:2] == ["che-ma-dao", "che-ma-de"]


def test_stars_filter_is_a_minimum_from_a_valid_certificate(shop: Shop) -> None:
    assert set(slugs(CatalogFilters(stars=5))) == {"muc-kho-co-to", "cha-muc-ha-long"}
    four_up = set(slugs(CatalogFilters(stars=4)))
    assert four_up == {"muc-kho-co-to", "cha-muc-ha-long", "mien-dong-binh-lieu", "ba-kich-tim-ba-che"}
    three_up = set(slugs(CatalogFilters(stars=3)))
    assert "banh-gai-het-han" not in three_up  # its 4-star certificate expired
    assert "duong-phen-dam-ha" not in three_up  # never certified


def test_stars_expire_on_the_day_the_certificate_does(shop: Shop) -> None:
    squid = shop.products["muc-kho-co-to"]
    assert squid.stars_valid_until is not None
    last_day = squid.stars_valid_until - timedelta(days=1)
    assert "muc-kho-co-to" in [p.slug for p in search_products(CatalogFilters(stars=5), last_day).items]
    assert "muc-kho-co-to" not in [
        p.slug for p in search_products(CatalogFilters(stars=5), squid.stars_valid_until).items
    ]


def test_group_filter_takes_a_top_group_or_a_subgroup(shop: Shop) -> None:
    food = set(slugs(CatalogFilters(group="thuc-pham")))
    assert {"muc-kho-co-to", "mien-dong-binh-lieu", "cha-muc-ha-long", "duong-phen-dam-ha"} <= food
    assert "ba-kich-tim-ba-che" not in food
    assert set(slugs(CatalogFilters(group="thuy-san"))) == {"muc-kho-co-to", "cha-muc-ha-long", "muc-mot-nang"}


def test_locality_and_producer_filters(shop: Shop) -> None:
    assert set(slugs(CatalogFilters(locality="xa-ba-che"))) == {"ba-kich-tim-ba-che", "ruou-ba-kich"}
    assert set(slugs(CatalogFilters(producer="cong-ty-cha-muc-ha-long"))) == {"cha-muc-ha-long", "banh-gai-het-han"}
    assert slugs(CatalogFilters(locality="xa-ba-che", q="ruou")) == ["ruou-ba-kich"]


@pytest.mark.parametrize("facet", ["group", "locality", "producer"])
def test_unknown_slugs_find_nothing(shop: Shop, facet: str) -> None:
    filters = CatalogFilters(**{facet: "no-such-thing"})  # type: ignore[arg-type]  # each facet is a str
    assert search_products(filters, TODAY).total == 0


def test_sort_orders(shop: Shop) -> None:
    prices = [p.price_vnd for p in search_products(CatalogFilters(sort="price_asc"), TODAY).items]
    assert prices == sorted(prices)
    prices = [p.price_vnd for p in search_products(CatalogFilters(sort="price_desc"), TODAY).items]
    assert prices == sorted(prices, reverse=True)
    newest = slugs(CatalogFilters(sort="newest"))
    assert newest[0] == "banh-gai-het-han" and newest[-1] == "muc-kho-co-to"
    by_stars = search_products(CatalogFilters(sort="stars"), TODAY).items
    shown = [p.stars if p.stars_valid_until and p.stars_valid_until > TODAY else 0 for p in by_stars]
    assert shown == sorted(shown, reverse=True) and shown[-1] == 0
    assert by_stars[-1].slug in {"banh-gai-het-han", "duong-phen-dam-ha"}


def test_drafts_are_never_listed_or_found(shop: Shop) -> None:
    assert "san-pham-nhap" not in slugs(CatalogFilters(per_page=100))
    assert slugs(CatalogFilters(q="nhap")) == []
    assert get_product("san-pham-nhap", TODAY) is None
    assert search_products(CatalogFilters(), TODAY).total == 9


def test_pages(shop: Shop) -> None:
    first = search_products(CatalogFilters(per_page=4), TODAY)
    assert (first.total, first.pages, first.has_prev, first.has_next) == (9, 3, False, True)
    last = search_products(CatalogFilters(per_page=4, page=3), TODAY)
    assert len(last.items) == 1 and last.has_prev and not last.has_next
    assert (last.first_index, last.last_index) == (9, 9)
    beyond = search_products(CatalogFilters(per_page=4, page=50), TODAY)
    assert beyond.items == [] and beyond.total == 9 and beyond.is_beyond_last
    seen = [p.slug for n in (1, 2, 3) for p in search_products(CatalogFilters(per_page=4, page=n), TODAY).items]
    assert len(seen) == len(set(seen)) == 9


def test_get_product_loads_what_its_page_shows(shop: Shop, count_queries) -> None:
    from storefront.extensions import db

    db.session.expunge_all()
    with count_queries() as queries:
        product = get_product("muc-kho-co-to", TODAY)
        assert product is not None
        _ = (product.producer.locality.name, product.locality.name, product.group.name_vi, product.top_group.name_vi)
        _ = ([i.path for i in product.images], [c.number for c in product.certificates])
    assert len(queries) == 1


def test_get_product_joins_each_picture_and_certificate_once(db, count_queries) -> None:
    """Pictures and certificates come in the product's one query (their rows multiply): each is there once, in order."""
    product = make_product(slug="tra-hoa-vang", stars=4, today=TODAY)
    for position in (2, 0, 1):
        make_image(product, position=position, path=f"products/tra-{position}.png")
    older = make_certificate(product, stars=3, decided_on=TODAY - timedelta(days=900), today=TODAY)
    db.session.flush()
    db.session.expunge_all()
    with count_queries() as queries:
        found = get_product("tra-hoa-vang", TODAY)
        assert found is not None
        paths = [i.path for i in found.images]
        numbers = [c.number for c in found.certificates]
    assert len(queries) == 1
    assert paths == ["products/tra-0.png", "products/tra-1.png", "products/tra-2.png"]
    assert len(numbers) == 2 and numbers[-1] == older.number  # newest decision first


@pytest.mark.parametrize("slug", ["", "x" * 1000, "muc\x00", "../etc/passwd", "a b"])
def test_get_product_with_a_strange_slug_is_none(shop: Shop, slug: str) -> None:
    assert get_product(slug, TODAY) is None


def test_related_products(shop: Shop) -> None:
    same_producer, same_locality = related_products(shop.products["ba-kich-tim-ba-che"], TODAY)
    assert [p.slug for p in same_producer] == ["ruou-ba-kich"]
    assert same_locality == []
    same_producer, _ = related_products(shop.products["muc-kho-co-to"], TODAY)
    assert "muc-kho-co-to" not in [p.slug for p in same_producer]
    assert {p.slug for p in same_producer} == {"muc-mot-nang", "homestay-co-to"}


def test_featured_products_are_valid_four_and_five_stars(shop: Shop) -> None:
    featured = [p.slug for p in featured_products(TODAY)]
    assert featured[:2] and set(featured[:2]) == {"muc-kho-co-to", "cha-muc-ha-long"}
    assert set(featured) == {"muc-kho-co-to", "cha-muc-ha-long", "mien-dong-binh-lieu", "ba-kich-tim-ba-che"}


def test_featured_products_in_stock_come_before_sold_out_ones(db) -> None:
    sold_out = [make_product(slug=f"het-hang-{i}", stars=5, stock=0, today=TODAY) for i in range(8)]
    in_stock = [make_product(slug=f"con-hang-{i}", stars=4, stock=3, today=TODAY) for i in range(3)]
    db.session.flush()
    featured = [p.slug for p in featured_products(TODAY)]
    # Four stars in stock before five stars sold out; sold-out ones only fill the rest of the window.
    assert set(featured[:3]) == {p.slug for p in in_stock}
    assert len(featured) == 8 and set(featured[3:]) <= {p.slug for p in sold_out}


@pytest.mark.parametrize("per_page", [1, 2, 3, 5])
def test_most_stars_pages_follow_one_order_across_stock_and_levels(db, per_page: int) -> None:
    """Pages of "most stars" (read range by range: in stock 5, 4, 3 stars, the others, then sold out)
    put together are the whole order: in stock first, then valid stars, then newest."""
    from datetime import UTC, datetime

    made = []
    for n, (stars, stock) in enumerate([(5, 0), (None, 3), (4, 2), (3, 0), (5, 1), (None, 0), (4, 0), (3, 5), (5, 4)]):
        made.append(
            make_product(stars=stars, today=TODAY, stock=stock, created_at=datetime(2026, 1, 1 + n, tzinfo=UTC))
        )
    lapsed = make_product(
        stars=5, today=TODAY - timedelta(days=3 * 365), stock=1, created_at=datetime(2026, 2, 1, tzinfo=UTC)
    )
    made.append(lapsed)
    db.session.flush()

    def key(p):
        shown = p.stars if p.stars_valid_until and p.stars_valid_until > TODAY else 0
        return (p.stock > 0, shown, p.created_at)

    expected = [p.slug for p in sorted(made, key=key, reverse=True)]
    pages = -(-len(made) // per_page)
    seen = [
        slug for n in range(1, pages + 1) for slug in slugs(CatalogFilters(sort="stars", page=n, per_page=per_page))
    ]
    assert seen == expected
    assert slugs(CatalogFilters(sort="stars", page=pages + 1, per_page=per_page)) == []
