"""The public JSON API: shapes from the contract, filters, errors that are always 4xx JSON."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storefront.catalog.models import ProductStatus
from tests.factories import make_certificate, make_group, make_locality, make_producer, make_product


@pytest.fixture()
def catalogue(db):
    food = make_group(code="1", slug="thuc-pham", name_vi="Thực phẩm", name_en="Food")
    herbs = make_group(code="3", slug="duoc-lieu", name_vi="Dược liệu", name_en="Herbs")
    co_to = make_locality(slug="dac-khu-co-to", name="Đặc khu Cô Tô", former_district="Huyện Cô Tô")
    ba_che = make_locality(slug="xa-ba-che", name="Xã Ba Chẽ")
    squid_maker = make_producer(slug="htx-muc-co-to", name="HTX Hải sản Cô Tô", locality=co_to)
    herb_maker = make_producer(slug="htx-ba-kich", name="HTX Ba kích Ba Chẽ", locality=ba_che)
    squid = make_product(
        slug="muc-kho-co-to",
        name_vi="Mực khô Cô Tô",
        name_en="Cô Tô dried squid",
        price_vnd=1_200_000,
        producer=squid_maker,
        group=food,
        stars=5,
        gtin="08930000000019",
    )
    morinda = make_product(
        slug="ba-kich-tim",
        name_vi="Ba kích tím",
        name_en="Purple morinda root",
        price_vnd=350_000,
        producer=herb_maker,
        group=herbs,
        stars=4,
        stock=0,
    )
    draft = make_product(slug="nhap", name_vi="Bản nháp", producer=herb_maker, group=herbs, status=ProductStatus.DRAFT)
    return {"squid": squid, "morinda": morinda, "draft": draft}


def test_product_list_has_the_contract_shape(client, catalogue) -> None:
    body = client.get("/api/v1/products?lang=en").get_json()
    assert body["page"] == 1 and body["per_page"] == 20 and body["total"] == 2
    item = next(i for i in body["items"] if i["slug"] == "muc-kho-co-to")
    assert item["name"] == "Cô Tô dried squid"
    assert item["price_vnd"] == 1_200_000 and isinstance(item["price_vnd"], int)
    assert item["stars"] == 5
    assert item["group"] == {"slug": "thuc-pham", "name": "Food"}
    assert item["producer"] == {"slug": "htx-muc-co-to", "name": "HTX Hải sản Cô Tô"}
    assert item["locality"] == {"slug": "dac-khu-co-to", "name": "Đặc khu Cô Tô"}
    assert item["in_stock"] is True
    assert item["url"] == "https://shop.example/products/muc-kho-co-to"
    assert "image_url" in item


def test_names_follow_the_language(client, catalogue) -> None:
    names = {i["name"] for i in client.get("/api/v1/products", headers={"Accept-Language": "vi"}).get_json()["items"]}
    assert "Mực khô Cô Tô" in names


def test_search_without_diacritics_and_filters(client, catalogue) -> None:
    assert [i["slug"] for i in client.get("/api/v1/products?q=muc+co+to").get_json()["items"]] == ["muc-kho-co-to"]
    assert [i["slug"] for i in client.get("/api/v1/products?stars=5").get_json()["items"]] == ["muc-kho-co-to"]
    assert [i["slug"] for i in client.get("/api/v1/products?group=duoc-lieu").get_json()["items"]] == ["ba-kich-tim"]
    assert [i["slug"] for i in client.get("/api/v1/products?producer=htx-ba-kich").get_json()["items"]] == [
        "ba-kich-tim"
    ]
    by_price = [i["slug"] for i in client.get("/api/v1/products?sort=price_asc").get_json()["items"]]
    assert by_price == ["muc-kho-co-to", "ba-kich-tim"]  # the cheaper morinda is sold out: after those in stock


def test_pagination(client, catalogue) -> None:
    body = client.get("/api/v1/products?per_page=1&page=2&sort=price_asc").get_json()
    assert body["page"] == 2 and body["per_page"] == 1 and body["total"] == 2
    assert [i["slug"] for i in body["items"]] == ["ba-kich-tim"]  # sold out, so last however cheap
    beyond = client.get("/api/v1/products?per_page=1&page=50").get_json()
    assert beyond["items"] == [] and beyond["total"] == 2


def test_product_detail_has_stock_certificate_and_qr(client, catalogue) -> None:
    body = client.get("/api/v1/products/muc-kho-co-to?lang=en").get_json()
    assert body["stock"] == 10 and body["description"] == "Product description."
    certificate = body["certificate"]
    assert certificate["stars"] == 5 and certificate["is_valid"] is True
    assert set(certificate) >= {"number", "stars", "level", "issued_on", "expires_on"}
    assert certificate["level"] == "province"
    assert body["qr_url"].endswith("/products/muc-kho-co-to/qr.png")
    assert body["gtin"] == "08930000000019"


def test_an_expired_certificate_gives_no_stars(client, db) -> None:
    today = date.today()
    product = make_product(slug="het-han")
    make_certificate(product, stars=4, decided_on=today - timedelta(days=4 * 365), today=today)
    body = client.get("/api/v1/products/het-han").get_json()
    assert body["stars"] == 0
    assert body["certificate"]["is_valid"] is False and body["certificate"]["stars"] == 4


def test_out_of_stock_and_drafts(client, catalogue) -> None:
    assert client.get("/api/v1/products/ba-kich-tim").get_json()["in_stock"] is False
    response = client.get("/api/v1/products/nhap")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "product_not_found"


def test_producers(client, catalogue) -> None:
    body = client.get("/api/v1/producers").get_json()
    assert {"htx-muc-co-to", "htx-ba-kich"} <= {p["slug"] for p in body["items"]}
    one = client.get("/api/v1/producers/htx-muc-co-to?lang=en").get_json()
    assert one["name"] == "HTX Hải sản Cô Tô" and one["story"] == "The cooperative's story."
    assert one["former_district"] == "Huyện Cô Tô" and one["province"] == "Quảng Ninh"
    assert client.get("/api/v1/producers/khong-co").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=abc",
        "page=0",
        "stars=99",
        "stars=x",
        "per_page=1000",
        "sort=cheapest",
        "q=" + "a" * 5000,
        "lang=fr",
    ],
)
def test_malformed_parameters_are_400_json(client, catalogue, query: str) -> None:
    response = client.get(f"/api/v1/products?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_parameter" and error["message"]


@pytest.mark.parametrize("q", ["' OR 1=1 --", "<script>alert(1)</script>", "muc%' UNION SELECT", "mu_ ko"])
def test_hostile_search_is_just_text(client, catalogue, q: str) -> None:
    response = client.get("/api/v1/products", query_string={"q": q})
    assert response.status_code == 200
    assert response.get_json()["items"] == []


@pytest.mark.parametrize("q", ["%", "_", "\\", "%%%"])
def test_a_query_of_wildcards_is_no_query(client, catalogue, q: str) -> None:
    response = client.get("/api/v1/products", query_string={"q": q})
    assert response.status_code == 200
    assert response.get_json()["total"] == 2


def test_unknown_api_paths_and_methods_are_json_errors(client, db) -> None:
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    wrong = client.post("/api/v1/products")
    assert wrong.status_code == 405 and wrong.get_json()["error"]["code"] == "method_not_allowed"


def test_the_list_query_count_does_not_grow_with_items(client, db, count_queries) -> None:
    for _ in range(3):
        make_product()
    with count_queries() as few:
        client.get("/api/v1/products?per_page=3")
    for _ in range(12):
        make_product()
    with count_queries() as many:
        client.get("/api/v1/products?per_page=15")
    assert len(many) == len(few)


def test_openapi_describes_every_route_from_the_declared_schemas(client, db) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) >= {
        "/api/v1/products",
        "/api/v1/products/{slug}",
        "/api/v1/producers",
        "/api/v1/producers/{slug}",
    }
    schemas = spec["components"]["schemas"]
    assert {
        "slug",
        "name",
        "price_vnd",
        "stars",
        "group",
        "producer",
        "locality",
        "in_stock",
        "url",
        "image_url",
    } <= set(schemas["ProductSummary"]["properties"])
    params = {p["name"] for p in spec["paths"]["/api/v1/products"]["get"]["parameters"]}
    assert {"q", "stars", "group", "locality", "producer", "sort", "page", "per_page"} <= params
    # every $ref resolves
    import json

    for ref in {part.split('"')[0] for part in json.dumps(spec).split('"$ref": "')[1:]}:
        assert ref.removeprefix("#/components/schemas/") in schemas


def test_error_messages_follow_the_language(client, db) -> None:
    vi = client.get("/api/v1/products/khong-co", headers={"Accept-Language": "vi"}).get_json()
    en = client.get("/api/v1/products/khong-co?lang=en").get_json()
    assert vi["error"]["message"] == "Không có sản phẩm nào ở địa chỉ này."
    assert en["error"]["message"] == "There is no product at that address."
