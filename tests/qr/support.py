"""What the QR tests share: a phone's user agent, and counting the scans recorded."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from storefront.qr.models import QrScan

PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1"
)
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)


def phone(language: str = "vi", agent: str = PHONE, **extra: str) -> dict[str, str]:
    return {"User-Agent": agent, "Accept-Language": language, **extra}


def scans(db: Any) -> list[QrScan]:
    return list(db.session.scalars(select(QrScan).order_by(QrScan.id)))


def scan_count(db: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(QrScan)) or 0
