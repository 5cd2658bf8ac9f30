"""QR scans as the programme counts them, by Vietnamese day, product or locality, beside the sales.

A scan is a row of `qr_scans` (the QR area writes one per visitor, product and Vietnamese day; bots and
link previews never get one), counted in the day it happened in Vietnam.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select

from storefront.catalog.models import Product
from storefront.extensions import db
from storefront.places.models import Locality
from storefront.qr.models import QrScan
from storefront.sales.definition import sale_lines, vn_bounds, vn_day


class ScanDimension(StrEnum):
    DAY = "day"
    PRODUCT = "product"
    LOCALITY = "locality"


@dataclass(frozen=True)
class ScanRow:
    key: str
    label: str
    scans: int
    parent: str = ""


@dataclass(frozen=True)
class ScansReport:
    by: ScanDimension
    date_from: date
    date_to: date
    rows: list[ScanRow]
    total: int


@dataclass(frozen=True)
class ScansAndSales:
    key: str
    label: str
    scans: int
    units: int
    orders: int


def scans_report(by: ScanDimension | str, date_from: date, date_to: date, *, lang: str = "vi") -> ScansReport:
    by = ScanDimension(by)
    start, end = vn_bounds(date_from, date_to)
    in_period = (QrScan.scanned_at >= start, QrScan.scanned_at < end)
    count = func.count(QrScan.id).label("scans")
    total = db.session.scalar(select(func.count(QrScan.id)).where(*in_period)) or 0
    rows: list[ScanRow]
    if by == ScanDimension.DAY:
        key = vn_day(QrScan.scanned_at)
        found = db.session.execute(select(key.label("key"), count).where(*in_period).group_by(key).order_by(key))
        rows = [ScanRow(r.key, r.key, int(r.scans)) for r in found]
    elif by == ScanDimension.PRODUCT:
        found = db.session.execute(
            select(Product.slug, Product.name_vi, Product.name_en, count)
            .join(Product, Product.id == QrScan.product_id)
            .where(*in_period)
            .group_by(Product.id, Product.slug, Product.name_vi, Product.name_en)
        )
        rows = _most_first(ScanRow(r.slug, _name(r, lang), int(r.scans)) for r in found)
    else:
        found = db.session.execute(
            select(Locality.slug, Locality.name, Locality.province_name, count)
            .join(Product, Product.id == QrScan.product_id)
            .join(Locality, Locality.id == Product.locality_id)
            .where(*in_period)
            .group_by(Locality.id, Locality.slug, Locality.name, Locality.province_name)
        )
        rows = _most_first(ScanRow(r.slug, r.name, int(r.scans), r.province_name) for r in found)
    return ScansReport(by, date_from, date_to, rows, int(total))


def scans_against_sales(date_from: date, date_to: date, *, lang: str = "vi", limit: int = 50) -> list[ScansAndSales]:
    """Per product: its scans and its sales (units, orders) in the period; the most scanned first."""
    start, end = vn_bounds(date_from, date_to)
    scans = (
        select(QrScan.product_id.label("product_id"), func.count(QrScan.id).label("scans"))
        .where(QrScan.scanned_at >= start, QrScan.scanned_at < end)
        .group_by(QrScan.product_id)
        .subquery()
    )
    lines = sale_lines(start, end)
    sold = (
        select(
            lines.c.product_id.label("product_id"),
            func.sum(lines.c.quantity).label("units"),
            func.count(lines.c.order_id.distinct()).label("orders"),
        )
        .group_by(lines.c.product_id)
        .subquery()
    )
    found = db.session.execute(
        select(Product.slug, Product.name_vi, Product.name_en, scans.c.scans, sold.c.units, sold.c.orders)
        .join(scans, scans.c.product_id == Product.id)
        .outerjoin(sold, sold.c.product_id == Product.id)
        .order_by(scans.c.scans.desc(), Product.slug)
        .limit(limit)
    )
    return [ScansAndSales(r.slug, _name(r, lang), int(r.scans), int(r.units or 0), int(r.orders or 0)) for r in found]


def _name(row: Any, lang: str) -> str:
    return str(row.name_en if lang == "en" and row.name_en else row.name_vi)


def _most_first(rows: Any) -> list[ScanRow]:
    ordered: Sequence[ScanRow] = sorted(rows, key=lambda r: (-r.scans, r.label))
    return list(ordered)
