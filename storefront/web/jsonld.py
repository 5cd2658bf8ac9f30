"""schema.org JSON-LD for the public pages, serialised so no text can close the <script> it sits in."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from markupsafe import Markup

from storefront.catalog import stars as star_rules
from storefront.catalog.product_page import ProductPage
from storefront.producers.models import Producer

#: What may not appear as itself in a script element, and its JSON escape (which contains none of them).
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def dumps(data: Any) -> Markup:
    """JSON for a `<script type="application/ld+json">`: `</script>` or `<!--` in a name stays inert, so the
    text is safe to place in the script element as it is."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # One replace per character, not str.translate: on Vietnamese text translate looks every character
    # up in its table, about 170 µs for a product's JSON-LD; five scans for one character each, 5 µs.
    for character, escaped in _SCRIPT_SAFE:
        text = text.replace(character, escaped)
    return Markup(text)  # noqa: S704


def _address(locality_name: str, province: str, street: str = "") -> dict[str, str]:
    address = {
        "@type": "PostalAddress",
        "addressLocality": locality_name,
        "addressRegion": province,
        "addressCountry": "VN",
    }
    if street:
        address["streetAddress"] = street
    return address


def product(
    item: ProductPage, *, name: str, description: str, url: str, image_urls: list[str], group_name: str, today: date
) -> dict[str, Any]:
    producer = item.producer
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": name,
        "description": description,
        "sku": item.slug,
        "url": url,
        "category": group_name,
        "brand": {"@type": "Brand", "name": producer.name},
        "manufacturer": {
            "@type": "Organization",
            "name": producer.name,
            "address": _address(producer.locality.name, producer.locality.province_name, producer.address),
        },
        "countryOfOrigin": "VN",
        "offers": {
            "@type": "Offer",
            "url": url,
            "price": int(item.price_vnd),
            "priceCurrency": "VND",
            "availability": "https://schema.org/InStock" if item.stock > 0 else "https://schema.org/OutOfStock",
            "itemCondition": "https://schema.org/NewCondition",
        },
    }
    if image_urls:
        data["image"] = image_urls
    if item.gtin:
        data["gtin"] = item.gtin
    current = star_rules.current_certificate(item.certificates, today)
    if current is not None:
        data["award"] = f"OCOP {current.stars}★ ({current.decision_number})"
    return data


def organization(producer: Producer, *, url: str, description: str, logo_url: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": producer.name,
        "url": url,
        "description": description,
        "address": _address(producer.locality.name, producer.locality.province_name, producer.address),
    }
    if producer.phone:
        data["telephone"] = producer.phone
    if producer.email:
        data["email"] = producer.email
    if logo_url:
        data["logo"] = logo_url
    return data


def item_list(entries: list[tuple[str, str]]) -> dict[str, Any]:
    """An ItemList of (name, url), for listing pages."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "url": url} for n, (name, url) in enumerate(entries, 1)
        ],
    }


def website(base_url: str, name: str) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "url": base_url + "/",
        "potentialAction": {
            "@type": "SearchAction",
            "target": base_url + "/products?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }
