"""The links a GS1 Digital Link resolves to, and their link set (RFC 9264, `application/linkset+json`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from storefront.catalog.models import Certificate, Product
from storefront.i18n import LANGUAGES, localized
from storefront.qr.digital_link import GS1_VOC
from storefront.qr.models import Batch

DEFAULT_LINK = "defaultLink"


@dataclass(frozen=True)
class Link:
    href: str
    title: str
    hreflang: tuple[str, ...] = ()
    type: str = "text/html"

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"href": self.href, "title": self.title, "type": self.type}
        if self.hreflang:
            out["hreflang"] = list(self.hreflang)
        return out


@dataclass
class Links:
    """Every link of one identified item, by GS1 link type (the vocabulary's short name)."""

    anchor: str
    description: str
    by_type: dict[str, list[Link]] = field(default_factory=dict)

    @property
    def default(self) -> Link:
        return self.by_type[DEFAULT_LINK][0]

    def best(self, link_type: str | None, language: str) -> Link:
        """The link to redirect to: the asked type in the visitor's language if there is one, else the
        default link (an unknown or unavailable type is not an error: the standard redirects to the default)."""
        candidates = self.by_type.get(link_type or DEFAULT_LINK) or self.by_type[DEFAULT_LINK]
        return next((link for link in candidates if language in link.hreflang), candidates[0])

    def as_linkset(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"anchor": self.anchor, "itemDescription": self.description}
        for link_type, links in self.by_type.items():
            entry[GS1_VOC + link_type] = [link.as_json() for link in links]
        return {"linkset": [entry]}


def product_links(
    product: Product,
    *,
    anchor: str,
    url: Callable[..., str],
    certificate: Certificate | None,
    batch: Batch | None,
    lot: str | None,
    language: str,
) -> Links:
    """The item's links. `url(endpoint, **values)` gives an absolute address.

    The default link is the scan page (the product as a visitor who scanned it sees it, with the lot when
    the code carries one); the product page, the certificate, the producer and the batch follow, one link
    per language with its title in that language.
    """
    scan_values: dict[str, Any] = {"code": product.qr_code}
    if lot:
        scan_values["lot"] = lot
    scan_endpoint = "qr.scan_lot" if lot else "qr.scan"
    links = Links(anchor=anchor, description=localized(product, "name", language))
    links.by_type[DEFAULT_LINK] = [
        Link(url(scan_endpoint, **scan_values), localized(product, "name", language), tuple(LANGUAGES))
    ]
    for lang in LANGUAGES:
        name = localized(product, "name", lang)
        with force_locale(lang):
            links.by_type.setdefault("pip", []).append(
                Link(url("web.product", slug=product.slug, lang=lang), name, (lang,))
            )
            if certificate is not None:
                title = _(
                    "OCOP certificate %(number)s: %(stars)s stars", number=certificate.number, stars=certificate.stars
                )
                links.by_type.setdefault("certificationInfo", []).append(
                    Link(url(scan_endpoint, **scan_values, lang=lang, _anchor="certificate"), title, (lang,))
                )
            links.by_type.setdefault("homepage", []).append(
                Link(url("web.producer", slug=product.producer.slug, lang=lang), product.producer.name, (lang,))
            )
            if batch is not None:
                title = _("Batch %(lot)s of %(name)s", lot=batch.lot, name=name)
                links.by_type.setdefault("traceability", []).append(
                    Link(url(scan_endpoint, **scan_values, lang=lang, _anchor="batch"), title, (lang,))
                )
    return links
