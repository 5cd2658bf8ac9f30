"""GET /api/v1/suggest: type-ahead for the search box, from two letters, accents optional, at most ten."""

from __future__ import annotations

import pytest
from sqlalchemy import Join, text

from storefront.catalog.models import ProductStatus
from tests.factories import Shop, make_product


def suggest(client, q: str, **args: str) -> list[dict[str, str]]:
    response = client.get("/api/v1/suggest", query_string={"q": q, **args})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_places_producers_then_products(shop: Shop, client) -> None:
    items = suggest(client, "co to")
    kinds = [item["kind"] for item in items]
    assert kinds[:2] == ["locality", "producer"]
    assert items[0] == {
        "kind": "locality",
        "label": "Đặc khu Cô Tô",
        "kind_label": "Địa phương",
        "url": "https://shop.example/products?locality=dac-khu-co-to",
    }
    assert items[1]["label"] == "HTX Thủy sản Cô Tô"
    assert items[1]["url"] == "https://shop.example/producers/htx-thuy-san-co-to"
    products = [item for item in items if item["kind"] == "product"]
    assert {"Mực khô Cô Tô", "Mực một nắng Cô Tô"} <= {p["label"] for p in products}
    assert all(p["url"].startswith("https://shop.example/products/") for p in products)


@pytest.mark.parametrize("q", ["muc", "mực", "MỰC", "Muc"])
def test_diacritics_and_case_do_not_matter(shop: Shop, client, q: str) -> None:
    items = suggest(client, q)
    assert items[0] == {
        "kind": "producer",
        "label": "Công ty Chả mực Hạ Long",
        "kind_label": "Chủ thể sản xuất",
        "url": "https://shop.example/producers/cong-ty-cha-muc-ha-long",
    }
    labels = [item["label"] for item in items if item["kind"] == "product"]
    assert labels[:2] == ["Mực khô Cô Tô", "Mực một nắng Cô Tô"]  # names that start with it first
    assert "Chả mực Hạ Long" in labels


def test_d_finds_words_with_đ(shop: Shop, client) -> None:
    assert "Đường phèn Đầm Hà" in [item["label"] for item in suggest(client, "duong")]


def test_a_prefix_of_the_last_word_is_enough(shop: Shop, client) -> None:
    assert [item["label"] for item in suggest(client, "mien d") if item["kind"] == "product"] == ["Miến dong Bình Liêu"]


def test_english_names_for_english_visitors(shop: Shop, client) -> None:
    labels = [item["label"] for item in suggest(client, "squid", lang="en") if item["kind"] == "product"]
    assert "Hạ Long squid cakes" in labels


@pytest.mark.parametrize("q", ["", "m", " m ", "đ", "%", '"', "*"])
def test_nothing_before_two_letters(shop: Shop, client, q: str) -> None:
    assert suggest(client, q) == []


@pytest.mark.parametrize("q", ['"mu', "NEAR(mu", "mu*", "-mu", "mu:", "' OR 1=1 --", "\\", "^mu", "(mu"])
def test_operators_are_never_syntax(shop: Shop, client, q: str) -> None:
    suggest(client, q)  # a 200 with a list, whatever it holds


def test_at_most_ten_and_no_drafts(shop: Shop, client, db) -> None:
    for n in range(15):
        make_product(slug=f"muc-extra-{n}", name_vi=f"Mực ống {n}", name_en=f"Squid {n}")
    make_product(slug="muc-nhap", name_vi="Mực nháp", status=ProductStatus.DRAFT)
    items = suggest(client, "muc")
    assert len(items) == 10
    assert "Mực nháp" not in [item["label"] for item in items]


def test_a_long_query_is_a_clear_error(shop: Shop, client) -> None:
    response = client.get("/api/v1/suggest", query_string={"q": "m" * 101})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_parameter"


def test_the_openapi_document_describes_it(client, db) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/suggest"]["get"]
    assert [p["name"] for p in operation["parameters"]][:1] == ["q"]
    schema = spec["components"]["schemas"]["Suggestion"]
    assert set(schema["properties"]) == {"kind", "label", "kind_label", "url"}


def test_kinds_are_named_in_the_visitors_language(shop: Shop, client) -> None:
    kinds = {item["kind"]: item["kind_label"] for item in suggest(client, "co to", lang="vi")}
    assert kinds == {"locality": "Địa phương", "producer": "Chủ thể sản xuất", "product": "Sản phẩm"}


@pytest.mark.parametrize("q", ["mu", "muc kho", "co to", "ha"])
def test_suggestions_read_indexes(shop: Shop, db, q: str) -> None:
    from storefront.catalog.suggest import suggest as suggest_for
    from tests.catalog.test_query_cost import assert_indexed, captured

    with captured() as statements:
        suggest_for(q, "vi")
    assert_indexed(statements)


