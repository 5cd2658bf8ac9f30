"""A GS1-Conformant resolver (GS1 Conformant Resolver standard 1.x) for the GTINs of our products.

`/01/<gtin>[/22/<cpv>][/10/<lot>][/21/<serial>]`: GET, HEAD and OPTIONS with CORS; a syntax error is 400; the
default link (the scan page) by a 307 that passes the query string on; the link set for `?linkType=linkset`
(or the deprecated `all`) or an `Accept` of `application/linkset+json`; a `Link` header to the link set on
every answer; `/.well-known/gs1resolver` describes the resolver.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import gettext as _

from storefront.i18n import current_language
from storefront.qr import queries
from storefront.qr.batches import find_batch
from storefront.qr.digital_link import GS1_VOC, DigitalLink, InvalidDigitalLink, link_type_name, parse
from storefront.qr.linkset import product_links
from storefront.qr.views import count_this_scan, scan_limit
from storefront.uow import unit_of_work

bp = Blueprint("gs1", __name__)

METHODS = "GET, HEAD, OPTIONS"
LINKSET_TYPE = "application/linkset+json"
_LINKSET_VALUES = {"linkset", "all"}  # `all` is deprecated since 1.1 and answered the same way


@bp.after_request
def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = METHODS
    response.headers["Access-Control-Allow-Headers"] = "Accept, Accept-Language"
    response.headers["Access-Control-Expose-Headers"] = "Link, Location, Content-Type"
    response.headers["Access-Control-Max-Age"] = "86400"
    response.vary.add("Accept")
    return response


def _options() -> Response:
    return Response(status=204, headers={"Allow": METHODS})


def _absolute(endpoint: str, **values: Any) -> str:
    return current_app.config["PUBLIC_BASE_URL"] + url_for(endpoint, **values)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", LINKSET_TYPE, "application/json"])
    return (
        best in (LINKSET_TYPE, "application/json")
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _link_type() -> str | None:
    # Query keys are matched without regard to case, as GS1's reference resolver does (linkType, linktype).
    raw = next((v for k, v in request.args.items() if k.lower() == "linktype"), None)
    return link_type_name(raw)


def _error(status: int, message: str, code: str) -> Response:
    if _wants_json():
        body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False)
        return Response(body, status=status, mimetype="application/json")
    return Response(render_template("qr/unknown.html", message=message, code=request.path[:60]), status=status)


def _linkset_header(link: DigitalLink) -> str:
    href = current_app.config["PUBLIC_BASE_URL"] + link.path + "?linkType=linkset"
    return f'<{href}>; rel="linkset"; type="{LINKSET_TYPE}"; title="Link set"'


def _with_query(href: str, query: str) -> str:
    """`href` with the request's own query string passed on, before any fragment."""
    if not query:
        return href
    base, hash_, fragment = href.partition("#")
    return base + ("&" if "?" in base else "?") + query + hash_ + fragment


@bp.route("/01/<gtin>", methods=["GET", "OPTIONS"])
@bp.route("/01/<gtin>/", methods=["GET", "OPTIONS"], endpoint="resolve_slash")
@bp.route("/01/<gtin>/<path:rest>", methods=["GET", "OPTIONS"], endpoint="resolve_qualified")
@scan_limit
def resolve(gtin: str, rest: str = "") -> Response:
    if request.method == "OPTIONS":
        return _options()
    try:
        link = parse(gtin[:20], rest[:200], request.args)
    except InvalidDigitalLink:
        return _error(400, _("This is not a valid GS1 Digital Link: check the code's digits."), "bad_digital_link")
    product = queries.product_by_gtin(link.gtin)
    if product is None:
        return _error(404, _("No product in our shop carries this code."), "unknown_gtin")
    language = current_language()
    batch = find_batch(product.id, link.lot)
    links = product_links(
        product,
        anchor=current_app.config["PUBLIC_BASE_URL"] + link.path,
        url=_absolute,
        certificate=queries.current_certificate(product),
        batch=batch,
        lot=batch.lot if batch else link.lot,
        language=language,
    )
    link_type = _link_type()
    if link_type in _LINKSET_VALUES or _wants_json():
        # A link set is read by programs, not a person scanning: never counted.
        asked_plain_json = request.accept_mimetypes.best == "application/json"
        response = Response(
            json.dumps(links.as_linkset(), ensure_ascii=False),
            mimetype="application/json" if asked_plain_json else LINKSET_TYPE,
        )
        response.cache_control.public = True
        response.cache_control.max_age = 300
    else:
        target = links.best(link_type, language)
        with unit_of_work():
            count_this_scan(product, source="gs1", batch_id=batch.id if batch else None)
        response = Response(status=307, headers={"Location": _with_query(target.href, request.query_string.decode())})
        response.headers["Cache-Control"] = "no-store"  # a cached redirect would hide later scans
    response.headers["Link"] = _linkset_header(link)
    response.vary.add("Accept-Language")
    return response


@bp.route("/.well-known/gs1resolver", methods=["GET", "OPTIONS"])
def description() -> Response:
    if request.method == "OPTIONS":
        return _options()
    base = current_app.config["PUBLIC_BASE_URL"]
    body = {
        "name": "OCOP Quảng Ninh storefront resolver",
        "resolverRoot": base,
        "supportedPrimaryKeys": ["01"],
        "supportedLinkType": [{"namespace": GS1_VOC, "prefix": "gs1:"}],
        "linkTypeDefaultCanBeAll": False,
        "supportsLanguageVariants": True,
        "supportsSemanticInterpretation": False,
        "validatesAIcombinations": False,
        "contact": {"fn": "OCOP Quảng Ninh storefront", "url": base + "/"},
        "linkTypes": [
            GS1_VOC + name for name in ("defaultLink", "pip", "certificationInfo", "homepage", "traceability")
        ],
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response
