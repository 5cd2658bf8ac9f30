"""Officers' work on OCOP certificates: award, renew, revoke, and the lists that say what needs doing.

Every change refreshes the product's stars (`refresh_stars`) in the same flush, and the catalogue cache
moves on at commit (its listeners watch `certificates` and `products`), so the shop, the API and the scan
page show the change at once. Nothing is deleted: a renewal is a new certificate, a revocation is
recorded on the old one, so the history stays whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from storefront.catalog import stars as star_rules
from storefront.catalog.models import Certificate, IssuerLevel, Product
from storefront.catalog.services import award_certificate, refresh_stars
from storefront.errors import Conflict, DomainError, NotFound
from storefront.extensions import db

#: How far ahead the office looks for certificates to renew.
EXPIRY_WARNING_DAYS = 90


@dataclass(frozen=True)
class CertificateDetails:
    number: str
    score: int
    decision_number: str
    decided_on: date
    issuer_name: str
    issuer_level: IssuerLevel


def award(product: Product, details: CertificateDetails, *, today: date) -> Certificate:
    """A council's new recognition of `product` (a first award or a renewal: both are new certificates)."""
    if details.decided_on > today:
        raise DomainError(_("A decision date cannot be in the future."), code="decided_in_future", field="decided_on")
    return award_certificate(
        product,
        number=details.number,
        score=details.score,
        decision_number=details.decision_number,
        decided_on=details.decided_on,
        issuer_name=details.issuer_name,
        issuer_level=details.issuer_level,
        today=today,
    )


def revoke(certificate_id: int, reason: str, *, today: date) -> Certificate:
    """Withdraw a certificate from today: it gives no stars any more; the product keeps any other valid one."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        raise NotFound(_("There is no such certificate."), code="certificate_not_found")
    if certificate.revoked_on is not None:
        raise Conflict(_("This certificate is already revoked."), code="already_revoked")
    if not reason.strip():
        raise DomainError(_("Say why the certificate is revoked."), code="reason_required", field="reason")
    certificate.revoked_on = today
    certificate.revocation_reason = reason.strip()[:500]
    refresh_stars(certificate.product, today)
    db.session.flush()
    return certificate


def product_with_certificates(slug: str) -> Product | None:
    return db.session.scalars(
        select(Product)
        .where(Product.slug == slug[:160])
        .options(selectinload(Product.certificates), joinedload(Product.producer))
    ).first()


def _newer_valid(today: date) -> Any:
    """A condition: the product has another certificate, valid today, that outlives this one."""
    other = aliased(Certificate)
    return exists().where(
        other.product_id == Certificate.product_id,
        other.id != Certificate.id,
        other.decided_on <= today,
        other.expires_on > Certificate.expires_on,
        other.revoked_on.is_(None),
    )


def expiring_soon(today: date, days: int = EXPIRY_WARNING_DAYS) -> list[Certificate]:
    """Certificates in force today that end within `days`, with no renewal already recorded."""
    rows = db.session.scalars(
        select(Certificate)
        .where(
            Certificate.decided_on <= today,
            Certificate.expires_on > today,
            Certificate.expires_on <= today + timedelta(days=days),
            Certificate.revoked_on.is_(None),
            Certificate.stars >= star_rules.MIN_CERTIFIED_STARS,
            ~_newer_valid(today),
        )
        .options(joinedload(Certificate.product).joinedload(Product.producer))
        .order_by(Certificate.expires_on, Certificate.id)
    ).all()
    return list(rows)


def lapsed(today: date, limit: int = 200) -> list[Product]:
    """Products that had stars and have none valid today: every certificate expired or revoked."""
    valid = exists().where(
        Certificate.product_id == Product.id,
        Certificate.decided_on <= today,
        Certificate.expires_on > today,
        Certificate.stars >= star_rules.MIN_CERTIFIED_STARS,
        Certificate.revoked_on.is_(None),
    )
    had = exists().where(Certificate.product_id == Product.id)
    rows = db.session.scalars(
        select(Product)
        .where(had, ~valid)
        .options(selectinload(Product.certificates), joinedload(Product.producer))
        .order_by(Product.name_vi)
        .limit(limit)
    ).all()
    return list(rows)
