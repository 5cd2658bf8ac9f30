"""Who may reach what: every route of the URL map, GET and POST, as a guest, a shopper, the owning
producer, another producer and an officer.

The table `ROUTES` has one entry per endpoint, grouped by area. A route that is missing from it fails
`test_every_route_is_in_the_table`: whoever adds a route adds its row here, saying who may use it and
which ids of the owning producer's data fill its URL. Refused requests get a login redirect, 401, 403 or
404 (whatever the kind says) and change nothing: every row of every table is compared before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_login import login_user
from sqlalchemy import select

from storefront.auth.models import User
from storefront.catalog.models import Product
from storefront.db import Base
from storefront.extensions import db as _db
from storefront.orders.models import Order
from storefront.producers.models import Producer
from tests.conftest import fresh_client
from tests.factories import make_image, make_order, make_producer, make_product, make_user

ROLES = ("guest", "shopper", "owner", "other_producer", "officer")
#: What a refusal looks like. A login redirect is written "login".
REFUSED = {"login", 401, 403, 404}


@dataclass
class World:
    """Data of two producers: URLs are filled with the OWNER's ids, so "other_producer" asks for data
    that is not theirs. Add what your routes need (and build it in `world`)."""

    owner: Producer
    other: Producer
    product: Product
    order: Order
    users: dict[str, User] = field(default_factory=dict)


@dataclass(frozen=True)
class Access:
    """Which roles may use a route; the others get one of `refused_with`."""

    allowed: frozenset[str]
    refused_with: frozenset[Any] = frozenset(REFUSED)
    #: URL arguments from the world (for rules with variables).
    args: Callable[[World], dict[str, Any]] = lambda w: {}
    #: Methods this row covers; None: all the rule has (GET and POST).
    methods: frozenset[str] | None = None


def public(args: Callable[[World], dict[str, Any]] = lambda w: {}) -> Access:
    return Access(frozenset(ROLES), args=args)


def signed_in(args: Callable[[World], dict[str, Any]] = lambda w: {}) -> Access:
    return Access(frozenset(ROLES) - {"guest"}, args=args)


def officers(args: Callable[[World], dict[str, Any]] = lambda w: {}) -> Access:
    return Access(frozenset({"officer"}), args=args)


def owner_only(args: Callable[[World], dict[str, Any]] = lambda w: {}) -> Access:
    """The producer whose data the URL names; another producer gets 403 or 404 (never their data)."""
    return Access(frozenset({"owner"}), args=args)


def producers(args: Callable[[World], dict[str, Any]] = lambda w: {}) -> Access:
    """Any producer, on their own data (list pages): both producers allowed, each sees their own."""
    return Access(frozenset({"owner", "other_producer"}), args=args)


def bearer_token_only(args: Callable[[World], dict[str, Any]] = lambda w: {}) -> Access:
    """The program API: a session cookie, even an officer's, never stands for a token."""
    return Access(frozenset(), frozenset({401}), args=args)


def signed_request_only() -> Access:
    """Webhooks: without the sender's signature everyone is refused (503 while no secret is set), and
    nothing changes."""
    return Access(frozenset(), frozenset({400, 503}))


def _token(w: World) -> dict[str, Any]:
    return {"token": w.order.token}


def _product(w: World) -> dict[str, Any]:
    return {"slug": w.product.slug}


def _producer(w: World) -> dict[str, Any]:
    return {"slug": w.owner.slug}


def _product_id(w: World) -> dict[str, Any]:
    return {"product_id": w.product.id}


def _picture(w: World) -> dict[str, Any]:
    return {"product_id": w.product.id, "picture_id": w.product.images[0].id}


def _reference(w: World) -> dict[str, Any]:
    return {"reference": w.order.reference}


def _order_id(w: World) -> dict[str, Any]:
    return {"order_id": w.order.id}


