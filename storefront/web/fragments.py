"""The expensive part of each public page, rendered once per catalogue version, language and day.

Only what is the same for every visitor is cached here: data, and whole blocks of HTML (each the output
of one template or macro that opens and closes its own elements, as `Markup`). What differs per visitor
(the purchase form with its CSRF token, the cart count, flashed messages) is rendered per request.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import current_app, get_template_attribute, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from storefront.cache import remember
from storefront.cart.cart import MAX_QUANTITY
from storefront.catalog import queries as catalog
from storefront.catalog import stars as star_rules
from storefront.catalog.cards import Card, card_rows, product_cards, row_cards
from storefront.catalog.filters import CatalogFilters, known_facets
from storefront.catalog.product_page import ProductPage, product_page
from storefront.catalog.richtext import plain_text
from storefront.i18n import current_language, localized
from storefront.media.views import media_url
from storefront.producers import queries as producers
from storefront.reviews.signals import buyer_signals, signals_by_id
from storefront.templating import known_clean
from storefront.text import clean_slug
from storefront.web import jsonld

PER_PAGE = 24
#: Part of every key: bump it when the shape of a cached value changes, so a deploy never reads the
#: previous release's values from a shared cache.
FORMAT = 7
#: Stand-ins, in the cached purchase box, for what belongs to one request: the visitor's CSRF token, and
#: the most units one order may hold (a setting, which can change without the catalogue changing).
#: Markup with angle brackets, which no escaped text (a producer's name, unit or e-mail) can contain, so
#: only the template's own attribute values are ever filled in.
TOKEN_SLOT = Markup("<csrf-token-of-this-request>")
MAX_SLOT = Markup("<max-units-of-this-request>")
PRODUCERS_PER_PAGE = 24
PRODUCT_PARTS = "web/_product_parts.html"


def absolute(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"] + path


def summary(text: str, limit: int = 160) -> str:
    """A meta description: the first sentences of `text`, cut at a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


_INDENT = re.compile(r"\n\s+")


def block(html: str) -> Markup:
    """A rendered whole block, its indentation dropped (a line break stays, so words never run together).

    A twentieth of every catalogue page was indentation that the server wrote on each request. The
    blocks hold no <pre> or <textarea>, where whitespace would matter. Only template output comes here,
    already escaped by Jinja, so it is Markup as it was when rendered, and clean of control characters
    (`known_clean`): shown at once, it is not scanned for them again.
    """
    return known_clean(Markup(_INDENT.sub("\n", html)))  # noqa: S704  Jinja's own escaped output


def _cached(
    parts: tuple[Any, ...],
    build: Callable[[], Any],
    *,
    local: bool = False,
    shared_if: Callable[[Any], bool] | None = None,
) -> Any:
    return remember((FORMAT, current_language(), *parts), build, local=local, shared_if=shared_if)


def _found(value: Any) -> bool:
    """A page for a name that exists (not a 404): worth a key in the shared cache."""
    return value is not None


# --- filter choices, as plain data so they can be cached -------------------------------------


def group_options() -> list[tuple[str, str, bool]]:
    """(slug, name in this language, is_subgroup)."""
    return _cached(
        ("group-options",),
        lambda: [(g.slug, localized(g, "name"), g.parent_id is not None) for g in catalog.all_groups()],
    )


def locality_options() -> list[tuple[str, str, str | None, int]]:
    """(slug, name, former district, products) for localities that have products."""
    return remember(
        (FORMAT, "locality-options"),
        lambda: [(loc.slug, loc.name, loc.former_district, n) for loc, n in catalog.localities_with_products()],
    )


CATALOG_MACROS = "_macros/catalog.html"


def facet_field(macro: str, options: list[Any], selected: str | None) -> Markup:
    """The filters form's group or locality field (`macro`, in CATALOG_MACROS) with `selected` chosen.

    Each is the same on every page with that choice, and its 30 to 60 options were the most of the
    filters form: so it is rendered once per catalogue version, language and choice, in this process
    (a field costs less to render than a round trip to a shared cache would). That saved 1-2% of the
    instructions of a cold search or listing (bench/instructions.py).
    """
    return _cached(
        ("facet-field", macro, selected),
        lambda: block(get_template_attribute(CATALOG_MACROS, macro)(options, selected)),
        local=True,
    )


# --- pages ---------------------------------------------------------------------------------------


def home(today: date) -> dict[str, str]:
    def build() -> dict[str, str]:
        counts = catalog.product_counts_by_group()
        featured = catalog.featured_products(today)
        html = block(
            render_template(
                "web/_home.html",
                featured=product_cards(featured, today, buyer_signals(p.id for p in featured)),
                groups=[(g, counts.get(g.id, 0)) for g in catalog.top_groups()],
                localities=locality_options(),
                today=today,
            )
        )
        base = current_app.config["PUBLIC_BASE_URL"]
        return {"html": html, "jsonld": jsonld.dumps(jsonld.website(base, "OCOP Quảng Ninh"))}

    return _cached(("home", today), build)


