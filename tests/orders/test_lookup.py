"""`/orders/lookup`: the right reference and phone find the order; a wrong one, or a burst past the rate
limit, gets one and the same answer."""

from __future__ import annotations

import pytest

from tests.factories import make_buyer, make_order, make_product


@pytest.fixture()
def order(db):
    placed = make_order({make_product(stock=5).id: 1}, buyer=make_buyer(phone="0912345678"))
    db.session.commit()
    return placed


def _answer(response) -> str:
    """The page without what differs per request (the typed values)."""
    return response.get_data(as_text=True).split('action="/orders/lookup"')[0]


@pytest.mark.parametrize("phone", ["0912345678", "0912 345 678", "+84 912 345 678", "84912345678"])
def test_the_right_reference_and_phone_lead_to_the_order(client, order, phone: str) -> None:
    response = client.post("/orders/lookup", data={"reference": order.reference.lower(), "phone": phone})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/orders/{order.token}"


def test_the_page_has_its_fields(client, db) -> None:
    page = client.get("/orders/lookup?lang=en").get_data(as_text=True)
    assert '<label for="reference">Order reference</label>' in page
    assert '<label for="phone">Phone</label>' in page and "Find my order" in page


def test_a_wrong_reference_and_a_wrong_phone_get_the_same_answer(client, order) -> None:
    wrong_reference = client.post("/orders/lookup?lang=en", data={"reference": "QNZZZZZZZZ", "phone": "0912345678"})
    wrong_phone = client.post("/orders/lookup?lang=en", data={"reference": order.reference, "phone": "0987654321"})
    assert wrong_reference.status_code == wrong_phone.status_code == 200
    assert _answer(wrong_reference) == _answer(wrong_phone)
    assert "We found no order with that reference and phone number" in _answer(wrong_phone)
    assert order.token not in wrong_phone.get_data(as_text=True)


@pytest.mark.parametrize("reference", ["", "x" * 5000, "QN\x00", "' OR 1=1 --", "QN7K2M9PXA" * 3])
def test_hostile_input_is_a_clear_answer_never_an_error(client, order, reference: str) -> None:
    response = client.post("/orders/lookup", data={"reference": reference, "phone": "0912345678"})
    assert response.status_code in (200, 422)
    assert order.token not in response.get_data(as_text=True)


def test_a_burst_past_the_limit_gets_the_same_answer_and_reveals_nothing(rate_limited_client, order) -> None:
    client = rate_limited_client
    wrong = [
        client.post("/orders/lookup?lang=en", data={"reference": "QNZZZZZZZZ", "phone": "0912345678"})
        for _ in range(10)
    ]
    assert {r.status_code for r in wrong} == {200}
    limited = client.post("/orders/lookup?lang=en", data={"reference": order.reference, "phone": "0912345678"})
    # Even the right pair is answered "not found" once the burst is over the limit: nothing to learn.
    assert limited.status_code == 200
    assert "Location" not in limited.headers
    assert _answer(limited) == _answer(wrong[0])
    assert order.token not in limited.get_data(as_text=True)
