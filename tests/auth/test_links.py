"""Password reset, email confirmation and change of email: signed, expiring, single-use links by mail."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from storefront.auth import accounts
from storefront.auth.models import User
from storefront.db import utcnow
from storefront.notify.models import OutboxMessage
from tests.auth.helpers import PASSWORD, copy_of, log_in, signed_in
from tests.conftest import fresh_client
from tests.factories import make_buyer, make_order, make_product, make_user

NEW = "một mật khẩu mới hẳn"


def _last_mail(db, to: str) -> OutboxMessage:
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == to).order_by(OutboxMessage.id.desc())
    ).first()


def _link(message: OutboxMessage) -> str:
    found = re.search(r"https://shop\.example(/\S+)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture()
def lan(db) -> User:
    user = make_user(email="lan@example.com", password=PASSWORD)
    db.session.commit()  # a refused request rolls back its own work, never the test's setup
    return user


def test_a_reset_link_is_mailed_and_sets_a_new_password_once(app, client, db, lan) -> None:
    log_in(client, lan.email)
    thief = copy_of(app, client)
    response = client.post("/password/reset?lang=en", data={"email": "Lan@Example.com"})
    assert "If Lan@Example.com is the address of an account" in response.get_data(as_text=True)
    link = _link(_last_mail(db, "lan@example.com"))
    assert link.startswith("/password/reset/")
    guest = fresh_client(app)
    assert guest.get(link).status_code == 200
    assert guest.post(link, data={"password": NEW}).headers["Location"] == "/login"
    assert not signed_in(thief) and not signed_in(client)  # every session ended
    assert log_in(guest, lan.email, NEW).status_code == 303
    again = fresh_client(app).post(link + "?lang=en", data={"password": "yet another password here"})
    assert again.status_code == 404
    assert "has expired or has already been used" in again.get_data(as_text=True)
    assert log_in(fresh_client(app), lan.email, NEW).status_code == 303


def test_an_unknown_address_gets_the_same_page_and_no_mail(client, db) -> None:
    known = make_user(email="known@example.com")
    one = client.post("/password/reset", data={"email": "nobody@example.com"}).get_data(as_text=True)
    two = client.post("/password/reset", data={"email": known.email}).get_data(as_text=True)
    assert one.replace("nobody@example.com", "X") == two.replace("known@example.com", "X")
    assert _last_mail(db, "nobody@example.com") is None
    assert _last_mail(db, "known@example.com") is not None


def test_an_expired_reset_link_is_refused(client, db, lan) -> None:
    made = utcnow() - timedelta(hours=1, minutes=1)
    accounts.request_password_reset(lan.email, now=made, language="en")
    link = _link(_last_mail(db, lan.email))
    assert client.post(link, data={"password": NEW}).status_code == 404
    assert lan.check_password(PASSWORD)


@pytest.mark.parametrize("token", ["x", "a" * 700, "eyJ1IjoxfQ.forged", "../../etc/passwd"])
def test_forged_reset_links_are_refused(client, lan, token: str) -> None:
    assert client.get(f"/password/reset/{token}").status_code == 404


def test_a_common_password_is_refused_on_the_reset_page(client, db, lan) -> None:
    accounts.request_password_reset(lan.email, now=utcnow(), language="en")
    db.session.commit()
    link = _link(_last_mail(db, lan.email))
    response = client.post(link + "?lang=en", data={"password": "password123"})
    assert response.status_code == 422
    assert "most common" in response.get_data(as_text=True)
    assert client.get(link).status_code == 200  # not spent


def test_registering_sends_a_confirmation_link_that_a_get_does_not_spend(client, db) -> None:
    response = client.post("/register", data={"name": "Mai", "email": "mai@example.com", "password": "hoa mai vàng nở"})
    assert response.headers["Location"] == "/login"
    user = db.session.scalar(select(User).where(User.email == "mai@example.com"))
    assert user.email_confirmed_at is None and user.check_password("hoa mai vàng nở")
    link = _link(_last_mail(db, "mai@example.com"))
    assert link.startswith("/account/confirm/")
    assert client.get(link).status_code == 200 and user.email_confirmed_at is None  # a GET changes nothing
    assert client.post(link).status_code == 303
    db.session.refresh(user)
    assert user.email_confirmed_at is not None


def test_registering_an_address_that_has_an_account_looks_the_same_and_tells_its_owner(client, db, lan) -> None:
    first = client.post("/register", data={"email": "new@example.com", "password": "hoa mai vàng nở"})
    second = client.post("/register", data={"email": lan.email, "password": "hoa mai vàng nở"})
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert _last_mail(db, lan.email).kind == "account:exists"
    assert lan.check_password(PASSWORD)


def test_a_change_of_email_waits_for_the_link_sent_to_the_new_address(app, client, db, lan) -> None:
    log_in(client, lan.email)
    response = client.post("/account/email", data={"email": "lan.moi@example.com", "password": PASSWORD})
    assert response.status_code == 303
    db.session.refresh(lan)
    assert lan.email == "lan@example.com"
    link = _link(_last_mail(db, "lan.moi@example.com"))
    assert client.post(link).status_code == 303
    db.session.refresh(lan)
    assert lan.email == "lan.moi@example.com"
    assert _last_mail(db, "lan@example.com").kind == "account:email-changed"
    assert client.post(link).status_code == 404  # used


def test_a_change_of_email_needs_the_password(client, db, lan) -> None:
    log_in(client, lan.email)
    response = client.post("/account/email", data={"email": "x@example.com", "password": "wrong"})
    assert response.status_code == 422
    assert _last_mail(db, "x@example.com") is None


def test_guest_orders_with_the_confirmed_address_show_in_the_account(client, db, lan) -> None:
    product = make_product()
    mine = make_order({product.id: 1}, buyer=make_buyer(email="lan@example.com"))
    other = make_order({product.id: 1}, buyer=make_buyer(email="someone@example.com"))
    log_in(client, lan.email)
    page = client.get("/account").get_data(as_text=True)
    assert mine.reference in page and other.reference not in page
    lan.email_confirmed_at = None
    db.session.flush()
    assert mine.reference not in client.get("/account").get_data(as_text=True)