def _catalogue_title(filters: CatalogFilters, group: str | None, place: str | None, maker: str | None) -> str:
    if filters.q:
        title = _("Search results for “%(q)s”", q=filters.q)
    elif maker:
        title = _("Products by %(producer)s", producer=maker)
    elif group:
        title = group
    elif place:
        title = _("OCOP products from %(place)s", place=place)
    elif filters.stars:
        title = _("OCOP products with %(stars)s stars or more", stars=filters.stars)
    else:
        title = _("All OCOP products")
    if filters.page > 1:
        title = _("%(title)s – page %(page)s", title=title, page=filters.page)
    return title


def catalogue(filters: CatalogFilters, today: date) -> dict[str, Any]:
    groups = group_options()
    places = locality_options()
    # Before the key: every group or place that does not exist is one and the same page (finding nothing).
    filters = known_facets(filters, groups={slug for slug, *_ in groups}, localities={slug for slug, *_ in places})

    def build() -> dict[str, Any]:
        page = catalog.find_products(filters, today, card_rows)
        cards = row_cards(page.items, today, signals_by_id(page.items))
        group = next((name for slug, name, _sub in groups if slug == filters.group), None)
        place = next((name for slug, name, _former, _n in places if slug == filters.locality), None)
        maker = None
        if filters.producer:
            found = producers.get_producer(filters.producer)
            maker = found.name if found else None
        title = _catalogue_title(filters, group, place, maker)

        # The pagination links differ only in their last argument (`query_args` puts `page` last): the
        # URL map is asked once, not once per link.
        first_page = url_for("web.products", **filters.query_args(page=None))
        joiner = "&" if "?" in first_page else "?"

        def page_url(number: int) -> str:
            return first_page if number == 1 else f"{first_page}{joiner}page={number}"

        html = block(
            render_template(
                "web/_products.html",
                page=page,
                # Rendered apart, so that showing it in the page does not scan it again (`known_clean`); its
                # indentation goes with the page's (`block`).
                grid=known_clean(get_template_attribute(CATALOG_MACROS, "product_grid")(cards, heading="h2", eager=4))
                if cards
                else None,
                filters=filters,
                title=title,
                group_field=facet_field("group_field", groups, filters.group),
                locality_field=facet_field("locality_field", places, filters.locality),
                group_name=group,
                place_name=place,
                maker=maker,
                page_url=page_url,
                sorts=sort_labels(),
                today=today,
            )
        )
        entries = [(card.name, absolute(card.href)) for card in cards]
        description = _(
            "%(count)s OCOP-certified specialties from Quảng Ninh: prices in đồng, stars, producers and places.",
            count=page.total,
        )
        return {
            "html": html,
            "title": title,
            "description": description,
            "jsonld": jsonld.dumps(jsonld.item_list(entries)),
            "noindex": bool(filters.q) or page.is_beyond_last or page.total == 0,
            # An unknown producer or a page past the last: kept in this process only (storefront/cache).
            "shared": not page.is_beyond_last and (maker is not None or not filters.producer),
        }

    # Free text is kept in this process only: see storefront/cache.
    return _cached(("catalogue", today, filters), build, local=bool(filters.q), shared_if=lambda v: v["shared"])


def sort_labels() -> list[tuple[str, str]]:
    return [
        ("relevance", _("Best match")),
        ("newest", _("Newest")),
        ("price_asc", _("Price: low to high")),
        ("price_desc", _("Price: high to low")),
        ("stars", _("Most stars")),
    ]


