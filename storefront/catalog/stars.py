"""OCOP star rules (Decision 148/QĐ-TTg, 2023): pure functions, no database."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Protocol, TypeVar

#: A certificate is valid for 36 months from the recognising decision.
VALIDITY_MONTHS = 36
#: Only 3 stars and up are certified and may carry the OCOP mark.
MIN_CERTIFIED_STARS = 3


def stars_for_score(score: int) -> int:
    """The star rating a 100-point evaluation earns: 90+ five, 70+ four, 50+ three, 30+ two, else one."""
    if not 0 <= score <= 100:
        raise ValueError("an OCOP score is between 0 and 100")
    for threshold, stars in ((90, 5), (70, 4), (50, 3), (30, 2)):
        if score >= threshold:
            return stars
    return 1


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_for(decided_on: date) -> date:
    """The first day a certificate is no longer valid."""
    return add_months(decided_on, VALIDITY_MONTHS)


class CertificateLike(Protocol):
    stars: int
    decided_on: date
    expires_on: date


C = TypeVar("C", bound=CertificateLike)


def is_revoked(certificate: CertificateLike, today: date) -> bool:
    revoked_on = getattr(certificate, "revoked_on", None)
    return revoked_on is not None and revoked_on <= today


def is_valid(certificate: CertificateLike, today: date) -> bool:
    """In force today: decided, not expired, not revoked, and worth the OCOP mark (3 stars and up)."""
    return (
        certificate.decided_on <= today < certificate.expires_on
        and certificate.stars >= MIN_CERTIFIED_STARS
        and not is_revoked(certificate, today)
    )


def current_certificate(certificates: Iterable[C], today: date) -> C | None:
    """The valid certificate with the most stars (the newest among equals), or None."""
    valid = [c for c in certificates if is_valid(c, today)]
    return max(valid, key=lambda c: (c.stars, c.decided_on), default=None)


def latest_certificate(certificates: Iterable[C]) -> C | None:
    return max(certificates, key=lambda c: c.decided_on, default=None)
