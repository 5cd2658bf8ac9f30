"""Every page type, rendered in Vietnamese and English, is valid HTML for the Nu HTML checker (vnu.jar).

html5lib (tests/html_checks.py) finds parse errors; the Nu checker knows the rest of the standard: which
attribute values are allowed (`autocomplete` tokens, a `<time datetime>`'s format), ARIA on which
elements, ids and references. The pages are written to a folder and checked in one JVM run.

vnu.jar comes from npm (`vnu-jar` in package-lock.json, `npm ci` at the repository's root) and runs on Java
17 or newer; without either the test is skipped, and under CI it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from storefront.db import utcnow
from storefront.orders.lifecycle import confirm_order, mark_delivered, mark_shipped
from storefront.orders.models import PaymentMethod
from storefront.reviews.services import write_review
from tests.conftest import fresh_client
from tests.factories import Shop, make_batch, make_order, make_user

VNU = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ("vi", "en")


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    missing = None if java else "java is missing (apt-get install default-jre-headless)"
    if not VNU.is_file():
        missing = f"{VNU} is missing: run `npm ci` at the repository's root"
    if missing:
        if os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}:
            pytest.fail(f"the Nu HTML checker cannot run under CI: {missing}")
        pytest.skip(missing)
    assert java is not None
    return [java, "-Xss8m", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout"]


def _get(client: FlaskClient, path: str, lang: str, status: int = 200) -> str:
    response = client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}")
    assert response.status_code == status, f"{path}: {response.status_code}"
    return response.get_data(as_text=True)


def _pages(app: Any, shop: Shop, login_as: Any, client: FlaskClient) -> dict[str, str]:
    """Each page type in each language, by a file name saying which."""
    products, producers = shop.products, shop.producers
    squid, noodles = products["muc-kho-co-to"], products["mien-dong-binh-lieu"]
    make_batch(squid, lot="L2026-11")
    orders = {
        "cod": make_order({squid.id: 1, noodles.id: 2}),
        "transfer": make_order({squid.id: 1}, PaymentMethod.BANK_TRANSFER),
        "card": make_order({noodles.id: 1}, PaymentMethod.CARD),
        "delivered": make_order({squid.id: 1}),
    }
    # A delivered line and its review: the order page's review form, the product page's reviews (dates).
    now = utcnow()
    delivered = orders["delivered"]
    confirm_order(delivered, actor="test", now=now)
    mark_shipped(delivered, squid.producer_id, actor="test", now=now)
    mark_delivered(delivered, squid.producer_id, actor="test", now=now)
    write_review(delivered, delivered.lines[0].id, "5", "Mực ngon, giao nhanh.", now=now)
    public = {
        "home": "/",
        "catalogue": "/products?stars=4&group=thuc-pham&sort=price_asc",
        "search": "/products?q=muc+kho",
        "search-none": "/products?q=zzzzqqq",
        "product": f"/products/{squid.slug}",
        "service": f"/products/{products['homestay-co-to'].slug}",
        "expired-certificate": f"/products/{products['banh-gai-het-han'].slug}",
        "producers": "/producers",
        "producer": f"/producers/{squid.producer.slug}",
        "empty-cart": "/cart",
        "lookup": "/orders/lookup",
        "login": "/login",
        "register": "/register",
        "reset": "/password/reset",
        "scan": f"/q/{squid.qr_code}",
        "scan-batch": f"/q/{squid.qr_code}/L2026-11",
        **{f"order-{method}": f"/orders/{order.token}" for method, order in orders.items()},
    }
    pages: dict[str, str] = {}
    for lang in LANGUAGES:
        guest = fresh_client(app)
        for name, path in public.items():
            pages[f"{name}-{lang}"] = _get(guest, path, lang)
        pages[f"not-found-{lang}"] = _get(guest, "/products/no-such-product", lang, status=404)
        for slug, quantity in ((squid.slug, 1), (noodles.slug, 3)):
            guest.post("/cart/add", data={"product": slug, "quantity": quantity})
        pages[f"cart-{lang}"] = _get(guest, "/cart", lang)
        pages[f"checkout-{lang}"] = _get(guest, "/checkout", lang)
        refused = guest.post("/checkout", data={"phone": "12"}, query_string={"lang": lang})
        assert refused.status_code == 422
        pages[f"checkout-refused-{lang}"] = refused.get_data(as_text=True)

    producer_user = make_user(role="producer", producer=squid.producer)
    login_as(producer_user)
    portal = {
        "portal": "/portal/",
        "portal-products": "/portal/products",
        "portal-product": f"/portal/products/{squid.id}",
        "portal-pictures": f"/portal/products/{squid.id}/pictures",
        "portal-product-stock": f"/portal/products/{squid.id}/stock",
        "portal-new-product": "/portal/products/new",
        "portal-orders": "/portal/orders",
        "portal-order": f"/portal/orders/{orders['cod'].id}",
        "portal-stock": "/portal/stock",
        "portal-import": "/portal/stock/import",
        "portal-statement": "/portal/statement",
        "portal-qr": "/portal/qr/",
        "account": "/account",
    }
    for lang in LANGUAGES:
        for name, path in portal.items():
            pages[f"{name}-{lang}"] = _get(client, path, lang)

    login_as("officer")
    today = date.today()
    program = {
        "program": f"/program/?from={today.replace(day=1).isoformat()}&to={today.isoformat()}",
        "program-orders": "/program/orders",
        "program-order": f"/program/orders/{orders['transfer'].reference}",
        "program-producers": "/program/producers",
        "program-producer": f"/program/producers/{producers['htx-thuy-san-co-to'].slug}",
        "program-new-producer": "/program/producers/new",
        "program-certificates": "/program/certificates?q=muc",
        "program-product-certificates": f"/program/products/{squid.slug}/certificates",
        "program-payouts": "/program/payouts",
        "program-tokens": "/program/tokens",
    }
    for lang in LANGUAGES:
        for name, path in program.items():
            pages[f"{name}-{lang}"] = _get(client, path, lang)
    return pages


def test_every_page_type_is_valid_for_the_nu_html_checker(
    app: Any, shop: Shop, login_as: Any, client: FlaskClient, tmp_path: Path
) -> None:
    command = _vnu_command()
    pages = _pages(app, shop, login_as, client)
    assert len(pages) > 80
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    result = subprocess.run(
        [*command, str(tmp_path)], capture_output=True, text=True, timeout=300, check=False, stdin=subprocess.DEVNULL
    )
    assert result.stdout.strip(), f"vnu.jar gave no report ({result.returncode}): {result.stderr}"
    messages = json.loads(result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") in {"error", "non-document-error"}]
    # One line per distinct error, with the pages it is on.
    found: dict[str, list[str]] = {}
    for error in errors:
        what = f"{error.get('message')} — {(error.get('extract') or '').strip()[:160]!r}"
        found.setdefault(what, []).append(Path(error.get("url", "?")).stem + f":{error.get('lastLine', '?')}")
    assert not found, f"{len(errors)} Nu HTML checker errors:\n" + "\n".join(
        f"{what}\n    on: {', '.join(where)}" for what, where in found.items()
    )
