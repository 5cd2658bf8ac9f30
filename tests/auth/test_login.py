"""Logging in and out as a person does it, and sessions that really end."""

from __future__ import annotations

from typing import Literal

import pytest
from sqlalchemy import func, select

from storefront.auth.invitations import disable_user
from storefront.auth.models import User, UserSession
from storefront.auth.passwords import hash_password
from storefront.cart import store
from tests.auth.helpers import PASSWORD, copy_of, log_in, signed_in
from tests.conftest import fresh_client
from tests.factories import make_product, make_user


@pytest.fixture()
def lan(db) -> User:
    user = make_user(email="lan@example.com", password=PASSWORD, name="Nguyễn Lan")
    db.session.commit()  # a refused request rolls back its own work, never the test's setup
    return user


def test_the_login_page_has_email_password_and_a_log_in_button(client) -> None:
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert '<label for="email">Email</label>' in page
    assert '<label for="password">Password</label>' in page
    assert ">Log in</button>" in page
    assert 'autocomplete="current-password"' in page


def test_a_right_password_signs_in_and_goes_to_the_account(client, lan) -> None:
    response = log_in(client, "LAN@example.com ", PASSWORD)
    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    page = client.get("/account?lang=en").get_data(as_text=True)
    assert "Your account" in page and "lan@example.com" in page


def test_wrong_password_unknown_email_and_disabled_account_get_the_same_answer(client, db, lan) -> None:
    officer = make_user(role="officer")
    closed = make_user(email="closed@example.com", password=PASSWORD)
    disable_user(closed, actor=officer, now=closed.created_at)
    answers = [
        log_in(client, "lan@example.com", "not the password", lang="en"),
        log_in(client, "nobody@example.com", PASSWORD),
        log_in(client, "closed@example.com", PASSWORD),
    ]
    assert {r.status_code for r in answers} == {422}
    bodies = [r.get_data(as_text=True) for r in answers]
    assert all("Sai email hoặc mật khẩu." in b or "Wrong email or password." in b for b in bodies)
    # Beyond the CSRF token and typed email, the three pages are the same.
    strip = [
        b.replace("nobody@example.com", "X").replace("closed@example.com", "X").replace("lan@example.com", "X")
        for b in bodies
    ]
    assert strip[1] == strip[2]
    assert not signed_in(client)


