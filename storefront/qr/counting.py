"""Counting scans of pack codes for the programme without keeping anyone.

A visitor is told apart for one Vietnam day only, by an HMAC of (product, address, user agent) keyed with
that day's random salt; the salt and the digests are deleted once the day is over, so nothing stored can be
tied back to an address or a browser later (the way privacy-friendly web analytics count). Bots and
link-preview fetchers (a maintained list: crawlerdetect) and HEAD or prefetch requests count nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from crawlerdetect import CrawlerDetect
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from storefront.clock import vn_today
from storefront.extensions import db
from storefront.qr.models import DeviceClass, QrScan, ScanSalt, ScanVisit

_TABLET = re.compile(r"iPad|Tablet|PlayBook|Silk|Kindle|(Android(?!.*Mobile))", re.IGNORECASE)
_MOBILE = re.compile(r"Mobi|iPhone|iPod|Android|Windows Phone|Opera Mini", re.IGNORECASE)
_DESKTOP = re.compile(r"Windows NT|Macintosh|X11|CrOS", re.IGNORECASE)


@lru_cache(maxsize=1)
def _crawlers() -> CrawlerDetect:
    return CrawlerDetect()  # compiles its patterns once


def is_bot(user_agent: str) -> bool:
    """A crawler, a link-preview fetcher (Facebook, Zalo, Telegram...) or a script; no user agent at all too."""
    user_agent = user_agent.strip()
    return not user_agent or _crawlers().isCrawler(user_agent[:1000])


def is_countable(method: str, user_agent: str, purpose: str = "") -> bool:
    """Whether a request to a pack's address is a person opening it: a GET, not a prefetch or preview
    (`purpose`: the request's Sec-Purpose or Purpose header), not a bot."""
    if method != "GET":
        return False
    purpose = purpose.lower()
    if "prefetch" in purpose or "preview" in purpose:
        return False
    return not is_bot(user_agent)


def device_class(user_agent: str) -> str:
    if _TABLET.search(user_agent):
        return DeviceClass.TABLET
    if _MOBILE.search(user_agent):
        return DeviceClass.MOBILE
    if _DESKTOP.search(user_agent):
        return DeviceClass.DESKTOP
    return DeviceClass.OTHER


def daily_salt(day: date) -> bytes:
    """Today's salt, made on the day's first scan; the days before are deleted with their digests then."""
    salt = db.session.scalar(select(ScanSalt.salt).where(ScanSalt.day == day))
    if salt is not None:
        return salt
    forget_days_before(day)
    try:
        with db.session.begin_nested():
            db.session.add(ScanSalt(day=day, salt=secrets.token_bytes(32)))
    except IntegrityError:
        pass  # another request made it first: use theirs
    return db.session.scalars(select(ScanSalt.salt).where(ScanSalt.day == day)).one()


def forget_days_before(day: date) -> int:
    """Delete the salts and visitor digests of every day before `day`. Returns the salts deleted."""
    db.session.execute(delete(ScanVisit).where(ScanVisit.day < day))
    result: Any = db.session.execute(delete(ScanSalt).where(ScanSalt.day < day))
    return result.rowcount or 0


def visitor_digest(salt: bytes, product_id: int, visitor: str) -> bytes:
    return hmac.new(salt, f"{product_id}\n{visitor}".encode(), hashlib.sha256).digest()[:16]


def count_scan(
    product_id: int,
    *,
    visitor: str,
    now: datetime,
    language: str,
    device: str,
    source: str,
    batch_id: int | None = None,
    country: str = "",
) -> QrScan | None:
    """Count one scan, unless this visitor already scanned this product today (then None).

    `visitor` is whatever tells people apart for the day (address and user agent); it is only ever hashed
    with the day's salt, never stored. The caller commits.
    """
    day = vn_today(now)
    digest = visitor_digest(daily_salt(day), product_id, visitor)
    try:
        with db.session.begin_nested():
            db.session.add(ScanVisit(day=day, digest=digest))
    except IntegrityError:
        return None
    scan = QrScan(
        product_id=product_id,
        batch_id=batch_id,
        scanned_at=now,
        language=language[:8],
        device=device,
        source=source,
        country=country[:2].upper(),
    )
    db.session.add(scan)
    db.session.flush()
    return scan
