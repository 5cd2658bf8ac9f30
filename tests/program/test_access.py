"""Who may open the programme office: every route of the `program` blueprint and every programme API
endpoint in the URL map, as a guest, a shopper, a producer and an officer, and with wrong and revoked
tokens. Walks the URL map, so a new route is covered the day it is added."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import Rule

from storefront.auth.models import ApiToken
from storefront.auth.services import create_api_token
from storefront.extensions import db as _db
from tests.factories import make_user

VALUES: dict[str, Any] = {
    "name": "sales-month",
    "kind": "csv",
    "reference": "QN00000000",
    "token_id": 1,
    "certificate_id": 1,
    "slug": "nobody",
    "user_id": 1,
    "year": 2026,
    "month": 1,
    "action": "show",
}


def _rules(app: Flask, prefix: str) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(prefix):
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append((method, _url(app, rule)))
    return found


def _url(app: Flask, rule: Rule) -> str:
    with app.test_request_context():
        return app.url_map.bind("shop.example").build(rule.endpoint, {k: VALUES[k] for k in rule.arguments})


def test_the_walk_covers_every_programme_page_and_api_endpoint(app: Flask) -> None:
    pages = _rules(app, "program.")
    assert len(pages) >= 25
    assert {m for m, _ in pages} == {"GET", "POST"}
    assert len(_rules(app, "api.program_")) == 3


def test_guests_are_sent_to_log_in(app: Flask, client: Any) -> None:
    for method, url in _rules(app, "program."):
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/login?next="), (method, url)


@pytest.mark.parametrize("role", ["customer", "producer"])
def test_shoppers_and_producers_are_refused(app: Flask, client: Any, login_as: Any, role: str) -> None:
    login_as(role)
    for method, url in _rules(app, "program."):
        assert client.open(url, method=method).status_code == 403, (role, method, url)


def test_officers_get_in(app: Flask, client: Any, login_as: Any) -> None:
    login_as("officer")
    _db.session.commit()  # a refused action rolls its request back; the officer's session row must stay
    for method, url in _rules(app, "program."):
        status = client.open(url, method=method).status_code
        # 404 for the sample slug or reference that does not exist; never a refusal or an error.
        assert status in (200, 302, 400, 404), (method, url, status)
        if method == "GET" and "nobody" not in url and "QN0" not in url:
            assert status == 200, (method, url, status)


def test_a_disabled_officer_is_refused(app: Flask, client: Any, login_as: Any) -> None:
    officer = login_as("officer")
    officer.is_active_account = False
    _db.session.flush()
    assert client.get("/program/").status_code in (302, 401, 403)


@pytest.mark.parametrize("who", ["guest", "customer", "producer", "officer", "wrong token", "revoked token"])
def test_the_api_wants_an_officers_live_token(app: Flask, client: Any, login_as: Any, who: str) -> None:
    headers: dict[str, str] = {}
    if who in ("customer", "producer", "officer"):
        login_as(who)  # a signed-in session is not a token
    if who == "wrong token":
        headers["Authorization"] = "Bearer " + "x" * 43
    if who == "revoked token":
        token = create_api_token(make_user(role="officer"), "old", datetime(2026, 1, 1, tzinfo=UTC))
        _db.session.query(ApiToken).update({"revoked_at": datetime(2026, 2, 1, tzinfo=UTC)})
        _db.session.flush()
        headers["Authorization"] = f"Bearer {token}"
    for _method, url in _rules(app, "api.program_"):
        response = client.get(url + "?from=2026-01-01&to=2026-01-31", headers=headers)
        assert response.status_code == 401, (who, url)


def test_the_api_opens_for_an_officers_token(app: Flask, client: Any) -> None:
    token = create_api_token(make_user(role="officer"), "ok", datetime(2026, 1, 1, tzinfo=UTC))
    for _method, url in _rules(app, "api.program_"):
        response = client.get(url + "?from=2026-01-01&to=2026-01-31", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, url
