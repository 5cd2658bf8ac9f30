"""JSON API v1: the public catalogue. Declared through `operation`, so /openapi.json describes exactly this."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from storefront.api import program, schemas, serializers
from storefront.api.spec import Operation, openapi_document, operation
from storefront.catalog import queries as catalog
from storefront.catalog import suggest as suggestions
from storefront.catalog.cards import links
from storefront.catalog.filters import CatalogFilters
from storefront.clock import vn_today
from storefront.db import utcnow
from storefront.errors import NotFound
from storefront.i18n import current_language
from storefront.producers import queries as producers
from storefront.reviews.queries import ratings_for

bp = Blueprint("api", __name__)
program.register(bp)  # the programme office's feed: /program/sales, /program/scans, /program/lines


def _base() -> str:
    return current_app.config["PUBLIC_BASE_URL"]


def _not_found(what: str) -> NotFound:
    messages = {
        "product": _("There is no product at that address."),
        "producer": _("There is no producer at that address."),
    }
    return NotFound(messages[what], code=f"{what}_not_found")


@operation(
    bp,
    Operation(
        "/products", "Search and filter the catalogue", schemas.ProductList, schemas.ProductQuery, ("catalogue",)
    ),
)
def list_products(query: schemas.ProductQuery) -> schemas.ProductList:
    today = vn_today(utcnow())
    filters = CatalogFilters(
        q=query.q,
        stars=query.stars,
        group=query.group,
        locality=query.locality,
        producer=query.producer,
        sort=query.sort,
        page=query.page,
        per_page=query.per_page,
    )
    page = catalog.search_products(filters, today)
    ratings = ratings_for(p.id for p in page.items)  # one query for the page, apart from the OCOP stars
    lang, base = current_language(), _base()
    return schemas.ProductList(
        items=[serializers.product_summary(p, lang, base, today, ratings.get(p.id)) for p in page.items],
        page=page.page,
        per_page=page.per_page,
        total=page.total,
    )


@operation(
    bp,
    Operation(
        "/products/<slug>",
        "One product, with its certificate and stock",
        schemas.ProductDetail,
        schemas.PageQuery,
        ("catalogue",),
        (404,),
    ),
)
def get_product(slug: str, query: schemas.PageQuery) -> schemas.ProductDetail:
    today = vn_today(utcnow())
    product = catalog.get_product(slug[:200], today)
    if product is None:
        raise _not_found("product")
    rating = ratings_for([product.id]).get(product.id)
    return serializers.product_detail(product, current_language(), _base(), today, rating)


@operation(
    bp,
    Operation(
        "/producers",
        "Producers: cooperatives, enterprises, households",
        schemas.ProducerList,
        schemas.PageQuery,
        ("producers",),
    ),
)
def list_producers(query: schemas.PageQuery) -> schemas.ProducerList:
    page = producers.list_producers(query.page, query.per_page)
    base = _base()
    return schemas.ProducerList(
        items=[serializers.producer_summary(p, base) for p in page.items],
        page=page.page,
        per_page=page.per_page,
        total=page.total,
    )


@operation(
    bp,
    Operation(
        "/producers/<slug>",
        "One producer and its story",
        schemas.ProducerDetail,
        schemas.PageQuery,
        ("producers",),
        (404,),
    ),
)
def get_producer(slug: str, query: schemas.PageQuery) -> schemas.ProducerDetail:
    producer = producers.get_producer(slug[:200])
    if producer is None:
        raise _not_found("producer")
    return serializers.producer_detail(producer, current_language(), _base())


_SUGGESTION_TARGETS = {"product": "web.product", "producer": "web.producer"}


def _kind_labels() -> dict[str, str]:
    return {"product": _("Product"), "producer": _("Producer"), "locality": _("Place")}


@operation(
    bp,
    Operation("/suggest", "Type-ahead for the search box", schemas.SuggestList, schemas.SuggestQuery, ("catalogue",)),
)
def suggest(query: schemas.SuggestQuery) -> schemas.SuggestList:
    """Products, producers and places for what has been typed, from two letters on."""
    base, labels = _base(), _kind_labels()
    # Each kind's address asked of the URL map once per answer, not once per suggestion.
    paths = {kind: links(endpoint, "slug") for kind, endpoint in _SUGGESTION_TARGETS.items()}
    items = []
    for found in suggestions.suggest(query.q, current_language()):
        if found.kind == "locality":
            path = url_for("web.products", locality=found.slug)
        else:
            path = paths[found.kind](found.slug)
        items.append(
            schemas.Suggestion(kind=found.kind, label=found.label, kind_label=labels[found.kind], url=base + path)
        )
    return schemas.SuggestList(items=items)


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(openapi_document("/api/v1", "1.0.0", _base()))
