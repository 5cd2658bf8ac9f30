"""Login and reset are rate-limited (and the limit lifts); every account form refuses a post without its
CSRF token."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from storefront.notify.models import OutboxMessage
from tests.auth.helpers import PASSWORD, log_in
from tests.factories import make_user


def test_failed_logins_on_one_address_are_limited_and_the_limit_lifts(rate_limited_client, db, monkeypatch) -> None:
    user = make_user(email="lan@example.com", password=PASSWORD)
    db.session.commit()
    codes = [log_in(rate_limited_client, user.email, "wrong guess").status_code for _ in range(6)]
    assert codes[:5] == [422] * 5
    assert codes[5] == 429
    # Even the right password waits: a guesser must not learn it by trying at the limit.
    refused = log_in(rate_limited_client, user.email, PASSWORD)
    assert refused.status_code == 429
    assert "Too many requests" in refused.get_data(as_text=True) or "Quá nhiều" in refused.get_data(as_text=True)
    later = time.time() + 3700  # past the minute and the hour windows
    monkeypatch.setattr(time, "time", lambda: later)
    assert log_in(rate_limited_client, user.email, PASSWORD).status_code == 303


def test_unknown_addresses_meet_the_same_limit(rate_limited_client, db) -> None:
    codes = [log_in(rate_limited_client, "nobody@example.com", "guess").status_code for _ in range(6)]
    assert codes == [422] * 5 + [429]


def test_the_per_ip_limit_catches_guesses_spread_over_addresses(rate_limited_client, db) -> None:
    codes = [log_in(rate_limited_client, f"u{n}@example.com", "guess").status_code for n in range(11)]
    assert codes[:10] == [422] * 10 and codes[10] == 429


def test_reset_requests_are_limited_per_address_so_no_inbox_is_flooded(rate_limited_client, db) -> None:
    user = make_user(email="lan@example.com")
    db.session.commit()
    codes = [rate_limited_client.post("/password/reset", data={"email": user.email}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    sent = db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.to_address == user.email)
    )
    assert sent == 3


def test_the_login_page_itself_is_not_limited(rate_limited_client, db) -> None:
    assert {rate_limited_client.get("/login").status_code for _ in range(15)} == {200}


@pytest.mark.parametrize(
    "path",
    ["/login", "/register", "/password/reset", "/logout", "/account/password", "/account/email", "/account/address"],
)
def test_every_account_form_needs_its_csrf_token(client, db, csrf_on, login_as, path: str) -> None:
    user = login_as("customer")
    response = client.post(path, data={"email": user.email, "password": "correct horse battery"})
    assert response.status_code == 400
    assert client.get("/account").status_code == 200  # still signed in: logout refused too


def test_a_login_with_the_forms_token_works(client, db, csrf_on) -> None:
    import re

    user = make_user(email="mai@example.com", password=PASSWORD)
    db.session.commit()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303
