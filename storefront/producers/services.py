"""Rules that change producers: created and edited by the programme office, their listings hidden or shown.

Services add and flush; the caller commits. The catalogue cache moves on at commit (it watches
`producers` and `products`), so hiding takes the listings out of the shop at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from storefront.catalog.models import Product, ProductStatus
from storefront.db import rows_changed
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.places.models import Locality
from storefront.producers.models import Producer, ProducerKind
from storefront.text import slugify


@dataclass(frozen=True)
class ProducerDetails:
    name: str
    kind: ProducerKind
    locality_id: int
    address: str = ""
    phone: str = ""
    email: str = ""
    story_vi: str = ""
    story_en: str = ""


def _check(details: ProducerDetails) -> Locality:
    if not details.name.strip():
        raise DomainError(_("A producer needs a name."), code="name_required", field="name")
    locality = db.session.get(Locality, details.locality_id)
    if locality is None:
        raise DomainError(_("Choose the producer's commune or ward."), code="locality_required", field="locality")
    return locality


def _free_slug(name: str) -> str:
    base = slugify(name)[:100] or "producer"
    taken = set(db.session.scalars(select(Producer.slug).where(Producer.slug.startswith(base))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_producer(details: ProducerDetails) -> Producer:
    locality = _check(details)
    producer = Producer(slug=_free_slug(details.name), locality=locality)
    _apply(producer, details, locality)
    db.session.add(producer)
    db.session.flush()
    return producer


def update_producer(producer: Producer, details: ProducerDetails) -> Producer:
    """Edit what the programme knows; the slug (the producer's address in the shop) never changes."""
    locality = _check(details)
    _apply(producer, details, locality)
    db.session.flush()
    return producer


def _apply(producer: Producer, details: ProducerDetails, locality: Locality) -> None:
    producer.name = details.name.strip()
    producer.kind = details.kind
    producer.locality = locality
    producer.address = details.address
    producer.phone = details.phone
    producer.email = details.email
    producer.story_vi = details.story_vi
    producer.story_en = details.story_en


def hide_listings(producer: Producer, *, now: datetime) -> int:
    """Take every published listing of the producer out of the shop; returns how many."""
    result = db.session.execute(
        update(Product)
        .where(Product.producer_id == producer.id, Product.status == ProductStatus.PUBLISHED)
        .values(status=ProductStatus.DRAFT, hidden_by_programme=True, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    producer.listings_hidden_at = now
    db.session.flush()
    return rows_changed(result)


def show_listings(producer: Producer, *, now: datetime) -> int:
    """Publish again exactly the listings `hide_listings` took down; the producer's own drafts stay drafts."""
    result = db.session.execute(
        update(Product)
        .where(Product.producer_id == producer.id, Product.hidden_by_programme.is_(True))
        .values(status=ProductStatus.PUBLISHED, hidden_by_programme=False, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    producer.listings_hidden_at = None
    db.session.flush()
    return rows_changed(result)
