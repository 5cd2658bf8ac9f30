"""Product cards as plain data: everything a card shows, worked out once per grid in Python.

A grid of 24 cards rendered straight from `Product` rows cost more than the queries behind it: two
`url_for` calls, six language look-ups, two translations and four macro calls per card. Here the
language is read once per grid, each link is the URL map's answer for one placeholder filled per card,
prices come from the per-process cache of formatted amounts, and the macro (`product_grid` in
templates/_macros/catalog.html) only writes out fields. Cards are frozen data, so they can be cached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from flask import url_for

from storefront.catalog.models import Product
from storefront.catalog.pictures import copies
from storefront.catalog.queries import shown_stars
from storefront.i18n import current_language, format_vnd_cached, localized
from storefront.reviews.signals import BuyerSignals

#: What a card picture is drawn at, in CSS pixels, at each width of the grid (static/css/site.css: two
#: columns on a phone, three from 40rem, four from 60rem in a 72rem page), so a phone fetches the small copy.
CARD_SIZES = "(min-width: 60rem) 260px, (min-width: 40rem) 31vw, 46vw"
#: Characters a URL path keeps as they are: Werkzeug's own converters quote with the same set.
_PATH_SAFE = "!$&'()*+,/:;=@"
_SLOT = "card-slot"


@dataclass(frozen=True, slots=True)
class CardImage:
    src: str
    #: "" when the picture has one size only.
    srcset: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Card:
    id: int
    href: str
    name: str
    image: CardImage | None
    #: Stars of a certificate valid today, else 0 (then the group's name is shown instead).
    stars: int
    group_name: str
    price: str
    unit: str
    producer_name: str
    locality_name: str
    is_sold_out: bool
    #: A community or eco-tourism service: booked with its hosts, never shipped (and never in a parcel).
    is_service: bool
    rating: float | None = None
    reviews: int = 0
    units_sold: int = 0


def links(endpoint: str, argument: str) -> Callable[[str], str]:
    """`url_for(endpoint, **{argument: value})` for many values, asking the URL map once."""
    values: dict[str, Any] = {argument: _SLOT}
    head, _slot, tail = url_for(endpoint, **values).partition(_SLOT)
    return lambda value: head + quote(value, safe=_PATH_SAFE) + tail


def product_cards(
    products: Iterable[Product], today: date, signals: Mapping[int, BuyerSignals] | None = None
) -> list[Card]:
    """The cards of `products` (loaded with `catalog.queries.card_options`), in their order."""
    language = current_language()
    product_link, media_link = links("web.product", "slug"), links("media.file", "path")
    signals = signals or {}
    cards = []
    for p in products:
        signal = signals.get(p.id)
        cards.append(
            Card(
                id=p.id,
                href=product_link(p.slug),
                name=localized(p, "name", language),
                image=_image(p, media_link),
                stars=shown_stars(p, today),
                group_name=localized(p.top_group, "name", language),
                price=format_vnd_cached(int(p.price_vnd), language),
                unit=localized(p, "unit", language),
                producer_name=p.producer.name,
                locality_name=p.locality.name,
                is_sold_out=p.stock <= 0 and p.top_group.is_shippable,
                is_service=not p.top_group.is_shippable,
                rating=signal.average if signal else None,
                reviews=signal.reviews if signal else 0,
                units_sold=signal.units_sold if signal else 0,
            )
        )
    return cards


def _image(product: Product, media_link: Callable[[str], str]) -> CardImage | None:
    if not product.images:
        return None
    first = product.images[0]
    sizes = copies(first.path, first.width, first.height)
    smallest = sizes[0]
    srcset = ", ".join(f"{media_link(path)} {width}w" for path, width, _height in sizes) if len(sizes) > 1 else ""
    return CardImage(src=media_link(smallest[0]), srcset=srcset, width=smallest[1], height=smallest[2])
