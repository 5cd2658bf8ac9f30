"""Limits on the programme office (issue 10): every POST shares one budget per officer, invitations (they
send mail) and exports (they read a whole period) have their own. On in the shop as deployed
(`rate_limited_client`), off in the other tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from storefront.auth.models import Invitation
from storefront.producers.models import Producer
from tests.conftest import fresh_client, sign_in_client
from tests.factories import make_producer, make_user

PER_MINUTE = 60


def _officer_and_producer(db: Any) -> tuple[Any, Producer]:
    officer = make_user(role="officer")
    producer = make_producer()
    db.session.commit()
    return officer, producer


def _hidden(db: Any, producer: Producer) -> bool:
    db.session.expire_all()
    return db.session.get(Producer, producer.id).listings_hidden_at is not None


def test_the_office_posts_of_one_officer_share_a_budget(rate_limited_client, db) -> None:
    officer, producer = _officer_and_producer(db)
    sign_in_client(rate_limited_client, officer)
    path = f"/program/producers/{producer.slug}/listings/"
    codes = [rate_limited_client.post(path + ("show" if n % 2 else "hide")).status_code for n in range(PER_MINUTE)]
    assert set(codes) == {302}
    assert not _hidden(db, producer)  # an even number of hide and show
    refused = rate_limited_client.post(path + "hide")
    assert refused.status_code == 429
    assert "Quá nhiều" in refused.get_data(as_text=True) or "Too many" in refused.get_data(as_text=True)
    assert not _hidden(db, producer)  # the refused hide changed nothing
    # Another kind of POST is the same budget; reading is not limited by it.
    assert rate_limited_client.post("/program/tokens", data={"name": "feed"}).status_code == 429
    assert rate_limited_client.get("/program/").status_code == 200


def test_another_officer_has_their_own_budget(rate_limited_app, rate_limited_client, db) -> None:
    officer, producer = _officer_and_producer(db)
    other = make_user(role="officer")
    db.session.commit()
    sign_in_client(rate_limited_client, officer)
    path = f"/program/producers/{producer.slug}/listings/show"
    assert [rate_limited_client.post(path).status_code for _ in range(PER_MINUTE + 1)][-1] == 429
    second = fresh_client(rate_limited_app)
    sign_in_client(second, other)
    assert second.post(path).status_code == 302


def test_invitations_have_a_budget_of_their_own(rate_limited_client, db) -> None:
    officer, producer = _officer_and_producer(db)
    sign_in_client(rate_limited_client, officer)
    path = f"/program/producers/{producer.slug}/invite"
    codes = [rate_limited_client.post(path, data={"email": f"n{n}@example.vn"}).status_code for n in range(20)]
    assert set(codes) == {302}
    refused = rate_limited_client.post(path, data={"email": "one-more@example.vn"})
    assert refused.status_code == 429
    invited = db.session.scalars(select(Invitation.email).where(Invitation.producer_id == producer.id)).all()
    assert len(invited) == 20 and "one-more@example.vn" not in invited


def test_exports_are_limited_per_officer(rate_limited_client, db) -> None:
    officer, _producer = _officer_and_producer(db)
    sign_in_client(rate_limited_client, officer)
    codes = [rate_limited_client.get("/program/export/sales-month.csv").status_code for _ in range(30)]
    assert set(codes) == {200}
    assert rate_limited_client.get("/program/export/sales-locality.xlsx").status_code == 429
    assert rate_limited_client.get("/program/payouts.csv").status_code == 429
    assert rate_limited_client.get("/program/").status_code == 200


def test_without_limits_an_officer_is_never_refused(client, db, login_as) -> None:
    login_as("officer")
    producer = make_producer()
    db.session.commit()
    for _ in range(PER_MINUTE + 5):
        assert client.post(f"/program/producers/{producer.slug}/listings/show").status_code == 302
        assert client.get("/program/export/sales-month.csv").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
