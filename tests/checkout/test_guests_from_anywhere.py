"""A tourist with a foreign SIM and no email can order; a refused form says what to fix, first."""

from __future__ import annotations

import re

from sqlalchemy import select

from storefront.notify.models import OutboxMessage
from storefront.orders.models import Order
from tests.checkout.test_checkout_views import _form, _good, basket  # noqa: F401  the basket fixture


def test_a_foreign_phone_and_no_email_place_an_order(client, db, basket) -> None:  # noqa: F811
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post("/checkout?lang=en", data=_good(**_form(page), phone="+44 7700 900123", email=""))
    assert response.status_code == 303 and response.headers["Location"].startswith("/orders/")
    order = db.session.scalars(select(Order)).one()
    assert order.phone == "+447700900123" and order.email == ""
    # no message to nobody: the producer calls the phone
    assert db.session.scalars(select(OutboxMessage).where(OutboxMessage.order_id == order.id)).all() == []


def test_a_refused_form_begins_with_a_summary_linking_each_field(client, db, basket) -> None:  # noqa: F811
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    response = client.post("/checkout?lang=en", data=_good(**_form(page), phone="12345", full_name=""))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r"<title>Error: Checkout", body)
    summary = body.split('id="error-summary"')[1].split("</div>")[0]
    assert 'role="alert" tabindex="-1"' in summary and "data-error-summary" in summary
    assert '<a href="#full_name">Full name: Please enter your full name.</a>' in summary
    assert '<a href="#phone">Phone: Please enter a mobile number' in summary
    # the summary is the one announcement: the fields' own messages are not alerts as well
    assert body.count('role="alert"') == 1, re.findall(r"[^\n]{0,80}role=.alert.[^\n]{0,40}", body)


def test_the_summary_comes_before_the_form_and_the_total_sits_by_the_button(client, basket) -> None:  # noqa: F811
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    assert page.index('<details class="checkout-summary"') < page.index('<form method="post" action="/checkout"')
    bar = page.split('<div class="place-bar">')[1].split("</div>")[0]  # 2 × 450,000 + 60,000 + 30,000 shipping
    assert "Total" in bar and "₫990,000" in bar and ">Place order</button>" in bar
    assert 'autocomplete="street-address"' not in page
