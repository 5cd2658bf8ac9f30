"""The producer's payouts: month by month, what the shop owes them and whether it was sent (and how)."""

from __future__ import annotations

from typing import Any

from flask import render_template

from storefront.clock import vn_today
from storefront.db import utcnow
from storefront.portal import access
from storefront.portal.views import bp
from storefront.sales.payouts import producer_months


@bp.get("/payouts")
def payouts() -> Any:
    today = vn_today(utcnow())
    return render_template(
        "portal/payouts.html",
        months=producer_months(access.producer_id()),
        this_month=(today.year, today.month),
    )
