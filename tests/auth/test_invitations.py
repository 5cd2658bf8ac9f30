"""Producer onboarding: an officer invites, the invitee sets their own password through a single-use,
expiring link; disabling an account."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from storefront.auth.invitations import accept_invitation, check_invitation, disable_user, invite_user
from storefront.auth.models import Invitation, Role, User
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.notify.models import OutboxMessage
from tests.auth.helpers import log_in, signed_in
from tests.conftest import fresh_client
from tests.factories import make_producer, make_user


def _token(db, email: str) -> str:
    message = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == email).order_by(OutboxMessage.id.desc())
    ).first()
    return re.search(r"https://shop\.example/invitations/(\S+)", message.body).group(1)


@pytest.fixture()
def officer(db) -> User:
    return make_user(role="officer")


def test_an_invitee_sets_their_own_password_and_manages_the_producer(app, client, db, officer) -> None:
    producer = make_producer(name="HTX Thủy sản Cô Tô")
    invitation = invite_user("Xa.Vien@Example.com", producer=producer, invited_by=officer, now=utcnow())
    db.session.commit()
    assert invitation.email == "xa.vien@example.com" and invitation.role == Role.PRODUCER
    token = _token(db, "xa.vien@example.com")
    assert len(token) >= 40 and invitation.token_sha256 != token  # only the hash is kept
    page = client.get(f"/invitations/{token}?lang=en").get_data(as_text=True)
    assert "HTX Thủy sản Cô Tô" in page and "xa.vien@example.com" in page
    response = client.post(f"/invitations/{token}", data={"name": "Vũ Thị Hoa", "password": "rong biển Cô Tô"})
    assert response.headers["Location"] == "/login"
    user = db.session.scalar(select(User).where(User.email == "xa.vien@example.com"))
    assert user.role == Role.PRODUCER and user.producer_id == producer.id and user.name == "Vũ Thị Hoa"
    assert user.email_confirmed_at is not None
    assert log_in(client, user.email, "rong biển Cô Tô").status_code == 303
    # Single use: the same link again opens nothing.
    again = fresh_client(app).post(f"/invitations/{token}", data={"password": "another one here"})
    assert again.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == user.email)) == 1


def test_an_expired_invitation_is_refused(client, db, officer) -> None:
    invite_user("late@example.com", producer=make_producer(), invited_by=officer, now=utcnow() - timedelta(days=8))
    db.session.commit()
    token = _token(db, "late@example.com")
    assert client.get(f"/invitations/{token}").status_code == 404
    with pytest.raises(DomainError):
        check_invitation(token, now=utcnow())


def test_inviting_again_replaces_the_open_invitation(db, officer) -> None:
    producer = make_producer()
    invite_user("hoa@example.com", producer=producer, invited_by=officer, now=utcnow())
    first = _token(db, "hoa@example.com")
    invite_user("hoa@example.com", producer=producer, invited_by=officer, now=utcnow())
    second = _token(db, "hoa@example.com")
    with pytest.raises(DomainError):
        accept_invitation(first, "mật khẩu riêng của tôi", now=utcnow())
    assert accept_invitation(second, "mật khẩu riêng của tôi", now=utcnow()).email == "hoa@example.com"


def test_a_weak_password_is_refused_and_the_invitation_stays_usable(client, db, officer) -> None:
    invite_user("hai@example.com", producer=make_producer(), invited_by=officer, now=utcnow())
    db.session.commit()
    token = _token(db, "hai@example.com")
    response = client.post(f"/invitations/{token}?lang=en", data={"password": "12345678"})
    assert response.status_code == 422
    assert "most common" in response.get_data(as_text=True)
    assert client.post(f"/invitations/{token}", data={"password": "sóng biển Vân Đồn"}).status_code == 303


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"role": Role.PRODUCER, "producer": None}, "producer_required"),
        ({"role": Role.CUSTOMER, "producer": None}, "invalid_role"),
        ({"role": Role.OFFICER, "producer": "some"}, "producer_not_allowed"),
    ],
)
def test_invitations_must_match_role_and_producer(db, officer, kwargs, code: str) -> None:
    if kwargs["producer"] == "some":
        kwargs = {**kwargs, "producer": make_producer()}
    with pytest.raises(DomainError) as refused:
        invite_user("x@example.com", invited_by=officer, now=utcnow(), **kwargs)
    assert refused.value.code == code
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_only_officers_invite_and_never_an_existing_address(db, officer) -> None:
    producer = make_producer()
    with pytest.raises(DomainError) as refused:
        invite_user("a@example.com", producer=producer, invited_by=make_user(role="producer"), now=utcnow())
    assert refused.value.code == "not_officer"
    existing = make_user()
    with pytest.raises(DomainError) as refused:
        invite_user(existing.email, producer=producer, invited_by=officer, now=utcnow())
    assert refused.value.code == "email_taken"


def test_an_officer_invites_another_officer(db, officer) -> None:
    invite_user("boss2@example.com", role=Role.OFFICER, producer=None, invited_by=officer, now=utcnow())
    user = accept_invitation(_token(db, "boss2@example.com"), "văn phòng chương trình", now=utcnow())
    assert user.role == Role.OFFICER and user.producer_id is None


def test_disable_user_rules(app, client, db, officer, login_as) -> None:
    user = login_as("producer")
    with pytest.raises(DomainError):
        disable_user(officer, actor=user, now=utcnow())
    with pytest.raises(DomainError):
        disable_user(officer, actor=officer, now=utcnow())
    disable_user(user, actor=officer, now=utcnow())
    assert not user.is_active and user.disabled_at is not None
    assert not signed_in(client)
