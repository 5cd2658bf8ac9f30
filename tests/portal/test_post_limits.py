"""Limits on the portal's writes and on drawing QR images (issue 12): every POST of the portal and its QR
pages shares one budget per account; QR images are limited per account (labels) or per address (a
product's public code). On in the shop as deployed (`rate_limited_client`), off in the other tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from storefront.qr.models import Batch
from tests.conftest import sign_in_client
from tests.factories import make_product, make_user

PER_MINUTE = 60


def _producer(db: Any) -> tuple[Any, Any]:
    user = make_user(role="producer")
    product = make_product(producer=user.producer, stock=5)
    db.session.commit()
    return user, product


def test_the_portal_posts_of_one_account_share_a_budget(rate_limited_client, db) -> None:
    user, product = _producer(db)
    sign_in_client(rate_limited_client, user)
    codes = [
        rate_limited_client.post(f"/portal/products/{product.id}/{'unpublish' if n % 2 else 'publish'}").status_code
        for n in range(PER_MINUTE)
    ]
    assert set(codes) == {302}
    assert rate_limited_client.post(f"/portal/products/{product.id}/unpublish").status_code == 429
    # The QR pages' posts are the same budget: no batch is recorded.
    batch = rate_limited_client.post(
        "/portal/qr/batches", data={"product": product.id, "lot": "L1", "produced_on": "2026-11-01"}
    )
    assert batch.status_code == 429
    assert "Too many requests" in batch.get_data(as_text=True) or "Quá nhiều" in batch.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Batch).where(Batch.product_id == product.id)) == 0
    # Reading is not limited by it.
    assert rate_limited_client.get("/portal/orders").status_code == 200


def test_another_account_has_its_own_budget(rate_limited_app, rate_limited_client, db) -> None:
    from tests.conftest import fresh_client

    user, product = _producer(db)
    other, theirs = _producer(db)
    sign_in_client(rate_limited_client, user)
    codes = [rate_limited_client.post(f"/portal/products/{product.id}/publish").status_code for _ in range(61)]
    assert codes[-1] == 429
    second = fresh_client(rate_limited_app)
    sign_in_client(second, other)
    assert second.post(f"/portal/products/{theirs.id}/publish").status_code == 302


def test_a_products_public_qr_image_is_limited_per_address(rate_limited_client, db) -> None:
    product = make_product(status="published")
    db.session.commit()
    codes = [rate_limited_client.get(f"/products/{product.slug}/qr.png").status_code for _ in range(PER_MINUTE)]
    assert set(codes) == {200}
    refused = rate_limited_client.get(f"/products/{product.slug}/qr.svg")
    assert refused.status_code == 429
    # Still the same for everyone: nothing read from the visitor's cookies.
    assert "Cookie" not in refused.headers.get("Vary", "")


def test_portal_labels_are_limited_per_account(rate_limited_client, db) -> None:
    user, product = _producer(db)
    sign_in_client(rate_limited_client, user)
    codes = [
        rate_limited_client.get(f"/portal/qr/products/{product.id}/label.svg").status_code for _ in range(PER_MINUTE)
    ]
    assert set(codes) == {200}
    assert rate_limited_client.get(f"/portal/qr/products/{product.id}/label.png").status_code == 429


def test_without_limits_nothing_is_refused(client, db, login_as) -> None:
    user = login_as("producer")
    product = make_product(producer=user.producer, status="published")
    db.session.commit()
    for _ in range(PER_MINUTE + 5):
        assert client.post(f"/portal/products/{product.id}/publish").status_code == 302
        assert client.get(f"/products/{product.slug}/qr.png").status_code == 200
