"""Producers from the programme office: create, edit, invite, disable an account, hide and show listings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storefront.auth.models import Invitation
from storefront.catalog.models import ProductStatus
from storefront.extensions import db as _db
from storefront.producers.models import Producer, ProducerKind
from tests.conftest import fresh_client
from tests.factories import make_locality, make_product, make_user


@pytest.fixture()
def officer(login_as):
    return login_as("officer")


def test_create_and_edit_a_producer(client, officer) -> None:
    place = make_locality(name="Xã Ba Chẽ")
    _db.session.commit()
    data = {"name": "HTX Ba Kích Ba Chẽ", "kind": "cooperative", "locality": str(place.id), "story_vi": "Câu chuyện"}
    response = client.post("/program/producers/new", data=data)
    assert response.status_code == 302
    producer = _db.session.scalar(select(Producer).where(Producer.name == "HTX Ba Kích Ba Chẽ"))
    assert producer is not None and producer.slug == "htx-ba-kich-ba-che" and producer.kind == ProducerKind.COOPERATIVE
    assert response.headers["Location"].endswith(f"/program/producers/{producer.slug}")
    client.post(f"/program/producers/{producer.slug}", data={**data, "kind": "enterprise", "phone": "0203 3888 999"})
    _db.session.expire_all()
    assert producer.kind == ProducerKind.ENTERPRISE and producer.phone == "0203 3888 999"
    assert producer.slug == "htx-ba-kich-ba-che"
    # A second producer of the same name gets its own address.
    client.post("/program/producers/new", data=data)
    assert _db.session.scalar(select(Producer).where(Producer.slug == "htx-ba-kich-ba-che-2")) is not None
    assert "HTX Ba Kích Ba Chẽ" in client.get("/program/producers").get_data(as_text=True)


def test_a_producer_needs_a_name_and_a_place(client, officer) -> None:
    response = client.post("/program/producers/new?lang=en", data={"name": "", "kind": "household", "locality": "0"})
    assert response.status_code == 400
    assert _db.session.scalar(select(Producer).where(Producer.kind == ProducerKind.HOUSEHOLD)) is None


def test_invite_a_producers_person(client, officer) -> None:
    product = make_product()
    _db.session.commit()
    response = client.post(f"/program/producers/{product.producer.slug}/invite", data={"email": "chi@htx.example"})
    assert response.status_code == 302
    invitation = _db.session.scalar(select(Invitation).where(Invitation.email == "chi@htx.example"))
    assert invitation is not None and invitation.producer_id == product.producer_id
    page = client.get(f"/program/producers/{product.producer.slug}?lang=en").get_data(as_text=True)
    assert "chi@htx.example" in page


def test_disable_an_account_ends_its_sessions(app, client, officer) -> None:
    from flask_login import login_user

    member = make_user(role="producer")
    _db.session.commit()
    theirs = fresh_client(app)
    with app.test_request_context():
        login_user(member)
        from flask import session

        values = dict(session)
    with theirs.session_transaction() as stored:
        stored.update(values)
    assert theirs.get("/portal/").status_code == 200
    response = client.post(f"/program/users/{member.id}/disable")
    assert response.status_code == 302
    _db.session.expire_all()
    assert member.is_active is False
    assert theirs.get("/portal/").status_code in (302, 401)


def test_hide_and_show_listings(client, officer) -> None:
    on_sale = make_product(name_vi="Chả mực Hạ Long")
    producer = on_sale.producer
    draft = make_product(producer=producer, status=ProductStatus.DRAFT)
    _db.session.commit()
    assert client.get(f"/products/{on_sale.slug}").status_code == 200
    client.post(f"/program/producers/{producer.slug}/listings/hide")
    _db.session.expire_all()
    assert on_sale.status == ProductStatus.DRAFT and producer.listings_hidden_at is not None
    assert client.get(f"/products/{on_sale.slug}").status_code == 404
    client.post(f"/program/producers/{producer.slug}/listings/show")
    _db.session.expire_all()
    assert on_sale.status == ProductStatus.PUBLISHED and producer.listings_hidden_at is None
    assert draft.status == ProductStatus.DRAFT  # the producer's own draft stays a draft
    assert client.get(f"/products/{on_sale.slug}").status_code == 200
    assert client.post(f"/program/producers/{producer.slug}/listings/delete").status_code == 404
