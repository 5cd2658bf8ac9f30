"""Certificates: award, renew and revoke from the programme office; the shop and the API follow at once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storefront.catalog.stars import expiry_for
from storefront.clock import vn_today
from storefront.db import utcnow
from storefront.extensions import db as _db
from tests.factories import make_certificate, make_product


@pytest.fixture()
def officer(login_as):
    return login_as("officer")


def _award(client, slug: str, score: int, decided_on: str, number: str = "OCOP-QN-2026-001"):
    return client.post(
        f"/program/products/{slug}/certificates",
        data={
            "number": number,
            "score": score,
            "decision_number": "123/QĐ-UBND",
            "decided_on": decided_on,
            "issuer_name": "UBND tỉnh Quảng Ninh",
            "issuer_level": "province",
        },
    )


def test_award_gives_stars_everywhere_at_once(client, officer) -> None:
    product = make_product()
    today = vn_today(utcnow())
    assert client.get(f"/api/v1/products/{product.slug}").json["stars"] == 0
    response = _award(client, product.slug, 82, (today - timedelta(days=3)).isoformat())
    assert response.status_code == 302
    _db.session.expire_all()
    assert product.stars == 4 and product.stars_valid_until == expiry_for(today - timedelta(days=3))
    api = client.get(f"/api/v1/products/{product.slug}").json
    assert api["stars"] == 4 and api["certificate"]["number"] == "OCOP-QN-2026-001"
    assert client.get("/products?stars=4&lang=en").get_data(as_text=True).count(product.slug) >= 1


def test_award_refuses_bad_scores_and_future_decisions(client, officer) -> None:
    product = make_product()
    _db.session.commit()  # a refused form rolls its request back; the product must outlive that
    today = vn_today(utcnow())
    assert _award(client, product.slug, 40, today.isoformat()).status_code == 400  # below 3 stars
    assert _award(client, product.slug, 101, today.isoformat()).status_code == 400
    assert _award(client, product.slug, 80, (today + timedelta(days=2)).isoformat()).status_code == 400
    _db.session.expire_all()
    assert product.certificates == []


def test_revoke_removes_the_stars_and_keeps_the_history(client, officer) -> None:
    today = vn_today(utcnow())
    product = make_product(stars=5, today=today)
    certificate = product.certificates[0]
    assert client.get(f"/api/v1/products/{product.slug}").json["stars"] == 5
    client.post(f"/program/certificates/{certificate.id}/revoke", data={"reason": "Quality check failed"})
    _db.session.expire_all()
    assert product.stars == 0 and certificate.revoked_on == today
    assert client.get(f"/api/v1/products/{product.slug}").json["stars"] == 0
    assert client.get(f"/api/v1/products/{product.slug}").json["certificate"]["is_valid"] is False
    history = client.get(f"/program/products/{product.slug}/certificates?lang=en").get_data(as_text=True)
    assert certificate.number in history and "Quality check failed" in history
    lapsed = client.get("/program/certificates?lang=en").get_data(as_text=True)
    assert product.name_vi in lapsed
    # A reason is required; a second revocation changes nothing.
    other = make_product(stars=4, today=today)
    _db.session.commit()
    client.post(f"/program/certificates/{other.certificates[0].id}/revoke", data={"reason": ""})
    _db.session.expire_all()
    assert other.stars == 4


def test_expiring_within_90_days_and_renewal(client, officer) -> None:
    today = vn_today(utcnow())
    soon = make_product(name_vi="Chả mực sắp hết hạn")
    make_certificate(
        soon, stars=4, decided_on=expiry_for(today) - timedelta(days=365 * 6) + timedelta(days=30), today=today
    )
    # 36 months after a decision 35 months ago: ends in about a month.
    soon.certificates[0].decided_on = today - timedelta(days=1065)
    soon.certificates[0].expires_on = today + timedelta(days=30)
    later = make_product(stars=4, today=today, name_vi="Mực khô còn hạn lâu")
    _db.session.flush()
    page = client.get("/program/certificates?lang=en").get_data(as_text=True)
    assert "Chả mực sắp hết hạn" in page and "Mực khô còn hạn lâu" not in page
    assert later.stars == 4
    renewal = client.get(f"/program/products/{soon.slug}/certificates?renew={soon.certificates[0].id}&lang=en")
    assert "UBND tỉnh Quảng Ninh" in renewal.get_data(as_text=True)
    _award(client, soon.slug, 91, today.isoformat(), number="OCOP-QN-RENEWED")
    _db.session.expire_all()
    assert soon.stars == 5 and len(soon.certificates) == 2
    assert "Chả mực sắp hết hạn" not in client.get("/program/certificates?lang=en").get_data(as_text=True)


def test_product_search_and_unknown_product(client, officer) -> None:
    product = make_product(name_vi="Miến dong Bình Liêu")
    assert product.slug in client.get("/program/certificates?q=mien dong").get_data(as_text=True)
    assert client.get("/program/products/nope/certificates").status_code == 404
    assert client.post("/program/certificates/999999/revoke", data={"reason": "x"}).status_code == 404
