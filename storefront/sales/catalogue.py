"""The catalogue as the programme reports it: products by stars, group, locality and producer kind, and
how many of them are on sale (published with stock). One grouped query per view of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select

from storefront.catalog.models import Product, ProductGroup, ProductStatus, shown_stars_on
from storefront.extensions import db
from storefront.places.models import Locality
from storefront.producers.models import Producer
from storefront.sales.report import stars_label
from storefront.web.labels import producer_kind


@dataclass(frozen=True)
class CatalogueRow:
    key: str
    label: str
    products: int
    on_sale: int
    parent: str = ""


def _counts() -> list[Any]:
    on_sale = and_(Product.status == ProductStatus.PUBLISHED, Product.stock > 0)
    return [
        func.count(Product.id).label("products"),
        func.coalesce(func.sum(case((on_sale, 1), else_=0)), 0).label("on_sale"),
    ]


def catalogue_by(view: str, today: date, *, lang: str = "vi") -> list[CatalogueRow]:
    """`view` is "stars", "group", "locality" or "kind"."""
    if view == "stars":
        stars = shown_stars_on(today)
        rows = db.session.execute(select(stars.label("key"), *_counts()).group_by(stars).order_by(stars.desc()))
        return [CatalogueRow(str(r.key), stars_label(int(r.key)), int(r.products), int(r.on_sale)) for r in rows]
    if view == "group":
        name = ProductGroup.name_en if lang == "en" else ProductGroup.name_vi
        rows = db.session.execute(
            select(ProductGroup.slug, name.label("name"), ProductGroup.code, *_counts())
            .join(ProductGroup, ProductGroup.id == Product.top_group_id)
            .group_by(ProductGroup.id, ProductGroup.slug, name, ProductGroup.code)
            .order_by(ProductGroup.code)
        )
        return [CatalogueRow(r.slug, r.name, int(r.products), int(r.on_sale)) for r in rows]
    if view == "locality":
        rows = db.session.execute(
            select(Locality.slug, Locality.name, Locality.province_name, *_counts())
            .join(Locality, Locality.id == Product.locality_id)
            .group_by(Locality.id, Locality.slug, Locality.name, Locality.province_name)
        )
        found = [CatalogueRow(r.slug, r.name, int(r.products), int(r.on_sale), r.province_name) for r in rows]
        return sorted(found, key=lambda r: (r.parent, -r.products, r.label))
    if view == "kind":
        rows = db.session.execute(
            select(Producer.kind, *_counts()).join(Producer, Producer.id == Product.producer_id).group_by(Producer.kind)
        )
        found = [CatalogueRow(r.kind.value, producer_kind(r.kind), int(r.products), int(r.on_sale)) for r in rows]
        return sorted(found, key=lambda r: -r.products)
    raise ValueError(view)
