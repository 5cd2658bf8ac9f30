"""Counting scans of pack codes."""

from __future__ import annotations

from datetime import datetime

from storefront.extensions import db
from storefront.qr.models import QrScan


def record_scan(product_id: int, *, source: str, language: str, now: datetime, country: str = "") -> QrScan:
    scan = QrScan(product_id=product_id, source=source, language=language, scanned_at=now, country=country[:2].upper())
    db.session.add(scan)
    db.session.flush()
    return scan
