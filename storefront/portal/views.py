"""The portal's blueprint. Every route in it, in this module or the ones imported at the end, is behind
`access.require_producer` and reads only the signed-in producer's rows."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, render_template

from storefront.auth.limits import PORTAL_POST_LIMITS, user_key
from storefront.catalog.pictures import variant
from storefront.catalog.richtext import render_description
from storefront.db import utcnow
from storefront.extensions import limiter
from storefront.portal import access, overview
from storefront.portal import queries as q

bp = Blueprint("portal", __name__, url_prefix="/portal")
bp.before_request(access.require_producer)
#: One budget for every POST of the portal and its QR pages, per account (see auth.limits).
portal_posts = limiter.shared_limit(
    PORTAL_POST_LIMITS, scope="portal-post", key_func=user_key, methods=["POST"], override_defaults=False
)
portal_posts(bp)


def register_template_helpers(app: Flask) -> None:
    """Called by storefront.templating.register_template_helpers."""
    app.jinja_env.globals["picture_variant"] = variant
    # Product pages show what producers write here: the safe subset, cleaned again on the way out.
    app.jinja_env.globals["rich_text"] = render_description


@bp.after_request
def _private(response: Response) -> Response:
    # A producer's figures and buyers' addresses: never in a shared cache or the back-forward cache of
    # a shared phone after logout.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/", endpoint="overview")
def home() -> Any:
    now = utcnow()
    producer_id = access.producer_id()
    data = overview.overview(producer_id, q.products_of(producer_id), now)
    return render_template("portal/overview.html", overview=data, now=now)


# The pages of the portal, each attached to `bp` above.
from storefront.portal import listings, orders, payouts, pictures, statement, stock  # noqa: E402, F401
