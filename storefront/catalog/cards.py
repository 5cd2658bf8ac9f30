"""Product cards as plain data: everything a card shows, worked out once per grid in Python.

A grid of 24 cards rendered straight from `Product` rows cost more than the queries behind it: two
`url_for` calls, six language look-ups, two translations and four macro calls per card. Here the
language is read once per grid, each link is the URL map's answer for one placeholder filled per card,
prices come from the per-process cache of formatted amounts, and the macro (`product_grid` in
templates/_macros/catalog.html) only writes out fields. Cards are frozen data, so they can be cached.

The catalogue's grids read their cards as plain rows (`card_rows`: one statement, no entities); other
pages pass `Product` entities they loaded anyway (`product_cards`). Both become the same cards.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, NamedTuple, cast
from urllib.parse import quote

from flask import url_for
from sqlalchemy import ARRAY, Integer, Row, Select, any_, bindparam, select

from storefront.catalog.models import Product, ProductGroup, ProductImage
from storefront.catalog.pictures import copies
from storefront.extensions import db
from storefront.i18n import DEFAULT_LANGUAGE, current_language, format_vnd_cached
from storefront.places.models import Locality
from storefront.producers.models import Producer
from storefront.reviews.signals import BuyerSignals, signal_columns

#: What a card picture is drawn at, in CSS pixels, at each width of the grid (static/css/site.css: two
#: columns on a phone, three from 40rem, four from 60rem in a 72rem page), so a phone fetches the small copy.
CARD_SIZES = "(min-width: 60rem) 260px, (min-width: 40rem) 31vw, 46vw"
#: Characters a URL path keeps as they are: Werkzeug's own converters quote with the same set.
_PATH_SAFE = "!$&'()*+,/:;=@"
_SLOT = "card-slot"
_NOTHING_TO_QUOTE = re.compile(r"[A-Za-z0-9._~/-]*")


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


class CardRow(NamedTuple):
    """What `card_rows` reads for a card, by name: also what `product_cards` takes of a `Product`."""

    id: int
    slug: str
    name_vi: str
    name_en: str
    unit_vi: str
    unit_en: str
    price_vnd: int
    stock: int
    stars: int
    stars_valid_until: date | None
    producer_name: str
    locality_name: str
    group_name_vi: str
    group_name_en: str
    is_shippable: bool
    image_path: str | None
    image_width: int
    image_height: int


#: The first fields of `CardRow`, the product's own columns.
_PRODUCT_COLUMNS = CardRow._fields[: CardRow._fields.index("producer_name")]


def links(endpoint: str, argument: str) -> Callable[[str], str]:
    """`url_for(endpoint, **{argument: value})` for many values, asking the URL map once."""
    values: dict[str, Any] = {argument: _SLOT}
    head, _slot, tail = url_for(endpoint, **values).partition(_SLOT)

    def link(value: str) -> str:
        # Slugs and the shop's own picture names need no quoting; `quote` cost more than the rest of a link.
        return head + (value if _NOTHING_TO_QUOTE.fullmatch(value) else quote(value, safe=_PATH_SAFE)) + tail

    return link


def card_rows(ids: Sequence[int]) -> list[Row[Any]]:
    """The cards of `ids` as plain rows, in any order (a `catalog.queries.Loader`): the product's own
    columns, its producer's, place's and group's names, its first picture, and its buyers' signals
    (`reviews.signals.signals_from`), in one statement.

    Entities cost more to build than the whole page's SQL: an ORM row per product, producer, place,
    group and picture, a second query for the pictures, and identity-map bookkeeping for each. Run on
    the connection: the ORM's handling of a statement of plain columns cost a fifth of its time.
    """
    connection = db.session.connection()
    statement = cards_statement(connection.dialect.name)
    return list(connection.execute(statement, {"ids": list(ids)}).all())


@cache
def cards_statement(dialect: str) -> Select[Any]:
    """`card_rows`' statement, the ids a parameter (`ids`) and with the buyers' signals of each card
    (`reviews.signals.signal_columns`), built once per process: built per page and run through the ORM,
    it cost about 0.6 ms more. On PostgreSQL the ids are one array (`= ANY`), so the statement's text is
    the same for any number of cards, and the server prepares and plans it once per connection
    (planning it took longer than running it)."""
    ids = Product.__table__.c.id
    if dialect == "postgresql":
        wanted = ids == any_(bindparam("ids", type_=ARRAY(Integer)))
    else:
        wanted = ids.in_(bindparam("ids", expanding=True))
    return _card_select().add_columns(*signal_columns(ids)).where(wanted)


@cache
def _card_select() -> Select[Any]:
    """Built once per process: its joins and the first picture's subquery are the same for every page."""
    products, images, top = Product.__table__, ProductImage.__table__, ProductGroup.__table__.alias("top_group")
    first_image = (
        select(images.c.id)
        .where(images.c.product_id == products.c.id)
        .order_by(images.c.position, images.c.id)
        .limit(1)
        .correlate(products)
        .scalar_subquery()
    )
    return (
        select(
            *(products.c[name] for name in _PRODUCT_COLUMNS),
            Producer.__table__.c.name.label("producer_name"),
            Locality.__table__.c.name.label("locality_name"),
            top.c.name_vi.label("group_name_vi"),
            top.c.name_en.label("group_name_en"),
            top.c.is_shippable,
            images.c.path.label("image_path"),
            images.c.width.label("image_width"),
            images.c.height.label("image_height"),
        )
        .select_from(products)
        .join(Producer.__table__, Producer.__table__.c.id == products.c.producer_id)
        .join(Locality.__table__, Locality.__table__.c.id == products.c.locality_id)
        .join(top, top.c.id == products.c.top_group_id)
        .outerjoin(images, images.c.id == first_image)
    )


