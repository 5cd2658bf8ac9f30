"""Words for the values the catalogue stores as codes, in the visitor's language."""

from __future__ import annotations

from datetime import date, timedelta

from storefront.catalog.models import Certificate, IssuerLevel
from storefront.i18n import gettext as _
from storefront.producers.models import ProducerKind

#: Below this many units a product page says how many are left.
LOW_STOCK = 5


def producer_kind(kind: ProducerKind | str) -> str:
    labels = {
        ProducerKind.COOPERATIVE: _("Cooperative"),
        ProducerKind.ENTERPRISE: _("Enterprise"),
        ProducerKind.HOUSEHOLD: _("Household business"),
        ProducerKind.WORKSHOP: _("Workshop"),
        ProducerKind.COOPERATIVE_GROUP: _("Cooperative group"),
    }
    return labels.get(ProducerKind(kind), str(kind))


def issuer_level(level: IssuerLevel | str) -> str:
    labels = {
        IssuerLevel.DISTRICT: _("District council (before July 2025)"),
        IssuerLevel.COMMUNE: _("Commune council (pre-assessment)"),
        IssuerLevel.PROVINCE: _("Provincial council"),
        IssuerLevel.CENTRAL: _("Central council"),
    }
    return labels.get(IssuerLevel(level), str(level))


def last_valid_day(certificate: Certificate) -> date:
    """`expires_on` is the first day a certificate no longer counts; people read the day before."""
    return certificate.expires_on - timedelta(days=1)


def stock_state(stock: int) -> tuple[str, str]:
    """(css class, words) for how many units are left."""
    if stock <= 0:
        return "out", _("Out of stock")
    if stock <= LOW_STOCK:
        return "low", _("Only %(count)s left", count=stock)
    return "in", _("In stock")
