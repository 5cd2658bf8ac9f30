"""The GS1 Digital Link resolver, point by point against the GS1 Conformant Resolver standard 1.x."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_batch, make_product
from tests.qr.support import phone, scan_count

BASE = "https://shop.example"
VOC = "https://ref.gs1.org/voc/"


@pytest.fixture()
def eggs(db):
    product = make_product(
        slug="trung-tan-an",
        qr_code="TRUNG234",
        gtin="8930000000019",
        name_vi="Trứng gà Tân An",
        name_en="Tân An eggs",
        stars=4,
    )
    make_batch(product, lot="L2411")
    return product


@pytest.mark.parametrize("path", ["/01/08930000000019", "/01/8930000000019", "/01/08930000000019/"])
def test_default_link_is_the_scan_page_by_a_307(client, eggs, path: str) -> None:
    response = client.get(path, headers=phone("vi"))
    assert response.status_code == 307
    assert response.headers["Location"] == f"{BASE}/q/TRUNG234"
    assert response.headers["Cache-Control"] == "no-store"


def test_gtin_12_and_8_are_padded(client, db) -> None:
    make_product(qr_code="UPCA2345", gtin="036000291452")
    make_product(qr_code="EAN82345", gtin="96385074")
    assert client.get("/01/036000291452").headers["Location"] == f"{BASE}/q/UPCA2345"
    assert client.get("/01/00036000291452").headers["Location"] == f"{BASE}/q/UPCA2345"
    assert client.get("/01/96385074").headers["Location"] == f"{BASE}/q/EAN82345"


def test_the_query_string_is_passed_on(client, eggs) -> None:
    response = client.get("/01/08930000000019?foo=bar&17=261231")
    assert response.headers["Location"] == f"{BASE}/q/TRUNG234?foo=bar&17=261231"


def test_a_lot_leads_to_the_batch_scan_page(client, eggs) -> None:
    response = client.get("/01/08930000000019/10/L2411")
    assert response.status_code == 307 and response.headers["Location"] == f"{BASE}/q/TRUNG234/L2411"
    page = client.get("/q/TRUNG234/L2411", headers=phone("en"))
    assert "Batch L2411" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/01/08930000000018",  # bad check digit
        "/01/0893000000001",
        "/01/abc",
        "/01/08930000000019/foo",  # what GS1's test suite sends
        "/01/08930000000019/21/S1/10/L2411",  # qualifiers out of order
        "/01/08930000000019?17=991399",
    ],
)
def test_syntax_errors_are_400_never_200(client, eggs, path: str) -> None:
    response = client.get(path, headers=phone("en"))
    assert response.status_code == 400
    assert "not a valid GS1 Digital Link" in response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert scan_count(client.application.extensions["sqlalchemy"]) == 0


def test_an_unknown_gtin_is_404_in_the_visitors_language(client, db) -> None:
    english = client.get("/01/04006381333931", headers=phone("en"))
    assert english.status_code == 404 and "No product in our shop carries this code." in english.get_data(as_text=True)
    vietnamese = client.get("/01/04006381333931", headers=phone("vi"))
    assert vietnamese.status_code == 404 and 'lang="vi"' in vietnamese.get_data(as_text=True)
    assert "No product in our shop" not in vietnamese.get_data(as_text=True)
    as_json = client.get("/01/04006381333931", headers={"Accept": "application/linkset+json"})
    assert as_json.status_code == 404 and as_json.json["error"]["code"] == "unknown_gtin"


def test_link_set_shape(client, eggs) -> None:
    response = client.get("/01/08930000000019/10/L2411?linkType=linkset", headers=phone("en"))
    assert response.status_code == 200 and response.mimetype == "application/linkset+json"
    body = json.loads(response.data)
    [entry] = body["linkset"]
    assert entry["anchor"] == f"{BASE}/01/08930000000019/10/L2411"
    assert entry["itemDescription"] == "Tân An eggs"
    [default] = entry[VOC + "defaultLink"]
    assert default["href"] == f"{BASE}/q/TRUNG234/L2411"
    types = {key.removeprefix(VOC) for key in entry if key.startswith(VOC)}
    assert types == {"defaultLink", "pip", "certificationInfo", "homepage", "traceability"}
    for key in (k for k in entry if k.startswith(VOC)):
        for link in entry[key]:
            assert link["href"].startswith(BASE + "/") and link["title"] and link["type"] == "text/html"
            assert link["hreflang"]
    pages = {link["hreflang"][0]: link for link in entry[VOC + "pip"]}
    assert pages["vi"]["title"] == "Trứng gà Tân An" and pages["en"]["title"] == "Tân An eggs"
    assert pages["en"]["href"] == f"{BASE}/products/trung-tan-an?lang=en"
    certificates = {link["hreflang"][0]: link["title"] for link in entry[VOC + "certificationInfo"]}
    assert "4 stars" in certificates["en"] and "4 sao" in certificates["vi"]
    assert "L2411" in entry[VOC + "traceability"][0]["title"]
    assert entry[VOC + "homepage"][0]["href"].startswith(f"{BASE}/producers/")


def test_link_set_by_accept_header_and_deprecated_all(client, eggs) -> None:
    by_accept = client.get("/01/08930000000019", headers={"Accept": "application/linkset+json"})
    assert by_accept.status_code == 200 and by_accept.mimetype == "application/linkset+json"
    assert "Accept" in by_accept.headers["Vary"]
    plain = client.get("/01/08930000000019", headers={"Accept": "application/json"})
    assert plain.mimetype == "application/json" and "linkset" in plain.json
    assert client.get("/01/08930000000019?linkType=all").status_code == 200
    browser = client.get("/01/08930000000019", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.status_code == 307


def test_a_link_header_points_to_the_link_set(client, eggs) -> None:
    for response in (
        client.get("/01/08930000000019/10/L2411"),
        client.get("/01/08930000000019/10/L2411?linkType=linkset"),
    ):
        assert response.headers["Link"] == (
            f'<{BASE}/01/08930000000019/10/L2411?linkType=linkset>; rel="linkset"; '
            'type="application/linkset+json"; title="Link set"'
        )


def test_a_requested_link_type_in_the_visitors_language(client, eggs) -> None:
    response = client.get("/01/08930000000019?linkType=gs1:pip", headers=phone("en"))
    assert response.status_code == 307
    assert response.headers["Location"] == f"{BASE}/products/trung-tan-an?lang=en&linkType=gs1:pip"
    full_uri = client.get(f"/01/08930000000019?linkType={VOC}certificationInfo", headers=phone("vi"))
    assert full_uri.headers["Location"].startswith(f"{BASE}/q/TRUNG234?lang=vi&linkType=")
    assert full_uri.headers["Location"].endswith("#certificate")


@pytest.mark.parametrize("link_type", ["gs1:nonsense", "gs1:traceability", "xyz"])
def test_an_unknown_or_unavailable_link_type_redirects_to_the_default(client, eggs, link_type: str) -> None:
    # The standard: redirect to the default link unless the request can be matched to a better one.
    response = client.get(f"/01/08930000000019?linkType={link_type}")
    assert response.status_code == 307
    assert response.headers["Location"].startswith(f"{BASE}/q/TRUNG234?linkType=")


def test_head_answers_like_get_and_counts_nothing(client, db, eggs) -> None:
    response = client.head("/01/08930000000019", headers=phone("vi"))
    assert response.status_code == 307 and response.headers["Location"] == f"{BASE}/q/TRUNG234"
    assert response.headers["Link"] and not response.data
    assert client.head("/01/08930000000018").status_code == 400
    assert scan_count(db) == 0


def test_options_and_cors(client, eggs) -> None:
    response = client.options(
        "/01/08930000000019", headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"}
    )
    assert response.status_code in (200, 204)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert set(response.headers["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {
        "GET",
        "HEAD",
        "OPTIONS",
    }
    get = client.get("/01/08930000000019")
    assert get.headers["Access-Control-Allow-Origin"] == "*" and "Link" in get.headers["Access-Control-Expose-Headers"]
    assert client.options("/01/08930000000019/10/L2411").status_code in (200, 204)


def test_the_resolver_description_file(client, db) -> None:
    response = client.get("/.well-known/gs1resolver")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.json
    assert body["resolverRoot"] == BASE
    assert body["supportedPrimaryKeys"] == ["01"]
    assert body["supportedLinkType"][0]["namespace"] == VOC
    assert response.headers["Access-Control-Allow-Origin"] == "*"
