"""Producers: the list and each one's page with story, contact, place and products."""

from __future__ import annotations

from tests.factories import Shop, make_locality, make_producer
from tests.web.conftest import card_names, text_of


def test_producers_list(client, shop: Shop) -> None:
    response = client.get("/producers?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for producer in shop.producers.values():
        assert f'href="/producers/{producer.slug}"' in html
    text = text_of(html)
    assert "HTX Dược liệu Ba Chẽ" in text and "Cooperative" in text and "2 products" in text


def test_producer_page(client, shop: Shop) -> None:
    producer = shop.producers["htx-thuy-san-co-to"]
    producer.story_vi = "Hợp tác xã của ngư dân Cô Tô.\n\nMực câu đêm, phơi trên giàn tre."
    producer.website = "https://coto.example"
    html = client.get("/producers/htx-thuy-san-co-to").get_data(as_text=True)
    assert "HTX Thủy sản Cô Tô</h1>" in html
    assert "<p>Hợp tác xã của ngư dân Cô Tô.</p>" in html and "<p>Mực câu đêm, phơi trên giàn tre.</p>" in html
    assert 'href="tel:0912345678"' in html and 'href="mailto:htx-thuy-san-co-to@example.com"' in html
    assert 'href="https://coto.example" rel="nofollow noopener external"' in html
    assert "Đặc khu Cô Tô" in html and "huyện Cô Tô" in html
    # published products only, with the draft left out
    assert set(card_names(html)) == {"Mực khô Cô Tô", "Mực một nắng Cô Tô", "Homestay làng chài Cô Tô"}
    assert '"@type":"Organization"' in html


def test_a_website_that_is_not_http_is_not_linked(client, db) -> None:
    make_producer(slug="htx-js", website="javascript:alert(1)")
    html = client.get("/producers/htx-js").get_data(as_text=True)
    assert "javascript:alert(1)" not in html


def test_unknown_producer_is_404_in_the_visitor_s_language(client, shop: Shop) -> None:
    assert client.get("/producers/khong-co").status_code == 404
    assert "Không tìm thấy trang này." in client.get("/producers/khong-co").get_data(as_text=True)
    assert "We could not find that page." in client.get("/producers/khong-co?lang=en").get_data(as_text=True)


def test_producer_pages_beyond_the_last_are_empty_not_errors(client, shop: Shop) -> None:
    for path in (
        "/producers?page=50",
        "/producers?page=-4",
        "/producers/htx-thuy-san-co-to?page=abc",
        "/producers/htx-thuy-san-co-to?page=9",
    ):
        assert client.get(path).status_code == 200, path


def test_producers_paginate(client, db) -> None:
    place = make_locality()
    for n in range(30):
        make_producer(name=f"HTX {n:02d}", locality=place)
    first = client.get("/producers").get_data(as_text=True)
    assert 'rel="next" href="/producers?page=2"' in first
    second = client.get("/producers?page=2").get_data(as_text=True)
    assert "HTX 29" in second and "HTX 00" not in second
