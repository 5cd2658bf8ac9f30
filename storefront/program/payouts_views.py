"""Payouts: for a month, what the shop owes each producer (their statement), marked sent with the bank's
reference; the month as a CSV for the bank; a producer's statement line by line."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from storefront.clock import vn_today
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.producers.models import Producer
from storefront.program import exports
from storefront.program.blueprint import bp, export_limit
from storefront.program.forms import PayoutForm
from storefront.sales.payouts import mark_payout_sent, month_payouts
from storefront.sales.statement import producer_statement
from storefront.uow import unit_of_work


def _month(value: str | None) -> tuple[int, int]:
    """`YYYY-MM`, or last month in Vietnam when missing or unreadable."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    last = vn_today(utcnow()).replace(day=1) - timedelta(days=1)
    return last.year, last.month


@bp.get("/payouts")
def payouts() -> str:
    year, month = _month(request.args.get("month"))
    rows = month_payouts(year, month)
    return render_template(
        "program/payouts.html",
        rows=rows,
        year=year,
        month=month,
        form=PayoutForm(formdata=None),
        first=date(year, month, 1),
    )


@bp.post("/payouts/<slug>/<int:year>-<int:month>/sent")
def mark_sent(slug: str, year: int, month: int) -> BaseResponse:
    producer_id = db.session.scalar(select(Producer.id).where(Producer.slug == slug[:120]))
    if producer_id is None or not (1 <= month <= 12 and 2000 <= year <= 2100):
        abort(404)
    form = PayoutForm()
    if not form.validate_on_submit():
        flash(_("Give the bank transfer's reference."), "error")
    else:
        try:
            with unit_of_work():
                mark_payout_sent(
                    producer_id, year, month, reference=form.reference.data or "", actor=current_user, now=utcnow()
                )
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("Payout marked sent."), "success")
    return redirect(url_for("program.payouts", month=f"{year}-{month:02d}"))


@bp.get("/payouts.csv")
@export_limit
def payouts_csv() -> Response:
    year, month = _month(request.args.get("month"))
    header = [
        _("Producer"),
        _("Phone"),
        _("Email"),
        _("Amount (VND)"),
        _("Transfer message"),
        _("Sent"),
        _("Reference"),
    ]
    rows = [
        [
            row.producer.name,
            row.producer.phone,
            row.producer.email,
            row.owed_vnd,
            f"OCOP {month:02d}/{year} {row.producer.slug}"[:60],
            row.payout.sent_at.date().isoformat() if row.payout else "",
            row.payout.reference if row.payout else "",
        ]
        for row in month_payouts(year, month)
        if row.owed_vnd > 0 or row.payout
    ]
    return Response(
        exports.to_csv(header, rows),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="payouts_{year}-{month:02d}.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/payouts/<slug>/<int:year>-<int:month>")
def statement(slug: str, year: int, month: int) -> str:
    producer = db.session.scalar(select(Producer).where(Producer.slug == slug[:120]))
    if producer is None or not (1 <= month <= 12 and 2000 <= year <= 2100):
        abort(404)
    return render_template(
        "program/statement.html", producer=producer, statement=producer_statement(producer.id, year, month)
    )