ROUTES: dict[str, Access] = {
    # --- the public shop
    "static": public(lambda w: {"filename": "css/site.css"}),
    "web.home": public(),
    "web.healthz": public(),
    "web.robots": public(),
    "web.products": public(),
    "web.product": public(_product),
    "web.producers": public(),
    "web.producer": public(_producer),
    "sitemap.index": public(),
    "sitemap.pages": public(),
    "sitemap.products": public(lambda w: {"n": 1}),
    "media.file": public(lambda w: {"path": w.product.images[0].path}),
    # --- QR codes and the GS1 resolver
    "qr.product_qr": public(lambda w: {"slug": w.product.slug, "kind": "png"}),
    "qr.scan": public(lambda w: {"code": w.product.qr_code}),
    "qr.scan_lot": public(lambda w: {"code": w.product.qr_code, "lot": "L1"}),
    "gs1.description": public(),
    "gs1.resolve": public(lambda w: {"gtin": "08930000000012"}),
    "gs1.resolve_slash": public(lambda w: {"gtin": "08930000000012"}),
    "gs1.resolve_qualified": public(lambda w: {"gtin": "08930000000012", "rest": "10/L1"}),
    # --- cart, checkout, orders and payments (the order's token is the key: no account needed)
    "cart.view": public(),
    "cart.add": public(),
    "cart.update": public(),
    "cart.remove": public(),
    "checkout.checkout": public(),
    "checkout.communes": public(),
    "orders.status": public(_token),
    "orders.progress": public(_token),
    "order_lookup.lookup": public(),
    # --- reviews: the order's link proves the purchase; officers hide
    "reviews.write": public(lambda w: {"token": w.order.token, "line_id": w.order.lines[0].id}),
    "reviews.hide": officers(lambda w: {"review_id": 1}),
    "reviews.show": officers(lambda w: {"review_id": 1}),
    "payments.pay_by_card": public(_token),
    "payments.switch_to_transfer": public(_token),
    "payments.transfer_qr": public(_token),
    "stripe_webhooks.stripe_webhook": signed_request_only(),
    # --- accounts
    "auth.login": public(),
    "auth.logout": public(),
    "auth.register": public(),
    "auth.reset_request": public(),
    "auth.reset_password": public(lambda w: {"token": "not-a-real-link"}),
    "account.overview": signed_in(),
    "account.save_address": signed_in(),
    "account.change_password": signed_in(),
    "account.change_email": signed_in(),
    "account.resend_confirmation": signed_in(),
    "account.confirm_email": public(lambda w: {"token": "not-a-real-link"}),
    "account.confirm_email_change": public(lambda w: {"token": "not-a-real-link"}),
    "account.accept_invitation": public(lambda w: {"token": "not-a-real-invitation"}),
    # --- the producers' portal: list pages show each producer their own; ids are the owner's
    "portal.overview": producers(),
    "portal.products": producers(),
    "portal.new_product": producers(),
    "portal.edit_product": owner_only(_product_id),
    "portal.publish": owner_only(_product_id),
    "portal.unpublish": owner_only(_product_id),
    "portal.product_stock": owner_only(_product_id),
    "portal.pictures": owner_only(_product_id),
    "portal.move_picture": owner_only(_picture),
    "portal.delete_picture": owner_only(_picture),
    "portal.stock": producers(),
    "portal.export_csv": producers(),
    "portal.import_csv": producers(),
    "portal.apply_import": producers(),
    "portal.orders": producers(),
    "portal.export_orders": producers(),
    "portal.order": owner_only(_order_id),
    "portal.confirm_order": owner_only(_order_id),
    "portal.ship_order": owner_only(_order_id),
    "portal.deliver_order": owner_only(_order_id),
    "portal.statement": producers(),
    "portal.statement_csv": producers(),
    "portal.payouts": producers(),
    "qr_portal.overview": producers(),
    "qr_portal.add_batch": producers(),
    "qr_portal.sheet": owner_only(_product_id),
    "qr_portal.label": owner_only(lambda w: {"product_id": w.product.id, "kind": "png"}),
    # --- the programme office: officers only (ids of the world's producer, product and order)
    "program.dashboard": officers(),
    "program.export": officers(lambda w: {"name": "sales-month", "kind": "csv"}),
    "program.orders": officers(),
    "program.order": officers(_reference),
    "program.confirm_payment": officers(_reference),
    "program.cancel": officers(_reference),
    "program.refund": officers(_reference),
    "program.certificates": officers(),
    "program.product_certificates": officers(_product),
    "program.award_product_certificate": officers(_product),
    "program.revoke_certificate": officers(lambda w: {"certificate_id": 1}),
    "program.producers": officers(),
    "program.new_producer": officers(),
    "program.producer": officers(_producer),
    "program.edit_producer": officers(_producer),
    "program.invite": officers(_producer),
    "program.listings": officers(lambda w: {"slug": w.owner.slug, "action": "hide"}),
    "program.disable": officers(lambda w: {"user_id": w.users["shopper"].id}),
    "program.payouts": officers(),
    "program.payouts_csv": officers(),
    "program.mark_sent": officers(lambda w: {"slug": w.owner.slug, "year": 2026, "month": 1}),
    "program.statement": officers(lambda w: {"slug": w.owner.slug, "year": 2026, "month": 1}),
    "program.tokens": officers(),
    "program.create_token": officers(),
    "program.revoke_token": officers(lambda w: {"token_id": 1}),
    # --- the programme office's feed: an officer's bearer token, never a session
    "api.program_sales": bearer_token_only(),
    "api.program_scans": bearer_token_only(),
    "api.program_lines": bearer_token_only(),
    # --- the public JSON API
    "api.openapi": public(),
    "api.list_products": public(),
    "api.suggest": public(),
    "api.get_product": public(_product),
    "api.list_producers": public(),
    "api.get_producer": public(_producer),
}


