"""The search cases: what a shopper types and the product that must come first, on SQLite and PostgreSQL.

Run on both databases (`TEST_DATABASE_URL` for PostgreSQL) through each one's own text index.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from storefront.catalog import queries, search
from storefront.catalog.filters import CatalogFilters
from storefront.catalog.models import ProductStatus
from storefront.catalog.queries import search_products
from storefront.catalog.services import index_product
from storefront.extensions import db
from tests.factories import TODAY, Shop, make_product


@pytest.fixture()
def catalogue(shop: Shop, db) -> Shop:
    """The shared small shop, plus products whose words only a real ranking puts in the right order."""
    g, p = shop.groups, shop.producers
    extra = [
        ("tra-hoa-vang", "Trà hoa vàng Ba Chẽ", "Ba Chẽ golden camellia tea", g["do-uong"], "htx-duoc-lieu-ba-che", ""),
        (
            "khan-theu",
            "Khăn thêu Bình Liêu",
            "Bình Liêu embroidered scarf",
            g["thu-cong-my-nghe"],
            "htx-mien-dong-binh-lieu",
            "Thêu tay bằng chỉ tơ tằm.",
        ),
        (
            "banh-da-ca",
            "Bánh đa cá Cô Tô",
            "Cô Tô fish crackers",
            g["thuc-pham"],
            "htx-thuy-san-co-to",
            "Làm từ mực và cá tươi.",
        ),
        ("che-ma-de", "Chè mã đề", "Plantain tea", g["do-uong"], "htx-duoc-lieu-ba-che", ""),
        ("che-ma-dao", "Chè má đào", "Peach tea", g["do-uong"], "htx-duoc-lieu-ba-che", ""),
        # PostgreSQL's text parser reads `12e3mah` as the number `12e3` and the word `mah`.
        (
            "den-pin-mat-troi",
            "Đèn pin mặt trời 12e3mAh",
            "Solar torch 12e3mAh",
            g["thu-cong-my-nghe"],
            "htx-mien-dong-binh-lieu",
            "",
        ),
    ]
    for age, (slug, vi, en, group, producer, description) in enumerate(extra):
        product = make_product(
            slug=slug,
            name_vi=vi,
            name_en=en,
            description_vi=description,
            description_en="",
            group=group,
            producer=p[producer],
            today=TODAY,
        )
        product.created_at -= timedelta(days=20 + age)
        shop.products[slug] = product
    # The same relevance and stars as Cô Tô's dried squid, and newer, but sold out: in stock comes first.
    sold_out = make_product(
        slug="muc-kho-co-to-nho",
        name_vi="Mực khô Cô Tô loại nhỏ",
        name_en="Cô Tô small dried squid",
        group=g["thuy-san"],
        producer=p["htx-thuy-san-co-to"],
        stock=0,
        stars=5,
        today=TODAY,
    )
    shop.products[sold_out.slug] = sold_out
    db.session.flush()
    return shop


def found(q: str, per_page: int = 24) -> list[str]:
    return [p.slug for p in search_products(CatalogFilters(q=q, per_page=per_page), TODAY).items]


CASES = [
    # without and with diacritics, any case
    ("muc kho co to", "muc-kho-co-to"),
    ("Mực khô", "muc-kho-co-to"),
    ("MUC KHO", "muc-kho-co-to"),
    ("mien dong", "mien-dong-binh-lieu"),
    ("trà hoa vàng", "tra-hoa-vang"),
    ("tra hoa vang", "tra-hoa-vang"),
    # đ and d
    ("duong phen", "duong-phen-dam-ha"),
    ("đường phèn", "duong-phen-dam-ha"),
    ("Đầm Hà", "duong-phen-dam-ha"),
    ("dam ha", "duong-phen-dam-ha"),
    # prefixes, for people still typing
    ("mien d", "mien-dong-binh-lieu"),
    ("mie", "mien-dong-binh-lieu"),
    ("ba ki", "ba-kich-tim-ba-che"),
    ("tra hoa v", "tra-hoa-vang"),
    ("hoa va", "tra-hoa-vang"),
    ("mien dong b", "mien-dong-binh-lieu"),
    ("ien", None),  # inside "mien", the start of no word
    # a word that PostgreSQL's parser would split, whole and as a start
    ("pin 12e3mah", "den-pin-mat-troi"),
    ("den pin 12e3", "den-pin-mat-troi"),
    ("pin 12e", "den-pin-mat-troi"),
    # ... the last word only: the words before it are whole, as typed
    ("mie dong", None),
    ("tra ho vang", None),
    # English words
    ("squid cakes", "cha-muc-ha-long"),
    ("dried squid", "muc-kho-co-to"),
    ("morinda wine", "ruou-ba-kich"),
    ("embroidered", "khan-theu"),
    # one typo in a word of six letters or more
    ("homestya", "homestay-co-to"),
    ("morrinda", "ba-kich-tim-ba-che"),
    ("noodels", "mien-dong-binh-lieu"),
    ("embroidred scarf", "khan-theu"),
    # producer and place names
    ("htx duoc lieu", "ba-kich-tim-ba-che"),
    ("ha long", "cha-muc-ha-long"),
    ("binh lieu", "mien-dong-binh-lieu"),
    # the name ranks before the description; the accented word as typed before a merely folded one
    ("muc", "muc-kho-co-to"),
    ("tơ tằm", "khan-theu"),
    ("mã", "che-ma-de"),
    ("má", "che-ma-dao"),
    # no match
    ("pizza", None),
    ("muc binh lieu", None),
    ("sqiud", None),  # five letters: too short for a typo
    # hostile input: FTS operators and stray punctuation are never syntax, never an error
    ('"muc kho', "muc-kho-co-to"),
    ('muc kho"', "muc-kho-co-to"),
    ("muc*", "muc-kho-co-to"),
    ("-muc", "muc-kho-co-to"),
    ("muc:kho", "muc-kho-co-to"),
    ("NEAR(muc kho)", None),
    ("search_name:muc", None),
    ("muc OR pizza", None),
    ("^muc", "muc-kho-co-to"),
    ("(muc", "muc-kho-co-to"),
    ("muc'); DROP TABLE products; --", None),
]


@pytest.mark.parametrize(("q", "first"), CASES, ids=[q for q, _ in CASES])
def test_search_case(catalogue: Shop, q: str, first: str | None) -> None:
    results = found(q)
    if first is None:
        assert results == []
    else:
        assert results and results[0] == first, results


@pytest.mark.parametrize("q", ['"', "*", "NEAR", "-", ":", '""', "'", "^", "(", ")", "AND", "đ", "a", "\\"])
def test_operators_alone_never_break_a_search(catalogue: Shop, q: str) -> None:
    page = search_products(CatalogFilters(q=q), TODAY)
    assert page.page == 1  # an answer, whatever it holds


def test_the_description_only_match_comes_after_the_name_matches(catalogue: Shop) -> None:
    results = found("muc")
    # In stock first (the sold-out small squid comes last of all), and among those the description last.
    assert results[-2:] == ["banh-da-ca", "muc-kho-co-to-nho"]
    assert {"muc-kho-co-to", "muc-mot-nang", "cha-muc-ha-long"} <= set(results)


def test_in_stock_comes_before_sold_out_at_equal_relevance(catalogue: Shop) -> None:
    results = found("muc kho co to")
    assert results[:2] == ["muc-kho-co-to", "muc-kho-co-to-nho"]


def test_the_count_is_exact_up_to_the_limit_then_more(catalogue: Shop, monkeypatch) -> None:
    assert search_products(CatalogFilters(q="co to"), TODAY).more is False
    exact = search_products(CatalogFilters(q="co to"), TODAY).total
    monkeypatch.setattr(search, "COUNT_LIMIT", 2)
    page = search_products(CatalogFilters(q="co to"), TODAY)
    assert exact > 2 and page.total == 2 and page.more is True


def test_every_change_to_a_product_shows_in_search_at_once(catalogue: Shop, db) -> None:
    product = catalogue.products["tra-hoa-vang"]
    product.name_vi, product.name_en = "Trà sen Tây Hồ", "West Lake lotus tea"
    index_product(product)
    db.session.flush()
    assert found("tra sen") == ["tra-hoa-vang"]
    assert found("hoa vang") == []

    product.status = ProductStatus.DRAFT
    db.session.flush()
    assert found("tra sen") == []
    product.status = ProductStatus.PUBLISHED
    db.session.flush()
    assert found("tra sen") == ["tra-hoa-vang"]

    product.stock = 0  # sold out: still found, shown as sold out
    db.session.flush()
    assert found("tra sen") == ["tra-hoa-vang"]

    db.session.delete(product)
    db.session.flush()
    assert found("tra sen") == []


def test_typo_variants_are_one_edit_away() -> None:
    variants = search.typo_variants("homestay")
    assert {"homestya", "homesty", "homestays", "hometsay", "homeatay"} <= set(variants)
    assert "homestay" not in variants and "hmoestya" not in variants


def test_a_broad_search_ranks_a_window_of_name_matches(catalogue: Shop, monkeypatch) -> None:
    monkeypatch.setattr(search, "COUNT_LIMIT", 3)
    page = search_products(CatalogFilters(q="co to"), TODAY)
    assert page.more and page.total == 3
    assert page.items and all("co to" in p.search_name for p in page.items)


def test_a_broad_search_reads_no_more_rows_than_its_window(catalogue: Shop, monkeypatch) -> None:
    """PostgreSQL sends every row a statement returns: the window's parts must not overlap there, or a
    broad search reads each match in names twice. SQLite stops reading where the count is reached."""
    monkeypatch.setattr(search, "COUNT_LIMIT", 2)
    dialect = db.engine.dialect.name
    params = search._window_params(dialect, ["co", "to"], TODAY, False)
    with db.session.connection().execute(search._window_statement(dialect), params) as result:
        rows = result.fetchmany(search._window_read(dialect) + 1)
    ids = [row[0] for row in rows]
    if dialect == "postgresql":
        assert len(ids) == 3 and len(set(ids)) == 3
    assert len(set(ids)) >= 3  # more than COUNT_LIMIT: the page says "more than 2"
    assert search_products(CatalogFilters(q="co to"), TODAY).more is True


def test_a_search_with_few_matches_in_names_fills_its_window_from_anywhere_once(catalogue: Shop) -> None:
    """`banh-da-ca` has "muc" in its description only: it is in the window once, after the names."""
    window = search.plain_window("muc", ["muc"], TODAY)
    assert len(window.ids) == len(set(window.ids)) == window.total
    assert window.ids[-2:] == tuple(catalogue.products[s].id for s in ("banh-da-ca", "muc-kho-co-to-nho"))


def test_a_broad_search_fills_its_window_with_the_word_typed_out_first(catalogue: Shop, db, monkeypatch) -> None:
    """Past COUNT_LIMIT matches, the names with the last word whole come before those where it only
    starts a word: PostgreSQL gathers every word that starts so before the first match."""
    older = make_product(slug="sen-da", name_vi="Sennet đá Hạ Long", name_en="Ha Long stone sennet")
    newer = make_product(slug="tra-sen", name_vi="Trà sen Tây Hồ", name_en="West Lake lotus tea")
    for product in (older, newer):
        index_product(product)
    db.session.flush()
    assert set(found("sen")) == {"sen-da", "tra-sen"}
    monkeypatch.setattr(search, "COUNT_LIMIT", 1)
    assert search.plain_window("sen", ["sen"], TODAY).ids == (newer.id,)
    assert found("sen") == ["tra-sen"]


@pytest.mark.parametrize(
    ("terms", "names", "expected"),
    [
        (["mien", "d"], True, "'mien' & '^d'"),
        (["mien", "don"], True, "'mien' & '^don'"),
        (["mien", "dong"], True, "'mien' & 'dong':*"),
        (["mien", "d"], False, "'mien' & 'd':*"),
        (["5"], True, "'^5'"),
    ],
)
def test_postgresql_reads_a_short_last_word_as_a_prefix_lexeme_of_the_names(terms, names, expected) -> None:
    """Only the names' vector holds prefix lexemes (search_index.pg_vector); the whole document's does not."""
    assert search._tsquery(terms, False, names=names) == expected
    assert search._tsquery(terms, False, whole=True, names=names) == expected.replace("^", "").replace(":*", "")


def test_a_very_long_word_is_searched_without_variants(catalogue: Shop) -> None:
    assert not search.may_have_typo("a" * 21) and search.may_have_typo("a" * 20)
    assert found("a" * 200) == []


RANKED_QUERIES = [q for q, first in CASES if first is not None and q not in {"homestya", "morrinda", "noodels"}]
RANKED_QUERIES = [q for q in RANKED_QUERIES if q != "embroidred scarf"] + ["co to", "tra", "ba che", "che ma"]


@pytest.mark.parametrize("q", RANKED_QUERIES)
def test_a_plain_search_ranks_as_the_sql_ranking_does(catalogue: Shop, q: str) -> None:
    """A plain search ranks its window in Python (`search.rank_key`); a search with filters ranks in SQL
    (`search.relevance`). Both must give one order: here the SQL one over every match, unfiltered."""
    filters = CatalogFilters(q=q, per_page=100)
    conditions, params = queries._conditions(filters, TODAY)
    in_sql = queries._load_page(conditions, queries._order(filters, TODAY), 1, 100, queries._cards, params)
    assert found(q, per_page=100) == [p.slug for p in in_sql]