def test_the_names_follow_a_rename_and_a_delete(shop: Shop, client, db) -> None:
    """The names' own text index (SQLite: search_products_names, fed by triggers) follows every write."""
    from storefront.catalog.services import index_product

    product = next(p for p in shop.products.values() if p.slug == "muc-kho-co-to")
    product.name_vi = "Sá sùng khô Cô Tô"
    index_product(product)
    db.session.flush()
    labels = [item["label"] for item in suggest(client, "sa sung")]
    assert "Sá sùng khô Cô Tô" in labels
    assert "Sá sùng khô Cô Tô" not in [item["label"] for item in suggest(client, "muc kho")]
    db.session.delete(product)
    db.session.flush()
    assert "Sá sùng khô Cô Tô" not in [item["label"] for item in suggest(client, "sa sung kho")]


@pytest.mark.parametrize("looked_through", [2000, 0])
def test_a_short_last_word_matches_word_starts_only_and_follows_a_rename(
    shop: Shop, client, db, monkeypatch, looked_through: int
) -> None:
    """A last word of one to three letters is read from the names' prefix lexemes on PostgreSQL (`^s`,
    `^sa`, made by the database from the folded name; with `looked_through` 0 straight from the text
    index, past the walk through the newest names) and from FTS5's prefix index on SQLite: both follow
    a rename at once, and match only at a word's start (`ung` is inside "sùng", not its start)."""
    from storefront.catalog import search
    from storefront.catalog.services import index_product

    monkeypatch.setattr(search, "NEWEST_LOOKED_THROUGH", looked_through)

    product = next(p for p in shop.products.values() if p.slug == "muc-kho-co-to")
    product.name_vi = "Sá sùng khô Cô Tô"
    index_product(product)
    db.session.flush()
    # The name starts with "sa s...": those come from the folded names' index; the others from the lexemes.
    for typed in ("sa s", "sung k", "sung kh", "sung kho", "kho co", "khô C", "co t"):
        assert "Sá sùng khô Cô Tô" in [item["label"] for item in suggest(client, typed)], typed
    for typed in ("sa ung", "muc k", "ng k"):
        assert "Sá sùng khô Cô Tô" not in [item["label"] for item in suggest(client, typed)], typed


@pytest.mark.parametrize("q", ["muc", "co to", "mien d", "squid", "kho", "tra"])
def test_the_newest_products_looked_through_first_give_the_newest_matches(shop: Shop, db, monkeypatch, q: str) -> None:
    """On PostgreSQL the newest products are walked before the text index is asked (search.newest_in_names):
    however few the walk looks through, the answer is the newest matches of all, in the same order."""
    from storefront.catalog import search
    from storefront.catalog.filters import search_terms

    for n in range(6):  # newer than the shop's own products, and not all of them matching
        make_product(slug=f"muc-moi-{n}", name_vi=f"Mực mới {n}" if n % 2 else f"Trà mới {n}", name_en=f"New {n}")
    db.session.flush()
    connection, terms = db.session.connection(), search_terms(q)
    through_the_index = [
        row.slug
        for row in connection.execute(
            search._newest_in_names_statement(connection.dialect.name),
            {"query": search.text_query(terms, names=True), "limit": 4},
        )
    ]
    assert through_the_index  # each query matches something in the shop
    for looked_through in (1, 3, 5, 10_000):
        monkeypatch.setattr(search, "NEWEST_LOOKED_THROUGH", looked_through)
        assert [slug for slug, *_names in search.newest_in_names(connection, terms, 4)] == through_the_index


def test_when_the_newest_names_hold_too_few_matches_the_walk_goes_further_before_the_text_index(
    shop: Shop, db, monkeypatch, count_queries
) -> None:
    """PostgreSQL: a word some of the newest names have is looked for further back among the newest
    (the walk reads one small index's newest end) before GIN fetches every match from the table; a word
    none of them has goes to the text index at once."""
    from storefront.catalog import search

    if db.engine.dialect.name != "postgresql":
        pytest.skip("the walk is PostgreSQL's")
    for n in range(8):  # the newest 8: every other one a "vải" (lychee)
        make_product(slug=f"moi-{n}", name_vi=f"Vải thiều {n}" if n % 2 else f"Chè xanh {n}", name_en=f"New {n}")
    db.session.flush()
    connection = db.session.connection()
    monkeypatch.setattr(search, "NEWEST_LOOKED_THROUGH", 2)  # one lychee in the newest 2; 4 in the newest 8
    monkeypatch.setattr(search, "LOOKED_THROUGH_FURTHER", 4)

    def asked(terms: list[str], limit: int) -> tuple[list[str], list[str]]:
        with count_queries() as statements:
            found = [slug for slug, *_names in search.newest_in_names(connection, terms, limit)]
        return found, ["text index" if "search_name_lexemes" in sql else "walk" for sql in statements]

    assert asked(["vai"], 3) == (["moi-7", "moi-5", "moi-3"], ["walk", "walk"])
    # Fewer than asked for even further back: the text index answers, with the older ones too.
    lychees, steps = asked(["vai"], 5)
    assert lychees[:4] == ["moi-7", "moi-5", "moi-3", "moi-1"] and steps == ["walk", "walk", "text index"]
    # None among the newest two: no second walk.
    assert asked(["muc"], 3)[1] == ["walk", "text index"]


