"""Paying by transfer on the phone that shows the code (issue 13, item 4): the QR code as a PNG to save,
copy buttons, the deadline, and the small status the page polls until the payment is confirmed."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest

from storefront.db import utcnow
from storefront.orders import lifecycle
from storefront.orders.models import Order, OrderStatus, PaymentMethod
from storefront.payments.transfer import transfer_payload
from storefront.payments.vietqr import parse_tlv, problems
from tests.factories import make_order, make_product
from tests.qr.decode import decode_png

HOSTILE_TOKENS = ["nope", "x" * 300, "' OR 1=1 --", "%3Cscript%3E", "ab%00cd", "%C3%A9t%C3%A9", "..%2F..%2Fetc"]


def _transfer_order(db, *, placed_ago: timedelta = timedelta(0), price_vnd: int = 185_000) -> Order:
    order = make_order(
        {make_product(price_vnd=price_vnd, stock=10).id: 2}, PaymentMethod.BANK_TRANSFER, now=utcnow() - placed_ago
    )
    db.session.commit()
    return order


# --- the QR code as a picture to save


def test_the_saved_picture_is_the_orders_vietqr_code(app, client, db) -> None:
    order = _transfer_order(db)
    response = client.get(f"/orders/{order.token}/vietqr.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png" and response.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{order.reference}-vietqr.png"'
    assert "no-store" in response.headers["Cache-Control"] and "private" in response.headers["Cache-Control"]
    assert response.headers["Referrer-Policy"] == "no-referrer"

    decoded = decode_png(response.data)
    with app.app_context():
        expected = transfer_payload(order, app.config)
    assert decoded == [expected]
    fields = dict(parse_tlv(decoded[0]))
    assert problems(decoded[0]) == []
    assert fields["54"] == str(order.total_vnd) and dict(parse_tlv(fields["62"]))["08"] == order.reference


def test_the_page_links_to_the_picture_as_a_download(client, db) -> None:
    order = _transfer_order(db)
    page = client.get(f"/orders/{order.token}?lang=en").get_data(as_text=True)
    link = re.search(r'<a [^>]*href="(/orders/[^"]+/vietqr\.png)"[^>]*>Save QR image</a>', page)
    assert link, "no Save QR image link"
    assert f'download="{order.reference}-vietqr.png"' in link.group(0)
    assert link.group(1) == f"/orders/{order.token}/vietqr.png"
    # The code on the page is a PNG too: "save image" from a long press gives a picture a bank app opens.
    shown = re.search(r'<img class="vietqr" src="data:image/png;base64,([^"]+)"', page)
    payload = re.search(r'<code class="payload">([^<]+)<', page)
    assert shown and payload
    assert decode_png(base64.b64decode(shown.group(1))) == [payload.group(1)]


@pytest.mark.parametrize("token", HOSTILE_TOKENS)
def test_no_picture_without_the_orders_token(client, db, token) -> None:
    _transfer_order(db)
    response = client.get(f"/orders/{token}/vietqr.png?lang=en")
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)


def test_the_reference_is_not_the_key(client, db) -> None:
    order = _transfer_order(db)
    assert client.get(f"/orders/{order.reference}/vietqr.png").status_code == 404


@pytest.mark.parametrize("state", ["cash_on_delivery", "card", "paid", "cancelled", "overdue"])
def test_no_picture_once_nothing_is_left_to_pay_by_transfer(client, db, state) -> None:
    if state == "cash_on_delivery":
        order = make_order({make_product().id: 1}, PaymentMethod.COD, now=utcnow())
    elif state == "card":
        order = make_order({make_product().id: 1}, PaymentMethod.CARD, now=utcnow())
    elif state == "overdue":
        order = make_order({make_product().id: 1}, PaymentMethod.BANK_TRANSFER, now=utcnow() - timedelta(hours=2))
    else:
        order = make_order({make_product().id: 1}, PaymentMethod.BANK_TRANSFER, now=utcnow())
        if state == "paid":
            lifecycle.mark_paid(order, actor="officer", now=utcnow())
        else:
            lifecycle.cancel_order(order, actor="officer", now=utcnow())
    db.session.commit()
    response = client.get(f"/orders/{order.token}/vietqr.png?lang=vi")
    assert response.status_code == 404
    assert "Không tìm thấy trang này." in response.get_data(as_text=True)


def test_the_picture_is_rate_limited_per_order_and_per_address(rate_limited_client, db) -> None:
    first, second = _transfer_order(db), _transfer_order(db)
    codes = [rate_limited_client.get(f"/orders/{first.token}/vietqr.png").status_code for _ in range(11)]
    assert codes[:10] == [200] * 10 and codes[10] == 429
    assert rate_limited_client.get(f"/orders/{second.token}/vietqr.png").status_code == 200  # its own budget
    # One address sweeping many links meets a limit of its own.
    guesses = [rate_limited_client.get(f"/orders/guess{n}/vietqr.png").status_code for n in range(49)]
    assert set(guesses) == {404}
    assert rate_limited_client.get(f"/orders/{second.token}/vietqr.png").status_code == 429


# --- copy buttons and the deadline, on the page


def _dd(page: str, term: str) -> str:
    found = re.search(rf"<dt>{re.escape(term)}</dt><dd>(.*?)</dd>", page, re.S)
    assert found, term
    return found.group(1)


def test_copy_buttons_carry_the_values_and_are_plain_text_without_a_script(app, client, db) -> None:
    order = _transfer_order(db, price_vnd=1_234_000)
    page = client.get(f"/orders/{order.token}?lang=en").get_data(as_text=True)
    account = app.config["VIETQR_ACCOUNT_NO"]
    cases = [
        ("Account number", account, account, "Copy the account number", "Account number copied."),
        ("Amount", "₫2,468,000", str(order.total_vnd), "Copy the amount", f"Amount copied: {order.total_vnd}."),
        ("Transfer message", order.reference, order.reference, "Copy the transfer message", "Transfer message copied."),
    ]
    assert order.total_vnd == 2_468_000  # free shipping: the parcel's goods are past the threshold
    for term, shown, copied, label, confirmation in cases:
        cell = _dd(page, term)
        # The value is text of its own (selectable without the script) ...
        assert re.search(rf'class="copyable">{re.escape(shown)}<', cell), term
        # ... and the button is a real button, hidden until the script shows it, that copies the bare value.
        button = re.search(r"<button [^>]*>Copy</button>", cell)
        assert button, term
        assert 'type="button"' in button[0] and " hidden" in button[0]
        assert f'data-copy="{copied}"' in button[0] and f'aria-label="{label}"' in button[0]
        assert f'data-copied="{confirmation}"' in button[0]
    assert 'role="status" data-copy-status' in page  # where "copied" is announced, present from the start
    assert 'data-copied-label="Copied"' in page


def test_the_deadline_is_a_date_and_time_and_the_countdown_waits_for_the_script(client, db) -> None:
    order = _transfer_order(db)
    page = client.get(f"/orders/{order.token}?lang=en").get_data(as_text=True)
    assert order.pay_by is not None
    stamp = order.pay_by.strftime("%Y-%m-%dT%H:%M:%SZ")
    deadline = re.search(rf'Please pay by <time datetime="{stamp}" data-deadline>([^<]+)</time>', page)
    assert deadline and re.search(r"\d{1,2}:\d{2}", deadline.group(1))
    assert re.search(r"<span data-countdown hidden>Time left: <strong role=\"timer\" data-countdown-clock>", page)
    assert f'data-progress-url="/orders/{order.token}/status.json"' in page
    # Without the script: a plain link that shows the page again.
    assert re.search(rf'<a href="/orders/{order.token}">Refresh</a>', page)


def test_the_panel_in_vietnamese(client, db) -> None:
    order = _transfer_order(db)
    page = client.get(f"/orders/{order.token}?lang=vi").get_data(as_text=True)
    for text in (
        "Lưu ảnh mã QR",
        "Sao chép số tài khoản",
        "Sao chép số tiền",
        "Sao chép nội dung chuyển khoản",
        "Còn lại:",
        "Tải lại",
        'data-copied-label="Đã chép"',
    ):
        assert text in page, text
    assert "Save QR image" not in page and "Copy the amount" not in page


def test_the_page_loads_its_script_from_the_site_script_only(client, db) -> None:
    """CSP: no inline script; site.js fetches static/js/transfer.js where the panel is."""
    order = _transfer_order(db)
    page = client.get(f"/orders/{order.token}").get_data(as_text=True)
    assert "data-transfer" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    site = client.get("/static/js/site.js").get_data(as_text=True)
    assert 'loadFor("[data-transfer]", "transfer.js")' in site
    assert client.get("/static/js/transfer.js").status_code == 200


# --- the status the page polls


def test_the_status_follows_the_order_until_it_is_paid(client, db, count_queries) -> None:
    order = _transfer_order(db)
    url = f"/orders/{order.token}/status.json"
    with count_queries() as queries:
        response = client.get(url)
    assert len(queries) == 1  # one read by the token's unique index: cheap enough to ask every few seconds
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    assert order.pay_by is not None
    assert response.get_json() == {
        "status": "awaiting_payment",
        "awaiting_payment": True,
        "pay_by": order.pay_by.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }

    lifecycle.mark_paid(order, actor="officer", now=utcnow())  # the programme office's "confirm transfer received"
    db.session.commit()
    assert client.get(url).get_json() == {"status": "paid", "awaiting_payment": False, "pay_by": None}


def test_the_status_says_stop_waiting_for_a_cancelled_or_overdue_order(client, db) -> None:
    cancelled = _transfer_order(db)
    lifecycle.cancel_order(cancelled, actor="officer", now=utcnow())
    overdue = _transfer_order(db, placed_ago=timedelta(hours=2))
    db.session.commit()
    assert client.get(f"/orders/{cancelled.token}/status.json").get_json()["awaiting_payment"] is False
    body = client.get(f"/orders/{overdue.token}/status.json").get_json()
    # Overdue but not yet expired: the poll writes nothing; the page it reloads expires the order.
    assert body["status"] == "awaiting_payment" and body["awaiting_payment"] is False
    db.session.refresh(overdue)
    assert overdue.status == OrderStatus.AWAITING_PAYMENT
    page = client.get(f"/orders/{overdue.token}?lang=en").get_data(as_text=True)
    assert "Expired" in page and "data-transfer" not in page


def test_a_cash_on_delivery_order_is_not_awaiting_payment(client, db) -> None:
    order = make_order({make_product().id: 1}, now=utcnow())
    db.session.commit()
    assert client.get(f"/orders/{order.token}/status.json").get_json() == {
        "status": "placed",
        "awaiting_payment": False,
        "pay_by": None,
    }


@pytest.mark.parametrize("token", HOSTILE_TOKENS)
@pytest.mark.parametrize(
    "lang, messages",
    [
        ("en", {"We could not find that order.", "We could not find that page."}),
        ("vi", {"Không tìm thấy đơn hàng này.", "Không tìm thấy trang này."}),
    ],
)
def test_the_status_needs_the_orders_token(client, db, token, lang, messages) -> None:
    """A path the route never sees (a NUL byte, a slash) gets the shop's own 404, in JSON as well."""
    order = _transfer_order(db)
    response = client.get(f"/orders/{token}/status.json?lang={lang}", headers={"Accept": "application/json"})
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["code"] == "not_found"
    assert error["message"] in messages
    assert order.reference not in response.get_data(as_text=True)


def test_the_status_is_rate_limited_per_order_with_a_json_answer(rate_limited_client, db) -> None:
    order, other = _transfer_order(db), _transfer_order(db)
    url = f"/orders/{order.token}/status.json"
    headers = {"Accept": "application/json"}
    codes = [rate_limited_client.get(url, headers=headers).status_code for _ in range(31)]
    assert codes[:30] == [200] * 30 and codes[30] == 429
    refused = rate_limited_client.get(url, headers=headers)
    assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "rate_limited"
    # Another order polled from the same address (a carrier's NAT) still answers.
    assert rate_limited_client.get(f"/orders/{other.token}/status.json").status_code == 200


def test_a_sweep_of_guessed_tokens_meets_the_per_address_limit(rate_limited_client, db) -> None:
    order = _transfer_order(db)
    for n in range(300):
        assert rate_limited_client.get(f"/orders/guess{n}/status.json").status_code == 404
    assert rate_limited_client.get(f"/orders/{order.token}/status.json").status_code == 429
