"""Typed factories: `make_product(**overrides)` and friends. Each adds to the session and flushes."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from storefront.auth.models import Role, User
from storefront.catalog.models import Certificate, IssuerLevel, Product, ProductGroup, ProductStatus
from storefront.catalog.services import index_product, refresh_stars
from storefront.catalog.stars import expiry_for
from storefront.extensions import db
from storefront.places.models import Locality
from storefront.producers.models import Producer, ProducerKind

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_locality(**overrides: Any) -> Locality:
    n = _n()
    values: dict[str, Any] = {
        "slug": f"xa-thu-{n}",
        "name": f"Xã Thử {n}",
        "province_code": 22,
        "province_name": "Quảng Ninh",
        "former_district": None,
    }
    values.update(overrides)
    locality = Locality(**values)
    db.session.add(locality)
    db.session.flush()
    return locality


def make_group(**overrides: Any) -> ProductGroup:
    n = _n()
    values: dict[str, Any] = {
        "code": f"9.{n}",
        "slug": f"nhom-{n}",
        "name_vi": f"Nhóm {n}",
        "name_en": f"Group {n}",
        "is_shippable": True,
    }
    values.update(overrides)
    group = ProductGroup(**values)
    db.session.add(group)
    db.session.flush()
    return group


def make_producer(**overrides: Any) -> Producer:
    n = _n()
    values: dict[str, Any] = {
        "slug": f"htx-thu-{n}",
        "name": f"HTX Thử {n}",
        "kind": ProducerKind.COOPERATIVE,
        "story_vi": "Câu chuyện của hợp tác xã.",
        "story_en": "The cooperative's story.",
        "address": "Thôn 1",
        "phone": "0912345678",
    }
    values.update(overrides)
    if "locality" not in values and "locality_id" not in values:
        values["locality"] = make_locality()
    producer = Producer(**values)
    db.session.add(producer)
    db.session.flush()
    return producer


def make_product(*, stars: int | None = None, today: date | None = None, **overrides: Any) -> Product:
    """A published product; `stars=4` also gives it a valid certificate with that many stars."""
    n = _n()
    values: dict[str, Any] = {
        "slug": f"san-pham-{n}",
        "name_vi": f"Sản phẩm {n}",
        "name_en": f"Product {n}",
        "description_vi": "Mô tả sản phẩm.",
        "description_en": "Product description.",
        "price_vnd": 100_000,
        "unit_vi": "gói 500 g",
        "unit_en": "500 g pack",
        "stock": 10,
        "qr_code": f"T{n:07d}",
        "status": ProductStatus.PUBLISHED,
    }
    values.update(overrides)
    if "producer" not in values and "producer_id" not in values:
        values["producer"] = make_producer()
    if "group" not in values and "group_id" not in values:
        values["group"] = make_group()
    if "top_group" not in values and "top_group_id" not in values:
        group = values["group"]
        values["top_group"] = group.parent or group
    if "locality" not in values and "locality_id" not in values:
        values["locality"] = values["producer"].locality
    product = Product(**values)
    db.session.add(product)
    index_product(product)
    if stars is not None:
        make_certificate(product, stars=stars, today=today)
    db.session.flush()
    return product


_SCORE_FOR_STARS = {3: 60, 4: 80, 5: 95}


def make_certificate(
    product: Product, *, stars: int = 4, decided_on: date | None = None, today: date | None = None, **overrides: Any
) -> Certificate:
    today = today or date.today()
    decided_on = decided_on or today - timedelta(days=100)
    values: dict[str, Any] = {
        "number": f"OCOP-{_n()}",
        "score": _SCORE_FOR_STARS.get(stars, 60),
        "stars": stars,
        "decision_number": f"{_n()}/QĐ-UBND",
        "decided_on": decided_on,
        "expires_on": expiry_for(decided_on),
        "issuer_name": "UBND tỉnh Quảng Ninh",
        "issuer_level": IssuerLevel.PROVINCE,
    }
    values.update(overrides)
    certificate = Certificate(**values)
    product.certificates.append(certificate)
    refresh_stars(product, today)
    db.session.flush()
    return certificate


def make_user(*, role: str = "customer", password: str = "correct horse battery", **overrides: Any) -> User:
    """A user of the given role; a producer user gets a producer of its own unless one is given."""
    n = _n()
    values: dict[str, Any] = {"email": f"user{n}@example.com", "name": f"User {n}", "role": Role(role)}
    if values["role"] is Role.PRODUCER and "producer" not in overrides and "producer_id" not in overrides:
        values["producer"] = make_producer()
    values.update(overrides)
    user = User(**values)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
