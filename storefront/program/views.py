"""The dashboard (/program/) and its exports. Officers only (see `blueprint`)."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import gettext as _

from storefront.clock import vn_today
from storefront.db import utcnow
from storefront.i18n import current_language
from storefront.program import exports
from storefront.program.blueprint import bp, export_limit
from storefront.program.dashboard import build_dashboard, build_table, parse_period, presets

EXPORT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# The other pages register on the same blueprint.
from storefront.program import (  # noqa: E402,F401
    certificates_views,
    orders_views,
    payouts_views,
    producers_views,
    tokens_views,
)


@bp.get("/")
def dashboard() -> str:
    today = vn_today(utcnow())
    period, replaced = parse_period(request.args, today)
    view = build_dashboard(period, today, current_language())
    return render_template(
        "program/dashboard.html",
        view=view,
        presets=presets(today),
        period_error=_("That period could not be read; showing this month instead.") if replaced else "",
    )


@bp.get("/export/<name>.<kind>")
@export_limit
def export(name: str, kind: str) -> Response:
    if kind not in EXPORT_TYPES:
        abort(404)
    today = vn_today(utcnow())
    period, _replaced = parse_period(request.args, today)
    table = build_table(name, period, today, current_language())
    if table is None:
        abort(404)
    header = [str(column.title) for column in table.columns]
    rows = [*table.rows, *([table.totals] if table.totals else [])]
    body = exports.to_csv(header, rows) if kind == "csv" else exports.to_xlsx(str(table.title), header, rows)
    filename = f"{name}_{period.date_from.isoformat()}_{period.date_to.isoformat()}.{kind}"
    return Response(
        body,
        mimetype=EXPORT_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
