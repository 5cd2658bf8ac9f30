"""Rules that change the catalogue. Services add and flush; their caller commits."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from storefront.catalog import stars as star_rules
from storefront.catalog.models import Certificate, IssuerLevel, Product
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.text import fold, normalize_accented


def index_product(product: Product) -> None:
    """Refresh the search columns from the product, its producer, place and group.

    Call it whenever a product is created or any of those change (the portal's edits, the seeders):
    the database's text index follows these columns in the same transaction (catalog/search_index.py),
    so the next search sees the change. Publishing, unpublishing and stock need no call: search reads
    those from the row itself. The relationships must be loaded or assigned.
    """
    others = [product.producer.name, product.locality.name, product.locality.former_district or ""]
    others += [product.group.name_vi, product.group.name_en, product.gtin or ""]
    product.search_name = fold(f"{product.name_vi} {product.name_en}")
    product.search_text = fold(" ".join(p for p in others if p))
    product.search_body = fold(f"{product.description_vi} {product.description_en}")
    product.search_exact = normalize_accented(f"{product.name_vi} {product.name_en}")


def refresh_stars(product: Product, today: date) -> None:
    """Copy the stars of the certificate valid today onto the product, for filtering by index."""
    current = star_rules.current_certificate(product.certificates, today)
    product.stars = current.stars if current else 0
    product.stars_valid_until = current.expires_on if current else None


def award_certificate(
    product: Product,
    *,
    number: str,
    score: int,
    decision_number: str,
    decided_on: date,
    issuer_name: str,
    issuer_level: IssuerLevel,
    today: date,
) -> Certificate:
    """Record a council's recognition; stars follow from the score, validity from the decision date."""
    if not 0 <= score <= 100:
        raise DomainError(_("An OCOP score is between 0 and 100."), code="invalid_score", field="score")
    if star_rules.stars_for_score(score) < star_rules.MIN_CERTIFIED_STARS:
        raise DomainError(
            _("Only products scoring 50 or more (3 stars and up) are certified."), code="not_certifiable", field="score"
        )
    certificate = Certificate(
        number=number,
        score=score,
        stars=star_rules.stars_for_score(score),
        decision_number=decision_number,
        decided_on=decided_on,
        expires_on=star_rules.expiry_for(decided_on),
        issuer_name=issuer_name,
        issuer_level=issuer_level,
    )
    product.certificates.append(certificate)
    refresh_stars(product, today)
    db.session.flush()
    return certificate