def _card_row(p: Product) -> CardRow:
    image = p.images[0] if p.images else None
    group = p.top_group
    return CardRow(
        id=p.id,
        slug=p.slug,
        name_vi=p.name_vi,
        name_en=p.name_en,
        unit_vi=p.unit_vi,
        unit_en=p.unit_en,
        price_vnd=p.price_vnd,
        stock=p.stock,
        stars=p.stars,
        stars_valid_until=p.stars_valid_until,
        producer_name=p.producer.name,
        locality_name=p.locality.name,
        group_name_vi=group.name_vi,
        group_name_en=group.name_en,
        is_shippable=group.is_shippable,
        image_path=image.path if image else None,
        image_width=image.width if image else 0,
        image_height=image.height if image else 0,
    )


def product_cards(
    products: Iterable[Product], today: date, signals: Mapping[int, BuyerSignals] | None = None
) -> list[Card]:
    """The cards of `products` (loaded with `catalog.queries.card_options`), in their order."""
    return row_cards([_card_row(p) for p in products], today, signals)


def row_cards(
    rows: Iterable[CardRow | Row[Any]], today: date, signals: Mapping[int, BuyerSignals] | None = None
) -> list[Card]:
    """The cards of `rows` (from `card_rows`, whose columns are `CardRow`'s, in its order)."""
    language = current_language()
    vi = language == DEFAULT_LANGUAGE
    product_link, media_link = links("web.product", "slug"), links("media.file", "path")
    signals = signals or {}
    cards = []
    # Unpacked by position: reading a Row's fields by name cost a third of a grid's cards.
    for row in cast("Iterable[tuple[Any, ...]]", rows):
        (id_, slug, name_vi, name_en, unit_vi, unit_en, price_vnd, stock, stars, until) = row[:10]
        (producer_name, locality_name, group_vi, group_en, is_shippable, path, width, height) = row[10:18]
        signal = signals.get(id_)
        cards.append(
            Card(
                id=id_,
                href=product_link(slug),
                name=(name_vi if vi else (name_en or name_vi)) or "",
                image=_image(path, width, height, media_link),
                stars=stars if until is not None and until > today else 0,
                group_name=(group_vi if vi else (group_en or group_vi)) or "",
                price=format_vnd_cached(int(price_vnd), language),
                unit=(unit_vi if vi else (unit_en or unit_vi)) or "",
                producer_name=producer_name,
                locality_name=locality_name,
                is_sold_out=stock <= 0 and bool(is_shippable),
                is_service=not is_shippable,
                rating=signal.average if signal else None,
                reviews=signal.reviews if signal else 0,
                units_sold=signal.units_sold if signal else 0,
            )
        )
    return cards


def _image(path: str | None, width: int, height: int, media_link: Callable[[str], str]) -> CardImage | None:
    if path is None:
        return None
    sizes = copies(path, width, height)
    smallest = sizes[0]
    srcset = ", ".join(f"{media_link(p)} {w}w" for p, w, _h in sizes) if len(sizes) > 1 else ""
    return CardImage(src=media_link(smallest[0]), srcset=srcset, width=smallest[1], height=smallest[2])