def product(slug: str, today: date) -> dict[str, Any] | None:
    clean = clean_slug(slug)
    if clean is None:
        return None

    def build() -> dict[str, Any] | None:
        item = product_page(clean)
        if item is None:
            return None
        current = star_rules.current_certificate(item.certificates, today)
        certificate = current or star_rules.latest_certificate(item.certificates)
        name = localized(item, "name")
        description = plain_text(localized(item, "description"))  # producers may write a little HTML
        group_name = localized(item.group, "name")
        url = absolute(url_for("web.product", slug=item.slug))
        image_urls = [absolute(media_url(image.path)) for image in item.images]
        context = {"p": item, "today": today, "certificate": certificate, "certificate_valid": current is not None}
        view: dict[str, Any] = {
            "slug": item.slug,
            "name": name,
            "description": summary(description) or name,
            "gallery": block(get_template_attribute(PRODUCT_PARTS, "gallery")(**context)),
            "summary": block(get_template_attribute(PRODUCT_PARTS, "summary")(**context)),
            "details": block(get_template_attribute(PRODUCT_PARTS, "details")(**context)),
            "more": more_from_here(item, today),
            "jsonld": jsonld.dumps(
                jsonld.product(
                    item,
                    name=name,
                    description=description,
                    url=url,
                    image_urls=image_urls,
                    group_name=group_name,
                    today=today,
                )
            ),
            "url": url,
            "image_url": image_urls[0] if image_urls else None,
            "is_shippable": bool(item.top_group.is_shippable and item.group.is_shippable),
            "stock": int(item.stock),
            "max_quantity": min(int(item.stock), MAX_QUANTITY),
            "producer_name": item.producer.name,
            "producer_phone": item.producer.phone,
            "producer_email": item.producer.email,
            "producer_slug": item.producer.slug,
            "province_name": item.locality.province_name,
            "price_vnd": int(item.price_vnd),
            "unit": localized(item, "unit"),
            "units_sold": item.signals.units_sold,
            # Most products have no review yet: then the reviews block needs no query of its own.
            "has_reviews": bool(item.signals.reviews),
        }
        view["has_cart_form"] = view["is_shippable"] and view["stock"] > 0
        # Rendered with the page, not per visitor: a tenth of a warm product page's time was this box.
        view["purchase"] = block(
            get_template_attribute("web/_purchase.html", "purchase_box")({**view, "max_quantity": MAX_SLOT}, TOKEN_SLOT)
        )
        return view

    return _cached(("product", today, clean), build, shared_if=_found)


def more_from_here(item: ProductPage, today: date) -> Markup:
    """The page's "more from this producer / this place" block, cached by the two lists it shows.

    The lists depend on the producer and the place, not on the product (only a product that is on them
    is left out of its own): most of a producer's pages show the very same block, rendered once.
    """
    mine, here = catalog.related_ids(item, today)
    if not mine and not here:
        return Markup("")

    def build() -> Markup:
        rows = catalog.related_cards(mine + here)
        signals = signals_by_id(rows.values())

        def cards(ids: tuple[int, ...]) -> list[Card]:
            return row_cards([rows[i] for i in ids if i in rows], today, signals)

        more = get_template_attribute(PRODUCT_PARTS, "more")
        return block(more(p=item, today=today, same_producer=cards(mine), same_locality=cards(here)))

    # The headings name the producer and the place: their ids are in the key with the lists.
    return _cached(("more", today, item.producer_id, item.locality_id, mine, here), build)


def purchase_box(view: dict[str, Any], *, csrf_token: Callable[[], str], max_quantity: int) -> Markup:
    """The page's cached purchase box with this request's CSRF token and quantity limit put in; the token
    is asked for only when the box has a form (a sold-out page starts no session)."""
    html = str(view["purchase"]).replace(MAX_SLOT, str(int(max_quantity)))
    if TOKEN_SLOT in html:
        html = html.replace(TOKEN_SLOT, str(escape(csrf_token())))
    return Markup(html)  # noqa: S704  the cached template output, with an integer and an escaped token put in


def producers_page(page_number: int) -> dict[str, Any]:
    def build() -> dict[str, Any]:
        page = producers.list_producers(page_number, PRODUCERS_PER_PAGE)
        counts = producers.product_counts([p.id for p in page.items])
        html = block(
            render_template(
                "web/_producers.html",
                page=page,
                counts=counts,
                page_url=lambda n: url_for("web.producers", **({"page": n} if n > 1 else {})),
            )
        )
        entries = [(p.name, absolute(url_for("web.producer", slug=p.slug))) for p in page.items]
        return {
            "html": html,
            "page": page.page,
            "jsonld": jsonld.dumps(jsonld.item_list(entries)),
            "noindex": page.is_beyond_last,
        }

    return _cached(("producers", page_number), build)


def producer(slug: str, page_number: int, today: date) -> dict[str, Any] | None:
    clean = clean_slug(slug)
    if clean is None:
        return None

    def build() -> dict[str, Any] | None:
        maker = producers.get_producer(clean)
        if maker is None:
            return None
        page = producers.producer_products(maker, today, page_number, PER_PAGE)
        story = localized(maker, "story")
        html = block(
            render_template(
                "web/_producer.html",
                producer=maker,
                page=page,
                cards=product_cards(page.items, today, buyer_signals(p.id for p in page.items)),
                story=story,
                today=today,
                page_url=lambda n: url_for("web.producer", slug=maker.slug, **({"page": n} if n > 1 else {})),
            )
        )
        url = absolute(url_for("web.producer", slug=maker.slug))
        logo = absolute(media_url(maker.logo_path)) if maker.logo_path else None
        description = summary(story) or _(
            "%(name)s, an OCOP producer in %(place)s.", name=maker.name, place=maker.locality.name
        )
        return {
            "name": maker.name,
            "html": html,
            "description": description,
            "page": page.page,
            "jsonld": jsonld.dumps(jsonld.organization(maker, url=url, description=description, logo_url=logo)),
        }

    return _cached(("producer", today, clean, page_number), build, shared_if=_found)