def test_a_werkzeug_hash_from_before_is_replaced_by_argon2id_at_login(client, db) -> None:
    from werkzeug.security import generate_password_hash

    user = make_user(email="old@example.com")
    user.password_hash = generate_password_hash(PASSWORD)
    db.session.flush()
    assert log_in(client, "old@example.com").status_code == 303
    db.session.refresh(user)
    assert user.password_hash.startswith("$argon2id$")
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "/\\evil.example", "https:evil.example", "https://evil.example/x", "javascript:alert(1)"],
)
def test_next_to_another_site_lands_on_the_account_instead(client, lan, target: str) -> None:
    response = client.post("/login", query_string={"next": target}, data={"email": lan.email, "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/account"


def test_next_within_the_site_is_followed_from_the_login_form(client, lan) -> None:
    page = client.get("/login?next=/products%3Fstars%3D5").get_data(as_text=True)
    assert 'value="/products?stars=5"' in page
    response = log_in(client, lan.email, next="/products?stars=5")
    assert response.headers["Location"] == "/products?stars=5"


def test_a_page_that_needs_login_sends_a_guest_to_the_login_page_and_back(client, lan) -> None:
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Faccount"


def test_logout_is_a_post_and_a_copied_cookie_is_dead_afterwards(app, client, lan) -> None:
    log_in(client, lan.email)
    thief = copy_of(app, client)
    assert signed_in(thief)
    assert client.get("/logout").status_code == 405  # a link or an <img> cannot log anyone out
    response = client.post("/logout")
    assert response.status_code == 303
    assert not signed_in(client)
    assert not signed_in(thief)


def test_remember_me_survives_the_session_cookie_but_not_logout(app, client, lan) -> None:
    log_in(client, lan.email, remember="y")
    assert client.get_cookie("remember_token") is not None
    only_remembered = copy_of(app, client, "remember_token")
    assert signed_in(only_remembered)  # the browser was closed: the remember cookie signs in again
    client.post("/logout")
    assert not signed_in(copy_of(app, client, "remember_token"))
    assert not signed_in(only_remembered)


def test_logout_ends_only_this_browser(app, client, lan) -> None:
    log_in(client, lan.email)
    phone = copy_of(app, client)  # stands for a second login elsewhere with the same row
    laptop = fresh_client(app)
    log_in(laptop, lan.email)
    client.post("/logout")
    assert not signed_in(phone)
    assert signed_in(laptop)


def test_a_password_change_ends_every_other_session(app, client, lan) -> None:

    log_in(client, lan.email)
    other_device = fresh_client(app)
    log_in(other_device, lan.email)
    copied = copy_of(app, client)
    response = client.post(
        "/account/password", data={"current_password": PASSWORD, "password": "một mật khẩu mới hoàn toàn"}
    )
    assert response.status_code == 303
    assert signed_in(client)  # this browser goes on
    assert not signed_in(other_device)
    assert not signed_in(copied)
    assert log_in(fresh_client(app), lan.email, "một mật khẩu mới hoàn toàn").status_code == 303


def test_a_wrong_current_password_changes_nothing(client, db, lan) -> None:
    log_in(client, lan.email)
    before = lan.password_hash
    response = client.post("/account/password?lang=en", data={"current_password": "nope", "password": "x" * 12})
    assert response.status_code == 422
    assert "That is not your current password." in response.get_data(as_text=True)
    db.session.refresh(lan)
    assert lan.password_hash == before


def test_disabling_an_account_ends_its_sessions_at_once(app, client, db, lan) -> None:
    log_in(client, lan.email, remember="y")
    remembered = copy_of(app, client, "remember_token")
    disable_user(lan, actor=make_user(role="officer"), now=lan.created_at)
    assert not signed_in(client)
    assert not signed_in(remembered)
    assert log_in(client, lan.email).status_code == 422


def test_the_login_as_fixture_works_with_session_rows(client, db, login_as) -> None:
    user = login_as("producer")
    assert signed_in(client)
    assert db.session.scalar(select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id)) == 1


def test_only_a_hash_of_the_session_secret_is_stored(client, db, lan) -> None:
    log_in(client, lan.email)
    row = db.session.scalar(select(UserSession).where(UserSession.user_id == lan.id))
    assert len(row.secret_sha256) == 64
    assert row.secret_sha256 not in (client.get_cookie("session").value or "")


def test_the_guest_cart_merges_into_the_account_at_login_and_stays_with_it_at_logout(app, client, db, lan) -> None:

    kept, added = make_product(), make_product()
    lan.saved_cart = [[kept.id, 2]]
    db.session.flush()
    client.post("/cart/add", data={"product": added.slug, "quantity": "1"})
    client.post("/cart/add", data={"product": kept.slug, "quantity": "1"})
    log_in(client, lan.email)
    with app.test_request_context(headers={"Cookie": f"cart={client.get_cookie('cart').value}"}):
        from flask import request

        assert store.read(request) == {kept.id: 2, added.id: 1}
    client.post("/logout")
    assert client.get_cookie("cart") is None  # the next person on this phone does not see it
    elsewhere = fresh_client(app)
    log_in(elsewhere, lan.email)
    with app.test_request_context(headers={"Cookie": f"cart={elsewhere.get_cookie('cart').value}"}):
        from flask import request

        assert store.read(request) == {kept.id: 2, added.id: 1}


def test_an_argon2_hash_with_weaker_settings_is_upgraded(client, db) -> None:
    from argon2 import PasswordHasher

    user = make_user(email="weak@example.com")
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    db.session.flush()
    assert log_in(client, "weak@example.com").status_code == 303
    db.session.refresh(user)
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.password_hash != hash_password(PASSWORD)  # salted: never the same twice


def test_an_unknown_email_costs_one_argon2_verification_like_a_wrong_password(client, lan, monkeypatch) -> None:
    """Same message and about the same time: both answers do exactly one Argon2id verification (the time
    itself is not measured here, see the README's accounts section)."""
    from argon2 import PasswordHasher

    from storefront.auth import passwords

    calls: list[str] = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
            calls.append(str(hash)[:30])
            return super().verify(hash, password)

    real = passwords.HASHER
    monkeypatch.setattr(
        passwords, "HASHER", CountingHasher(real.time_cost, real.memory_cost, real.parallelism, real.hash_len)
    )
    log_in(client, "nobody@example.com", "some guess")
    unknown = list(calls)
    calls.clear()
    log_in(client, lan.email, "some guess")
    assert len(unknown) == len(calls) == 1
    assert unknown[0] == calls[0]  # the same algorithm and parameters: "$argon2id$v=19$m=19456,t=2,p=1"


def test_remember_me_lasts_a_month(client, lan) -> None:
    response = log_in(client, lan.email, remember="y")
    from email.utils import parsedate_to_datetime

    from storefront.db import utcnow

    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token="))
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert 29 <= (expires - utcnow()).days <= 30
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
