"""Every page type of the shop, as a visitor reaches it: the list the accessibility and layout tests walk.

A `Stop` names a page type and how to open it in a browser page (in a language). Stops are grouped by who
sees them (a guest, the demo producer, the demo officer); the guest's stops run in order in one browser
context, since the cart's pages need what the stops before them put in the cart. Orders are placed once per
session (`placed_orders`), so each walk only reads their pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from storefront.seed.data.producers import DEMO_PRODUCER_SLUG
from storefront.seed.demo import qr_code_for
from storefront.text import slugify

#: Demo products (storefront/seed/demo.py): the squid is the demo producer's, the noodles another's.
SQUID = slugify("Mực khô Cô Tô loại đặc biệt")
NOODLES = "mien-dong-binh-lieu"
DEMO_PASSWORD = "demo-password"
ACCOUNTS = {"producer": "producer@example.com", "officer": "officer@example.com"}


@dataclass(frozen=True)
class Stop:
    name: str
    #: Who sees it: "guest", "producer" or "officer".
    role: str
    #: Opens the page type in `page`, in language `lang`; `orders` maps "cod", "transfer", "card" to order paths.
    visit: Callable[[Any, str, dict[str, str]], None]
    #: The page's HTTP status: the browser reports a 4xx on the console, which is then expected.
    status: int = 200


def _with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def goto(page: Any, path: str, lang: str, status: int = 200) -> None:
    response = page.goto(_with_lang(path, lang))
    assert response is not None and response.status == status, f"{path}: {response and response.status}"


def add_to_cart(page: Any, slug: str, lang: str, quantity: int = 1) -> None:
    from playwright.sync_api import expect

    goto(page, f"/products/{slug}", lang)
    page.locator("form.add-to-cart input[name=quantity]").fill(str(quantity))
    page.locator("form.add-to-cart button[type=submit]").first.click()
    expect(page.locator("[data-added]")).not_to_be_empty()


def _cart_with_items(page: Any, lang: str, orders: dict[str, str]) -> None:
    add_to_cart(page, SQUID, lang)
    add_to_cart(page, NOODLES, lang, 2)
    goto(page, "/cart", lang)


def _checkout_refused(page: Any, lang: str, orders: dict[str, str]) -> None:
    """An empty form sent: the page comes back with its error summary."""
    goto(page, "/checkout", lang)
    with page.expect_navigation():
        page.locator("[data-checkout-form] button[type=submit]").last.click()
    assert page.locator("#error-summary").count() == 1


def _first_link(pattern: str, listing: str) -> Callable[[Any, str, dict[str, str]], None]:
    def visit(page: Any, lang: str, orders: dict[str, str]) -> None:
        goto(page, listing, lang)
        href = page.locator("main a[href]").evaluate_all(
            "(links, pattern) => links.map(a => a.getAttribute('href')).find(h => new RegExp(pattern).test(h))",
            pattern,
        )
        assert href, f"no link matching {pattern} on {listing}"
        goto(page, href, lang)

    return visit


def _order(method: str) -> Callable[[Any, str, dict[str, str]], None]:
    return lambda page, lang, orders: goto(page, orders[method], lang)


def _stops() -> list[Stop]:
    def path(p: str) -> Callable[[Any, str, dict[str, str]], None]:
        return lambda page, lang, orders: goto(page, p, lang)

    return [
        Stop("home", "guest", path("/")),
        Stop("catalogue with filters", "guest", path("/products?stars=4&group=thuc-pham&sort=price_asc")),
        Stop("search results", "guest", path("/products?q=muc+kho")),
        Stop("search without results", "guest", path("/products?q=zzzzqqq")),
        Stop("product", "guest", path(f"/products/{SQUID}")),
        Stop("service (booking)", "guest", _first_link(r"^/products/", "/products?group=dich-vu-du-lich")),
        Stop("producers", "guest", path("/producers")),
        Stop("producer", "guest", path(f"/producers/{DEMO_PRODUCER_SLUG}")),
        Stop("empty cart", "guest", path("/cart")),
        Stop("cart with items", "guest", _cart_with_items),
        Stop("checkout", "guest", path("/checkout")),
        Stop("checkout after a refused submit", "guest", _checkout_refused, status=422),
        Stop("order, cash on delivery", "guest", _order("cod")),
        Stop("order, bank transfer", "guest", _order("transfer")),
        Stop("order, card", "guest", _order("card")),
        Stop("order lookup", "guest", path("/orders/lookup")),
        Stop("login", "guest", path("/login")),
        Stop("register", "guest", path("/register")),
        Stop("password reset", "guest", path("/password/reset")),
        Stop("QR scan page", "guest", path(f"/q/{qr_code_for(SQUID)}")),
        Stop(
            "not found",
            "guest",
            lambda page, lang, orders: goto(page, "/products/no-such-product", lang, status=404),
            status=404,
        ),
        Stop("portal overview", "producer", path("/portal/")),
        Stop("portal products", "producer", path("/portal/products")),
        Stop("portal product form", "producer", _first_link(r"^/portal/products/\d+$", "/portal/products")),
        Stop("portal new product", "producer", path("/portal/products/new")),
        Stop("portal orders", "producer", path("/portal/orders")),
        Stop("portal order", "producer", _first_link(r"^/portal/orders/\d+$", "/portal/orders")),
        Stop("portal stock", "producer", path("/portal/stock")),
        Stop("portal statement", "producer", path("/portal/statement")),
        Stop("portal QR codes", "producer", path("/portal/qr/")),
        Stop("account", "producer", path("/account")),
        Stop("programme dashboard", "officer", path("/program/?from=2025-12-01&to=2026-11-30")),
        Stop("programme orders", "officer", path("/program/orders")),
        Stop("programme order", "officer", _first_link(r"^/program/orders/[A-Z0-9]+$", "/program/orders")),
        Stop("programme producers", "officer", path("/program/producers")),
        Stop("programme producer", "officer", path(f"/program/producers/{DEMO_PRODUCER_SLUG}")),
        Stop("programme new producer", "officer", path("/program/producers/new")),
        Stop("programme certificates", "officer", path("/program/certificates")),
        Stop("programme payouts", "officer", path("/program/payouts")),
        Stop("programme tokens", "officer", path("/program/tokens")),
    ]


STOPS = _stops()
ROLES = ("guest", "producer", "officer")


def stops_for(role: str) -> list[Stop]:
    return [stop for stop in STOPS if stop.role == role]


def log_in(page: Any, role: str) -> None:
    goto(page, "/login", "en")
    page.get_by_label("Email").fill(ACCOUNTS[role])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert "/login" not in page.url, f"{role} could not log in"


def fill_checkout(page: Any, *, phone: str = "0912 345 678", email: str | None = "lan@example.com") -> None:
    page.get_by_label("Full name", exact=True).fill("Nguyễn Thị Lan")
    page.get_by_label("Phone", exact=True).fill(phone)
    if email is not None:
        page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Address", exact=True).fill("12 Trần Hưng Đạo")
    page.get_by_label("Province/City").select_option(label="Quảng Ninh")
    page.get_by_label("Commune/Ward").select_option(label="Phường Hạ Long")


def place_order(page: Any, method_label: str) -> str:
    """Buys the squid as a guest in English with `method_label` and returns the order page's path."""
    add_to_cart(page, SQUID, "en")
    goto(page, "/checkout", "en")
    fill_checkout(page)
    page.get_by_label(method_label).check()
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/orders/[A-Za-z0-9_-]{40,}(\?.*)?$|checkout\.stripe\.com"))
    return page.url


def walk(context_for: Callable[[str], Any], lang: str, orders: dict[str, str]) -> Iterator[tuple[Stop, Any]]:
    """Opens each stop in turn, yielding it with the page showing it; one context per role. A console error
    (a script refused by the CSP, a failed request, an uncaught exception) fails the stop it happened on."""
    for role in ROLES:
        context = context_for(role)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc, errors=errors: errors.append(f"uncaught: {exc}"))
        for stop in stops_for(role):
            stop.visit(page, lang, orders)
            if stop.status != 200:
                errors[:] = [e for e in errors if f"status of {stop.status}" not in e]
            assert not errors, f"{stop.name} ({lang}): " + "; ".join(errors)
            yield stop, page
        context.close()
