"""Reads behind the scan page and the resolver, each saying how its related rows load."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.base import ExecutableOption

from storefront.catalog.models import Certificate, Product, ProductStatus
from storefront.extensions import db
from storefront.producers.models import Producer
from storefront.qr.batches import find_batch
from storefront.qr.codes import gtin_variants
from storefront.qr.models import Batch, QrScan

MORE_FROM_PLACE = 4


class CertificateState(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NONE = "none"


def _loaded() -> tuple[ExecutableOption, ...]:
    return (
        joinedload(Product.producer).joinedload(Producer.locality),
        joinedload(Product.locality),
        joinedload(Product.top_group),
        selectinload(Product.images),
        selectinload(Product.certificates),
    )


def product_by_code(code: str) -> Product | None:
    """A published product by its printed code. A renamed product keeps its code, so old packs still work."""
    return db.session.scalar(
        select(Product)
        .where(Product.qr_code == code[:16], Product.status == ProductStatus.PUBLISHED)
        .options(*_loaded())
    )


def product_by_gtin(gtin14: str) -> Product | None:
    return db.session.scalar(
        select(Product)
        .where(Product.gtin.in_(gtin_variants(gtin14)), Product.status == ProductStatus.PUBLISHED)
        .options(*_loaded())
    )


def current_certificate(product: Product) -> Certificate | None:
    """The latest recognition (the list is newest decision first), valid or not: a lapsed one is shown
    with a warning rather than hidden."""
    return product.certificates[0] if product.certificates else None


def certificate_state(certificate: Certificate | None, today: date) -> CertificateState:
    if certificate is None:
        return CertificateState.NONE
    if getattr(certificate, "revoked_at", None) or getattr(certificate, "revoked_on", None):
        return CertificateState.REVOKED
    if today >= certificate.expires_on:
        return CertificateState.EXPIRED
    return CertificateState.VALID


@dataclass(frozen=True)
class ScanPage:
    product: Product
    certificate: Certificate | None
    certificate_state: CertificateState
    #: The lot the code carried, recorded or not.
    lot: str | None
    batch: Batch | None
    more: list[Product]


def more_from_place(product: Product, limit: int = MORE_FROM_PLACE) -> list[Product]:
    return list(
        db.session.scalars(
            select(Product)
            .where(
                Product.locality_id == product.locality_id,
                Product.status == ProductStatus.PUBLISHED,
                Product.id != product.id,
            )
            # In ix_products_locality_stars' order: most stars, in stock first, newest.
            .order_by(Product.stars.desc(), Product.has_stock.desc(), Product.created_at.desc(), Product.id)
            .limit(limit)
            .options(
                selectinload(Product.images),
                joinedload(Product.producer),
                joinedload(Product.locality),
                joinedload(Product.top_group),
            )
        )
    )


def scan_page(product: Product, lot: str | None, today: date) -> ScanPage:
    certificate = current_certificate(product)
    return ScanPage(
        product=product,
        certificate=certificate,
        certificate_state=certificate_state(certificate, today),
        lot=lot,
        batch=find_batch(product.id, lot),
        more=more_from_place(product),
    )


@dataclass(frozen=True)
class ProductScans:
    product: Product
    last_30_days: int
    total: int


def producer_products_with_scans(producer_id: int, now_utc: datetime) -> list[ProductScans]:
    """The producer's products with their counted scans: the last 30 days and all time (two queries)."""
    products = list(
        db.session.scalars(
            select(Product).where(Product.producer_id == producer_id).order_by(Product.name_vi, Product.id)
        )
    )
    since = now_utc - timedelta(days=30)
    rows = db.session.execute(
        select(
            QrScan.product_id,
            func.count(),
            func.sum(case((QrScan.scanned_at >= since, 1), else_=0)),
        )
        .where(QrScan.product_id.in_([p.id for p in products]))
        .group_by(QrScan.product_id)
    ).all()
    counts = {product_id: (int(recent or 0), int(total)) for product_id, total, recent in rows}
    return [ProductScans(p, *counts.get(p.id, (0, 0))) for p in products]