@pytest.mark.parametrize("looked_through", [2000, 0])
@pytest.mark.parametrize("typed", ["pin 12e3mah", "pin 12e", "troi 12e3m", "12e3mah", "pin mat troi 1"])
def test_a_word_the_postgresql_parser_splits_is_suggested(
    shop: Shop, client, db, monkeypatch, typed: str, looked_through: int
) -> None:
    """`12e3mah` is one word of the folded name, as a query has it; PostgreSQL's text parser reads it as
    the number `12e3` and the word `mah`. Through the walk (its parser's vector) and through the names'
    lexemes (the folded words as they are) it is found either way."""
    from storefront.catalog import search

    make_product(slug="den-pin", name_vi="Đèn pin mặt trời 12e3mAh", name_en="Solar torch 12e3mAh")
    db.session.flush()
    monkeypatch.setattr(search, "NEWEST_LOOKED_THROUGH", looked_through)
    assert "Đèn pin mặt trời 12e3mAh" in [item["label"] for item in suggest(client, typed)]


def test_past_the_newest_names_a_long_last_word_typed_out_whole_comes_first(shop: Shop, db, monkeypatch) -> None:
    """PostgreSQL reads a long last word's prefix (`'thong':*`) in full from GIN, a whole word only where
    the other words are: when enough names have it whole, those answer. SQLite's index hands out the
    newest prefix matches at no such cost, and keeps to them."""
    from storefront.catalog import search

    older = make_product(slug="sen-truyen-thong", name_vi="Sen truyền thống", name_en="Traditional lotus")
    newer = make_product(slug="sen-thongs", name_vi="Sen thongs", name_en="Lotus thongs")
    db.session.flush()
    monkeypatch.setattr(search, "NEWEST_LOOKED_THROUGH", 0)  # straight to the text index
    connection = db.session.connection()
    first = [slug for slug, *_names in search.newest_in_names(connection, ["sen", "thong"], 1)]
    both = [slug for slug, *_names in search.newest_in_names(connection, ["sen", "thong"], 2)]
    assert first == ([older.slug] if connection.dialect.name == "postgresql" else [newer.slug])
    assert both == [newer.slug, older.slug]  # too few whole: every prefix match, newest first


def test_when_few_of_the_newest_names_match_their_matches_are_read_from_the_text_index(shop: Shop, db) -> None:
    """PostgreSQL asks the text index only for words few of the newest names have, so its statement must
    read their matches there, never walk the primary key backwards until enough match: for a product's
    number (`#694020`) that read a million rows, 1 s, at a million products."""
    from storefront.catalog import search

    if db.engine.dialect.name != "postgresql":
        pytest.skip("the plan's wording is PostgreSQL's")
    connection = db.session.connection()
    # A tiny table, where a sort costs nothing: make scans and sorts dear, so that the planner takes the
    # primary key walk if the statement leaves it one.
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    connection.exec_driver_sql("SET LOCAL enable_sort = off")
    statement = search._newest_in_names_statement("postgresql")
    values = statement.params(query="'694020':*", limit=5)
    sql = str(values.compile(connection, compile_kwargs={"literal_binds": True}))
    plan = [row[0] for row in connection.exec_driver_sql("EXPLAIN " + sql.replace("%", "%%"))]
    assert any("ix_search_products_fts_name" in step for step in plan), plan
    assert not any("Backward" in step or "pk_products" in step for step in plan), plan


def test_the_walk_through_the_newest_names_reads_their_index_alone(shop: Shop, db) -> None:
    """Type-ahead's walk through the newest products reads only what `ix_search_products_newest_names`
    holds, so PostgreSQL can answer it from that index without the table (an index-only scan, which
    the planner takes once the table's pages are all-visible): the names' words without their prefix
    lexemes, which would double what each keystroke reads (search_04)."""
    from storefront.catalog import search

    if db.engine.dialect.name != "postgresql":
        pytest.skip("the walk is PostgreSQL's")
    held = db.session.execute(
        text(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indexrelid = 'ix_search_products_newest_names'::regclass"
        )
    ).scalars()
    (walk,) = search._newest_looked_through_statement().get_final_froms()  # products JOIN newest
    assert isinstance(walk, Join)
    newest = walk.right
    assert set(newest.c.keys()) <= set(held) == {"id", "status", "search_name_vector"}
