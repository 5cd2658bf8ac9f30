"""One product's public page as plain data: what `web/_product_parts.html` and the JSON-LD show, no more.

The page used to read `Product` entities with its producer, places, groups, pictures and certificates:
building those entities cost the ORM more than the database spent answering. Here two statements, built
once per process, return plain rows (the product with the names it shows and what its buyers say,
then its pictures and certificates together), and frozen dataclasses carry them under the entities' attribute names, so the
templates read `p.producer.name` or `p.top_group.slug` either way. The API keeps `queries.get_product`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Date, Integer, Row, Select, String, bindparam, cast, literal, null, select, union_all
from sqlalchemy.orm import aliased

from storefront.catalog.models import Certificate, IssuerLevel, Product, ProductGroup, ProductImage, ProductStatus
from storefront.extensions import db
from storefront.places.models import Locality
from storefront.producers.models import Producer, ProducerKind
from storefront.reviews.signals import BuyerSignals, signal_columns, signals_from
from storefront.text import clean_slug


@dataclass(frozen=True, slots=True)
class Place:
    slug: str
    name: str
    province_name: str
    former_district: str | None


@dataclass(frozen=True, slots=True)
class Maker:
    slug: str
    name: str
    kind: ProducerKind
    address: str
    phone: str
    email: str
    #: Where the producer is (the manufacturer's address in the JSON-LD), not always where the product is made.
    locality: Place


@dataclass(frozen=True, slots=True)
class Group:
    id: int
    slug: str
    code: str
    name_vi: str
    name_en: str
    is_shippable: bool


@dataclass(frozen=True, slots=True)
class Picture:
    path: str
    alt_vi: str
    alt_en: str
    width: int
    height: int


#: Not frozen: `catalog.stars.CertificateLike` (what the star rules take) declares plain attributes.
@dataclass(slots=True)
class PageCertificate:
    number: str
    score: int
    stars: int
    decision_number: str
    decided_on: date
    expires_on: date
    issuer_name: str
    issuer_level: IssuerLevel
    revoked_on: date | None


@dataclass(frozen=True, slots=True)
class ProductPage:
    id: int
    slug: str
    name_vi: str
    name_en: str
    description_vi: str
    description_en: str
    unit_vi: str
    unit_en: str
    price_vnd: int
    stock: int
    gtin: str | None
    stars: int
    stars_valid_until: date | None
    producer_id: int
    locality_id: int
    group: Group
    top_group: Group
    producer: Maker
    locality: Place
    #: In their order on the page (`position`).
    images: list[Picture]
    #: Newest decision first, as `Product.certificates`.
    certificates: list[PageCertificate]
    #: Its buyers' reviews and units sold, read with the product (`reviews.signals.buyer_signals` for one).
    signals: BuyerSignals

    @property
    def is_shippable(self) -> bool:
        return self.top_group.is_shippable


_PRODUCT = (
    *("id", "slug", "name_vi", "name_en", "description_vi", "description_en", "unit_vi", "unit_en", "price_vnd"),
    *("stock", "gtin", "stars", "stars_valid_until", "producer_id", "locality_id"),
)
_GROUP = ("id", "slug", "code", "name_vi", "name_en", "is_shippable")
_PLACE = ("slug", "name", "province_name", "former_district")
_MAKER = ("slug", "name", "kind", "address", "phone", "email")


def product_page(slug: str) -> ProductPage | None:
    """A published product with everything its page shows, or None (drafts are not public)."""
    slug_ = clean_slug(slug)
    if slug_ is None:
        return None
    # Plain rows: run on the session's connection (its transaction), past the ORM's handling of results.
    connection = db.session.connection()
    row = connection.execute(_product_statement(), {"slug": slug_}).first()
    if row is None:
        return None
    images: list[Picture] = []
    certificates: list[PageCertificate] = []
    for r in connection.execute(_pictures_and_certificates_statement(), {"product_id": row.p_id}):
        if r.kind == 0:
            certificates.append(
                PageCertificate(r.text_1, r.int_1, r.int_2, r.text_2, r.date_1, r.date_2, r.text_3, r.text_4, r.date_3)
            )
        else:
            images.append(Picture(path=r.text_1, alt_vi=r.text_2, alt_en=r.text_3, width=r.int_1, height=r.int_2))
    return ProductPage(
        **_fields(row, "p", _PRODUCT),
        group=Group(**_fields(row, "g", _GROUP)),
        top_group=Group(**_fields(row, "t", _GROUP)),
        producer=Maker(**_fields(row, "m", _MAKER), locality=Place(**_fields(row, "ml", _PLACE))),
        locality=Place(**_fields(row, "l", _PLACE)),
        images=images,
        certificates=certificates,
        signals=signals_from(row),
    )


def _fields(row: Row[Any], prefix: str, names: tuple[str, ...]) -> dict[str, Any]:
    """One part's columns of the product's row (labelled `<prefix>_<name>`), by name."""
    values = row._mapping
    return {name: values[f"{prefix}_{name}"] for name in names}


@cache
def _product_statement() -> Select[Any]:
    """The product, the names around it and its buyers' signals in one row, each column labelled
    `<part>_<name>` (the signals as `reviews.signals` labels them)."""
    group, top, place, maker_place = (
        aliased(ProductGroup),
        aliased(ProductGroup),
        aliased(Locality),
        aliased(Locality),
    )

    def labelled(entity: Any, prefix: str, names: tuple[str, ...]) -> list[Any]:
        return [getattr(entity, name).label(f"{prefix}_{name}") for name in names]

    return (
        select(
            *labelled(Product, "p", _PRODUCT),
            *labelled(group, "g", _GROUP),
            *labelled(top, "t", _GROUP),
            *labelled(Producer, "m", _MAKER),
            *labelled(maker_place, "ml", _PLACE),
            *labelled(place, "l", _PLACE),
            *signal_columns(Product.id),
        )
        .join(group, group.id == Product.group_id)
        .join(top, top.id == Product.top_group_id)
        .join(Producer, Producer.id == Product.producer_id)
        .join(maker_place, maker_place.id == Producer.locality_id)
        .join(place, place.id == Product.locality_id)
        .where(Product.slug == bindparam("slug"), Product.status == ProductStatus.PUBLISHED)
    )


@cache
def _pictures_and_certificates_statement() -> Select[Any]:
    """A product's certificates (kind 0, newest first) then its pictures (kind 1, in order), one statement.

    Each column holds one type, a certificate's field or a picture's: a picture's path, alt texts, width
    and height are `text_1`, `text_2`, `text_3`, `int_1` and `int_2`. The certificates' SELECT comes
    first because the UNION's first SELECT gives each column its type (the issuer level's enum, dates).
    """
    product_id = bindparam("product_id", type_=Integer)
    certificates = select(
        literal(0).label("kind"),
        Certificate.number.label("text_1"),
        Certificate.score.label("int_1"),
        Certificate.stars.label("int_2"),
        Certificate.decision_number.label("text_2"),
        Certificate.decided_on.label("date_1"),
        Certificate.expires_on.label("date_2"),
        Certificate.issuer_name.label("text_3"),
        Certificate.issuer_level.label("text_4"),
        Certificate.revoked_on.label("date_3"),
        literal(0).label("position"),
        Certificate.id.label("id"),
    ).where(Certificate.product_id == product_id)
    no_date = cast(null(), Date)
    pictures = select(
        literal(1),
        ProductImage.path,
        ProductImage.width,
        ProductImage.height,
        ProductImage.alt_vi,
        no_date,
        no_date,
        ProductImage.alt_en,
        cast(null(), String),
        no_date,
        ProductImage.position,
        ProductImage.id,
    ).where(ProductImage.product_id == product_id)
    both = union_all(certificates, pictures).subquery()
    return select(both).order_by(both.c.kind, both.c.position, both.c.date_1.desc(), both.c.id)
