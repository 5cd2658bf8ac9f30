"""The programme office's data feed: sales, QR scans and the anonymised line feed, for officers' tokens.

Every operation needs `Authorization: Bearer <token>` of an officer's API token: none, an unknown or a
revoked token is a 401 (with `WWW-Authenticate: Bearer`); a token whose account is no longer an active
officer is a 403. Rate-limited per client address. The numbers come from `storefront.sales`, so they are
the dashboard's and the statements' numbers.
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from storefront.api import program_schemas as s
from storefront.api.spec import Operation, operation
from storefront.auth.models import ApiToken, Role
from storefront.auth.services import hash_token
from storefront.db import utcnow
from storefront.errors import json_error
from storefront.extensions import db
from storefront.i18n import current_language
from storefront.sales.feed import anonymised_lines
from storefront.sales.report import sales_report
from storefront.sales.scans import scans_report
from storefront.uow import unit_of_work

LIMIT = "60 per minute"
SALE_DEFINITION = (
    "A sale counts once its money is in: card or bank transfer confirmed paid (counted at that moment), cash "
    "on delivery once the parcel is delivered (counted at delivery); cancelled and refunded lines do not "
    "count. `revenue_vnd` is quantity × unit price of the lines, shipping excluded. Days and months are "
    "Vietnam's (UTC+7); `from` and `to` are inclusive Vietnamese days."
)


def officer_token() -> Response | tuple[Response, int] | None:
    """None when the request carries an active officer's token; else the 401 or 403 to answer."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return _refuse(401, "token_required", _("Send an officer's API token: Authorization: Bearer <token>."))
    row = db_token(token)
    if row is None or row.revoked_at is not None:
        return _refuse(401, "invalid_token", _("This API token is not valid or has been revoked."))
    if row.user.role != Role.OFFICER or not row.user.is_active:
        return _refuse(403, "forbidden", _("This token's account may not read the programme's data."))
    # The feed itself only reads; noting when a token was last used is this request's one write.
    with unit_of_work() as session:
        session.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=utcnow()))
    return None


def db_token(token: str) -> ApiToken | None:
    return db.session.scalar(
        select(ApiToken).where(ApiToken.token_sha256 == hash_token(token)).options(joinedload(ApiToken.user))
    )


def _refuse(status: int, code: str, message: str) -> tuple[Response, int]:
    response, status = json_error(code, message, status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="programme"'
    return response, status


def _op(path: str, summary: str, response: type, query: type, description: str) -> Operation:
    return Operation(
        path,
        summary,
        response,
        query,
        ("programme office",),
        (400, 401, 403, 429),
        ("bearer",),
        guard=officer_token,
        limit=LIMIT,
        description=description,
    )


def register(bp: Blueprint) -> None:
    @operation(
        bp, _op("/program/sales", "Sales by month, place, producer...", s.SalesFeed, s.SalesQuery, SALE_DEFINITION)
    )
    def program_sales(query: s.SalesQuery) -> s.SalesFeed:
        report = sales_report(query.by, query.date_from, query.date_to, lang=query.lang or current_language())
        return s.SalesFeed(
            **{"from": query.date_from},
            to=query.date_to,
            by=report.by.value,
            rows=[
                s.SalesRow(
                    key=r.key,
                    label=r.label,
                    orders=r.orders,
                    units=r.units,
                    revenue_vnd=r.revenue_vnd,
                    province=r.parent or None,
                )
                for r in report.rows
            ],
            totals=s.SalesTotals(
                orders=report.totals.orders, units=report.totals.units, revenue_vnd=report.totals.revenue_vnd
            ),
        )

    scans_help = (
        "A scan is a visit through a pack's QR code or GS1 Digital Link by a visitor that is not a known bot; "
        "the same visitor, product and Vietnamese day count once."
    )

    @operation(bp, _op("/program/scans", "QR scans by day, product or locality", s.ScansFeed, s.ScansQuery, scans_help))
    def program_scans(query: s.ScansQuery) -> s.ScansFeed:
        report = scans_report(query.by, query.date_from, query.date_to, lang=query.lang or current_language())
        return s.ScansFeed(
            **{"from": query.date_from},
            to=query.date_to,
            by=report.by.value,
            rows=[s.ScanRow(key=r.key, label=r.label, scans=r.scans, province=r.parent or None) for r in report.rows],
            totals=s.ScanTotals(scans=report.total),
        )

    lines_help = (
        "Every sale line (as defined for /program/sales), oldest first, for the national OCOP system: the day, "
        "product, producer, locality, stars, quantity and unit price. Nothing about the buyer."
    )

    @operation(bp, _op("/program/lines", "The anonymised sale lines", s.LinesFeed, s.LinesQuery, lines_help))
    def program_lines(query: s.LinesQuery) -> s.LinesFeed:
        page = anonymised_lines(
            query.date_from,
            query.date_to,
            page=query.page,
            per_page=query.per_page,
            lang=query.lang or current_language(),
        )
        return s.LinesFeed(
            items=[
                s.FeedLine(
                    date=line.sold_on,
                    product=s.FeedRef(slug=line.product_slug, name=line.product_name),
                    producer=s.FeedProducer(slug=line.producer_slug, name=line.producer_name, kind=line.producer_kind),
                    locality=s.FeedPlace(slug=line.locality_slug, name=line.locality_name, province=line.province_name),
                    stars=line.stars,
                    quantity=line.quantity,
                    unit_price_vnd=line.unit_price_vnd,
                )
                for line in page.items
            ],
            page=page.page,
            per_page=page.per_page,
            total=page.total,
        )
