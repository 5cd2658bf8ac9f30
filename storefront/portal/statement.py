"""The statement: a month's sales line by line (the programme office's definition of a sale), refunds,
and what the shop owes; also as CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

from flask import Response, render_template, request

from storefront.clock import vn_today
from storefront.db import utcnow
from storefront.portal import access
from storefront.portal.views import bp
from storefront.sales.statement import producer_statement

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def chosen_month(raw: str | None, today: date) -> tuple[int, int]:
    """`YYYY-MM` from the query, or this Vietnamese month when it is missing, malformed or in the future."""
    match = _MONTH.fullmatch((raw or "").strip())
    if match:
        year, month = int(match[1]), int(match[2])
        if 2000 <= year <= today.year and 1 <= month <= 12 and (year, month) <= (today.year, today.month):
            return year, month
    return today.year, today.month


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


@bp.get("/statement")
def statement() -> Any:
    today = vn_today(utcnow())
    year, month = chosen_month(request.args.get("month"), today)
    before = _previous(year, month)
    after = None if (year, month) == (today.year, today.month) else (year + (month == 12), month % 12 + 1)
    return render_template(
        "portal/statement.html",
        statement=producer_statement(access.producer_id(), year, month),
        month=f"{year:04d}-{month:02d}",
        before=f"{before[0]:04d}-{before[1]:02d}",
        after=f"{after[0]:04d}-{after[1]:02d}" if after else None,
    )


@bp.get("/statement.csv")
def statement_csv() -> Response:
    year, month = chosen_month(request.args.get("month"), vn_today(utcnow()))
    result = producer_statement(access.producer_id(), year, month)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["sold_on", "order", "product", "quantity", "unit_price_vnd", "amount_vnd", "refunded"])
    for line in result.lines:
        name = line.product_name_vi
        writer.writerow(
            [
                line.sold_on.isoformat(),
                line.order_reference,
                "'" + name if name.startswith(("=", "+", "-", "@")) else name,
                line.quantity,
                line.unit_price_vnd,
                line.revenue_vnd,
                "yes" if line.is_refunded else "",
            ]
        )
    writer.writerow([])
    writer.writerow(["sold_vnd", result.sold_vnd])
    writer.writerow(["refunded_vnd", result.refunded_vnd])
    writer.writerow(["owed_vnd", result.owed_vnd])
    filename = f"sao-ke-{year:04d}-{month:02d}.csv"
    return Response(
        ("\ufeff" + out.getvalue()).encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
