"""Product cards: pictures sized for their slot (the small WebP copy on a phone, the first row not lazy),
sold-out products and services that are never shipped said so on the card, links as url_for makes them."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, url_for
from PIL import Image

from storefront.catalog.cards import card_rows, links, product_cards, row_cards
from storefront.catalog.filters import CatalogFilters
from storefront.catalog.pictures import add_picture, copies
from storefront.catalog.queries import find_products, search_products
from storefront.extensions import db
from storefront.media.storage import LocalStorage
from tests.factories import TODAY, Shop, make_group, make_image, make_producer, make_product
from tests.web.conftest import text_of


def _photo(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format="JPEG")
    return out.getvalue()


def _card_images(html: str) -> list[str]:
    return re.findall(r'<img class="card-img"[^>]*>', html)


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else None


@pytest.fixture()
def uploaded(app: Flask, db: Any) -> list[Any]:
    """Six products of one group, each with a real uploaded photo (stored in its three sizes)."""
    group, producer = make_group(code="1", position=1, slug="thuc-pham"), make_producer()
    store = LocalStorage(app.config["MEDIA_ROOT"])
    products = []
    for n in range(6):
        product = make_product(group=group, producer=producer, name_vi=f"Sản phẩm ảnh {n}")
        db.session.flush()
        add_picture(product, _photo((1600, 1200)), alt_vi="", store=store, max_bytes=8 * 1024 * 1024)
        products.append(product)
    db.session.commit()
    return products


def test_card_pictures_offer_their_stored_sizes_and_only_later_rows_wait(app: Flask, client, uploaded) -> None:
    html = client.get("/products?group=thuc-pham").get_data(as_text=True)
    tags = _card_images(html)
    assert len(tags) == 6
    root = Path(app.config["MEDIA_ROOT"])
    for tag in tags:
        src, srcset = _attribute(tag, "src"), _attribute(tag, "srcset")
        assert src and src.endswith("-card.webp") and srcset and _attribute(tag, "sizes")
        # Every candidate is a file that exists, as wide as its descriptor says.
        for candidate in srcset.split(", "):
            url, width = candidate.split(" ")
            with Image.open(root / url.removeprefix("/media/")) as picture:
                assert picture.format == "WEBP" and f"{picture.width}w" == width
        with Image.open(root / src.removeprefix("/media/")) as small:
            # width and height say the small copy's own size, so the slot is reserved before it loads.
            assert (_attribute(tag, "width"), _attribute(tag, "height")) == (str(small.width), str(small.height))
            assert small.width <= 480
    # The first row (four on a wide screen, two rows on a phone) loads at once; the rest when scrolled to.
    assert [_attribute(tag, "loading") for tag in tags] == [None] * 4 + ["lazy"] * 2


def test_more_from_here_below_the_product_waits_to_be_scrolled_to(client, uploaded) -> None:
    html = client.get(f"/products/{uploaded[0].slug}").get_data(as_text=True)
    more = html.split('class="more"', 1)[1]
    tags = _card_images(more)
    assert tags and all(_attribute(tag, "loading") == "lazy" for tag in tags)


def test_a_picture_with_one_file_has_no_srcset(client, db) -> None:
    group = make_group(code="1", position=1, slug="thuc-pham")
    make_image(make_product(group=group), path="demo/old-drawing.jpg", width=800, height=600)
    db.session.commit()
    (tag,) = _card_images(client.get("/products?group=thuc-pham").get_data(as_text=True))
    assert _attribute(tag, "src") == "/media/demo/old-drawing.jpg" and _attribute(tag, "srcset") is None
    assert (_attribute(tag, "width"), _attribute(tag, "height")) == ("800", "600")


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((1600, 1200), [("p/x-card.webp", 480, 360), ("p/x-page.webp", 1200, 900)]),
        ((900, 1200), [("p/x-card.webp", 360, 480), ("p/x-page.webp", 900, 1200)]),
        ((400, 300), [("p/x-card.webp", 400, 300)]),  # never enlarged: one width, said once
        ((0, 0), [("p/x-page.webp", 0, 0)]),  # size unknown: the file as it is
    ],
)
def test_copies_of_an_upload(size: tuple[int, int], expected: list[tuple[str, int, int]]) -> None:
    assert copies("p/x-page.webp", *size) == expected


def test_sold_out_products_and_services_say_so_on_their_cards(client, shop: Shop) -> None:
    squid = shop.products["muc-kho-co-to"]
    squid.stock = 0
    db.session.commit()
    english = client.get("/products?lang=en").get_data(as_text=True)
    cards = {text_of(card).split(" ★")[0]: text_of(card) for card in english.split('<li class="card')[1:]}
    sold_out = next(text for name, text in cards.items() if "Cô Tô dried squid" in name)
    assert "Sold out" in sold_out
    homestay = next(text for text in cards.values() if "homestay" in text.lower())
    assert "Service: booked with the hosts, not shipped" in homestay and "Sold out" not in homestay
    in_stock = [text for text in cards.values() if "Sold out" not in text]
    assert in_stock and "card-sold-out" in english
    vietnamese = text_of(client.get("/products?lang=vi").get_data(as_text=True))
    assert "Hết hàng" in vietnamese and "Dịch vụ: đặt với chủ nhà, không giao hàng" in vietnamese


def test_a_service_page_says_it_is_not_shipped(client, shop: Shop) -> None:
    text = text_of(client.get("/products/homestay-co-to?lang=en").get_data(as_text=True).split('class="more"')[0])
    assert "Service: booked with the hosts, not shipped" in text


@pytest.mark.parametrize("value", ["muc-kho-co-to", "chè tân cương", "a b?c#d%e", "products/12/ab cd-card.webp"])
def test_card_links_are_what_url_for_makes(app: Flask, value: str) -> None:
    with app.test_request_context("/"):
        assert links("web.product", "slug")(value) == url_for("web.product", slug=value)
        assert links("media.file", "path")(value) == url_for("media.file", path=value)


def test_a_service_never_goes_into_a_parcel(client, shop: Shop) -> None:
    """Even posted by hand (the page has no form for it), a homestay stays out of the cart and of checkout."""
    db.session.commit()
    refused = client.post("/cart/add?lang=en", data={"product": "homestay-co-to", "quantity": "1"})
    assert refused.status_code == 303 and refused.headers["Location"] == "/products/homestay-co-to"
    page = client.get("/products/homestay-co-to?lang=en").get_data(as_text=True)
    assert "This is booked with its producer, not bought online." in page
    assert "data-cart-count>0<" in client.get("/cart?lang=en").get_data(as_text=True)
    asked = client.post("/cart/add?lang=en", data={"product": "homestay-co-to"}, headers={"Accept": "application/json"})
    assert asked.status_code == 422 and asked.get_json()["error"]["code"] == "not_shippable"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("filters", [CatalogFilters(), CatalogFilters(sort="stars"), CatalogFilters(q="muc")])
def test_cards_from_plain_rows_are_the_cards_of_the_products(app: Flask, shop: Shop, lang: str, filters) -> None:
    """The catalogue's rows and the entities other pages load make the same cards, first picture included."""
    squid = next(p for p in shop.products.values() if p.slug == "muc-kho-co-to")
    make_image(squid, position=5, path="products/later.png")
    make_image(squid, position=0, path="products/first.png", width=0, height=0)
    db.session.flush()
    db.session.expunge_all()  # the entities' pictures read again, in their order
    with app.test_request_context(f"/?lang={lang}"):
        from_rows = row_cards(find_products(filters, TODAY, card_rows).items, TODAY)
        from_products = product_cards(search_products(filters, TODAY).items, TODAY)
    assert from_rows == from_products
    assert len(from_rows) > 1
    if filters.q == "muc":
        card = next(c for c in from_rows if c.href.endswith("/muc-kho-co-to"))
        assert card.image is not None and card.image.src.endswith("/products/first.png")
