"""The programme office's feed: who may read it, and that its numbers are the sale definition's."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from typing import Any

import pytest

from storefront.auth.models import ApiToken, Role
from storefront.auth.services import create_api_token
from storefront.extensions import db as _db
from storefront.qr.models import QrScan
from storefront.sales.report import Dimension
from tests.factories import make_user
from tests.sales.book import KEYS, build_book

PERIOD = {"from": "2025-12-01", "to": "2026-03-31"}
WHOLE = (date(2025, 12, 1), date(2026, 3, 31))
NOW = datetime(2026, 3, 15, tzinfo=UTC)
PATHS = ("/api/v1/program/sales", "/api/v1/program/scans", "/api/v1/program/lines")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture()
def officer_token(db: Any) -> str:
    return create_api_token(make_user(role="officer"), "national system", NOW)


@pytest.mark.parametrize("path", PATHS)
def test_no_token_is_401_with_a_challenge(client, path: str) -> None:
    response = client.get(path, query_string=PERIOD)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json["error"]["code"] == "token_required"


@pytest.mark.parametrize("path", PATHS)
def test_wrong_and_revoked_tokens_are_401(client, officer_token: str, path: str) -> None:
    assert client.get(path, query_string=PERIOD, headers=bearer("not-a-token")).status_code == 401
    assert client.get(path, query_string=PERIOD, headers={"Authorization": f"Basic {officer_token}"}).status_code == 401
    row = _db.session.query(ApiToken).one()
    row.revoked_at = NOW
    _db.session.flush()
    response = client.get(path, query_string=PERIOD, headers=bearer(officer_token))
    assert response.status_code == 401
    assert response.json["error"]["code"] == "invalid_token"


@pytest.mark.parametrize("path", PATHS)
def test_a_logged_in_shopper_producer_or_officer_without_a_token_is_401(client, login_as, path: str) -> None:
    for role in ("customer", "producer", "officer"):
        login_as(role)
        assert client.get(path, query_string=PERIOD).status_code == 401


@pytest.mark.parametrize("path", PATHS)
def test_a_token_whose_account_is_no_longer_an_active_officer_is_403(client, officer_token: str, path: str) -> None:
    user = _db.session.query(ApiToken).one().user
    user.role = Role.CUSTOMER
    _db.session.flush()
    assert client.get(path, query_string=PERIOD, headers=bearer(officer_token)).status_code == 403
    user.role, user.is_active_account = Role.OFFICER, False
    _db.session.flush()
    response = client.get(path, query_string=PERIOD, headers=bearer(officer_token))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_use_is_recorded(client, officer_token: str) -> None:
    assert client.get(PATHS[0], query_string=PERIOD, headers=bearer(officer_token)).status_code == 200
    _db.session.expire_all()
    assert _db.session.query(ApiToken).one().last_used_at is not None


@pytest.mark.parametrize("by", list(Dimension))
def test_sales_feed_matches_the_hand_sums(client, officer_token: str, by: Dimension) -> None:
    book = build_book()
    response = client.get(PATHS[0], query_string={**PERIOD, "by": by.value}, headers=bearer(officer_token))
    assert response.status_code == 200
    body = response.json
    assert (body["from"], body["to"], body["by"]) == (PERIOD["from"], PERIOD["to"], by.value)
    got = {row["key"]: (row["orders"], row["units"], row["revenue_vnd"]) for row in body["rows"]}
    assert got == book.sums(KEYS[by.value], *WHOLE)
    sales = book.sales(*WHOLE)
    assert body["totals"] == {
        "orders": len({e.line.order_id for e in sales}),
        "units": sum(e.line.quantity for e in sales),
        "revenue_vnd": sum(e.line.line_total_vnd for e in sales),
    }


@pytest.mark.parametrize(
    "query",
    [
        {"to": "2026-01-31"},
        {"from": "2026-02-01", "to": "2026-01-01"},
        {"from": "2026-13-01", "to": "2026-12-31"},
        {**PERIOD, "by": "phone"},
        {"from": "2000-01-01", "to": "2026-01-01"},
    ],
)
def test_bad_parameters_are_400(client, officer_token: str, query: dict[str, str]) -> None:
    response = client.get(PATHS[0], query_string=query, headers=bearer(officer_token))
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_parameter"


def test_scans_feed(client, officer_token: str) -> None:
    book = build_book()
    squid, cake = book.products["squid"], book.products["cake"]
    moments = [
        (squid, datetime(2025, 12, 31, 16, 59, tzinfo=UTC)),  # 23:59 on 31 December in Hà Nội
        (squid, datetime(2025, 12, 31, 17, 1, tzinfo=UTC)),  # 00:01 on 1 January
        (cake, datetime(2026, 1, 1, 3, tzinfo=UTC)),
    ]
    for product, at in moments:
        _db.session.add(QrScan(product_id=product.id, scanned_at=at))
    _db.session.flush()
    by_day = client.get(PATHS[1], query_string={**PERIOD, "by": "day"}, headers=bearer(officer_token)).json
    assert [(r["key"], r["scans"]) for r in by_day["rows"]] == [("2025-12-31", 1), ("2026-01-01", 2)]
    assert by_day["totals"] == {"scans": 3}
    by_product = client.get(PATHS[1], query_string={**PERIOD, "by": "product"}, headers=bearer(officer_token)).json
    assert [(r["key"], r["scans"]) for r in by_product["rows"]] == [(squid.slug, 2), (cake.slug, 1)]
    by_place = client.get(PATHS[1], query_string={**PERIOD, "by": "locality"}, headers=bearer(officer_token)).json
    assert {(r["key"], r["province"]) for r in by_place["rows"]} == {
        (squid.locality.slug, "Quảng Ninh"),
        (cake.locality.slug, "Quảng Ninh"),
    }


def test_line_feed_is_anonymous_and_complete(client, officer_token: str) -> None:
    book = build_book()
    sales = book.sales(*WHOLE)
    first = client.get(PATHS[2], query_string={**PERIOD, "per_page": 5}, headers=bearer(officer_token)).json
    assert first["total"] == len(sales)
    items = list(first["items"])
    for page in range(2, 1 + (len(sales) + 4) // 5):
        query = {**PERIOD, "per_page": 5, "page": page}
        items += client.get(PATHS[2], query_string=query, headers=bearer(officer_token)).json["items"]
    assert len(items) == len(sales)
    assert set(items[0]) == {"date", "product", "producer", "locality", "stars", "quantity", "unit_price_vnd"}
    assert sum(i["quantity"] * i["unit_price_vnd"] for i in items) == sum(e.line.line_total_vnd for e in sales)
    assert sorted(i["date"] for i in items) == sorted(e.money_in_on.isoformat() for e in sales)
    text = str(items)
    assert "Nguyễn" not in text and "0912345678" not in text and "@example.com" not in text and "QNT" not in text


def test_openapi_describes_the_feed_and_its_security(client) -> None:
    doc = client.get("/api/v1/openapi.json").json
    for path in PATHS:
        get = doc["paths"][path]["get"]
        assert get["security"] == [{"bearer": []}]
        assert {"401", "403", "429"} <= set(get["responses"])
        assert {p["name"] for p in get["parameters"]} >= {"from", "to"}
    assert "cash on delivery" in doc["paths"][PATHS[0]]["get"]["description"]


RATE_LIMIT_SCRIPT = """
from storefront.app import create_app
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_ENABLED": True,
                  "RATELIMIT_STORAGE_URI": "memory://"})
client = app.test_client()
codes = [client.get("/api/v1/program/sales?from=2026-01-01&to=2026-01-31").status_code for _ in range(61)]
print(codes.count(401), codes[-1])
"""


def test_the_feed_is_rate_limited() -> None:
    # Its own process: the limiter is one object, switched off for the rest of the suite.
    out = subprocess.run([sys.executable, "-c", RATE_LIMIT_SCRIPT], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["60", "429"]