@pytest.fixture()
def world(db: Any) -> World:
    owner, other = make_producer(), make_producer()
    product = make_product(producer=owner, stock=20)
    make_product(producer=other, stock=20)
    make_image(product)
    order = make_order({product.id: 1})
    users = {
        "shopper": make_user(role="customer"),
        "owner": make_user(role="producer", producer=owner),
        "other_producer": make_user(role="producer", producer=other),
        "officer": make_user(role="officer"),
    }
    db.session.commit()  # a refused request's rollback must not undo the world
    return World(owner=owner, other=other, product=product, order=order, users=users)


def _client_as(app: Flask, role: str, world: World) -> FlaskClient:
    client = fresh_client(app)
    if role != "guest":
        with app.test_request_context():
            login_user(world.users[role])
            from flask import session

            values = dict(session)
        with client.session_transaction() as client_session:
            client_session.update(values)
    return client


def _outcome(response: Any) -> Any:
    if response.status_code in (301, 302, 303, 307) and response.headers.get("Location", "").startswith("/login"):
        return "login"
    return response.status_code


def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, so a refused request that changed anything at all is caught."""
    _db.session.flush()
    return {
        table.name: sorted((tuple(map(repr, row)) for row in _db.session.execute(select(table))), key=repr)
        for table in Base.metadata.sorted_tables
    }


def _url(app: Flask, endpoint: str, args: dict[str, Any]) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **args)


def _rules(app: Flask) -> dict[str, set[str]]:
    methods: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        methods.setdefault(rule.endpoint, set()).update((rule.methods or set()) & {"GET", "POST"})
    return methods


def test_every_route_is_in_the_table(app: Flask) -> None:
    endpoints = set(_rules(app))
    missing = sorted(endpoints - set(ROUTES))
    assert missing == [], f"add a row to ROUTES in tests/test_access_control.py for: {missing}"
    assert sorted(set(ROUTES) - endpoints) == [], "rows for routes that no longer exist"


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_only_the_allowed_roles_get_through_and_refusals_change_nothing(
    app: Flask, db: Any, world: World, endpoint: str
) -> None:
    access = ROUTES[endpoint]
    methods = _rules(app).get(endpoint)
    assert methods, f"{endpoint} is not a route (any more)"
    url = _url(app, endpoint, access.args(world))
    for method in sorted(access.methods or methods):
        clients = {role: _client_as(app, role, world) for role in ROLES}
        refused_roles = [role for role in ROLES if role not in access.allowed]
        before = _snapshot() if refused_roles else {}
        for role in refused_roles:
            outcome = _outcome(clients[role].open(url, method=method))
            assert outcome in access.refused_with, f"{method} {url} as {role}: {outcome}"
            if role == "guest" and "login" in access.refused_with:
                assert outcome in ("login", 401), f"{method} {url}: a guest is asked to log in"
        if refused_roles:
            assert _snapshot() == before, f"{method} {url}: a refused request changed the database"
        for role in access.allowed:
            outcome = _outcome(clients[role].open(url, method=method))
            assert outcome not in ("login", 401, 403), f"{method} {url} as {role}: refused ({outcome})"
            if role in ("owner", "other_producer") and access.allowed == {"owner"}:
                assert outcome != 404, f"{method} {url}: the owner cannot find their own data"


def test_the_table_refuses_what_it_should(app: Flask, db: Any, world: World) -> None:
    """The walk above is only as good as its checks: a signed-in page really refuses a guest."""
    client = _client_as(app, "guest", world)
    assert _outcome(client.get("/account")) == "login"
    assert _outcome(_client_as(app, "shopper", world).get("/account")) == 200
