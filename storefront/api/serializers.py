"""Models to API shapes. Names follow the request's language; URLs are absolute."""

from __future__ import annotations

from datetime import date

from storefront.api import schemas
from storefront.catalog import stars as star_rules
from storefront.catalog.models import Certificate, Product
from storefront.i18n import localized
from storefront.producers.models import Producer
from storefront.reviews.queries import Rating


def _abs(base_url: str, path: str) -> str:
    return base_url + path


def _image_url(product: Product, base_url: str) -> str | None:
    return _abs(base_url, f"/media/{product.images[0].path}") if product.images else None


def product_summary(
    product: Product, lang: str, base_url: str, today: date, rating: Rating | None = None
) -> schemas.ProductSummary:
    is_starred = product.stars_valid_until is not None and product.stars_valid_until > today
    return schemas.ProductSummary(
        slug=product.slug,
        name=localized(product, "name", lang),
        price_vnd=product.price_vnd,
        unit=localized(product, "unit", lang),
        stars=product.stars if is_starred else 0,
        group=schemas.Ref(slug=product.top_group.slug, name=localized(product.top_group, "name", lang)),
        producer=schemas.Ref(slug=product.producer.slug, name=product.producer.name),
        locality=schemas.Ref(slug=product.locality.slug, name=product.locality.name),
        in_stock=product.stock > 0,
        purchase="cart" if product.is_shippable else "booking",
        url=_abs(base_url, f"/products/{product.slug}"),
        image_url=_image_url(product, base_url),
        rating=schemas.Rating(average=rating.average, count=rating.count) if rating else None,
    )


def _certificate(certificate: Certificate, today: date) -> schemas.Certificate:
    return schemas.Certificate(
        number=certificate.number,
        stars=certificate.stars,
        level=certificate.issuer_level.value,
        issuer=certificate.issuer_name,
        decision_number=certificate.decision_number,
        issued_on=certificate.decided_on,
        expires_on=certificate.expires_on,
        is_valid=star_rules.is_valid(certificate, today),
    )


def product_detail(
    product: Product, lang: str, base_url: str, today: date, rating: Rating | None = None
) -> schemas.ProductDetail:
    certificate = star_rules.current_certificate(product.certificates, today) or star_rules.latest_certificate(
        product.certificates
    )
    return schemas.ProductDetail(
        **product_summary(product, lang, base_url, today, rating).model_dump(),
        description=localized(product, "description", lang),
        stock=product.stock,
        gtin=product.gtin,
        certificate=_certificate(certificate, today) if certificate else None,
        qr_url=_abs(base_url, f"/products/{product.slug}/qr.png"),
        qr_svg_url=_abs(base_url, f"/products/{product.slug}/qr.svg"),
    )


def producer_summary(producer: Producer, base_url: str) -> schemas.ProducerSummary:
    return schemas.ProducerSummary(
        slug=producer.slug,
        name=producer.name,
        kind=producer.kind.value,
        locality=schemas.Ref(slug=producer.locality.slug, name=producer.locality.name),
        url=_abs(base_url, f"/producers/{producer.slug}"),
    )


def producer_detail(producer: Producer, lang: str, base_url: str) -> schemas.ProducerDetail:
    return schemas.ProducerDetail(
        **producer_summary(producer, base_url).model_dump(),
        story=localized(producer, "story", lang),
        address=producer.address,
        phone=producer.phone,
        email=producer.email,
        website=producer.website,
        province=producer.locality.province_name,
        former_district=producer.locality.former_district,
    )
