"""Writing a review from the order page (the order's link is the proof of purchase) and an officer
hiding one; the product page's and the order page's review parts, as template globals."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from storefront.auth.access import officer_required, safe_next
from storefront.cache import remember
from storefront.catalog.models import Product
from storefront.db import utcnow
from storefront.errors import DomainError
from storefront.extensions import db, limiter
from storefront.orders.models import LineStatus, Order
from storefront.orders.queries import order_by_token
from storefront.reviews import services
from storefront.reviews.models import Review
from storefront.reviews.queries import product_page_reviews, reviews_of_order
from storefront.uow import unit_of_work

bp = Blueprint("reviews", __name__)


@bp.post("/orders/<token>/reviews/<int:line_id>")
@limiter.limit("10 per minute")
def write(token: str, line_id: int) -> Any:
    order = order_by_token(token)
    if order is None:
        abort(404)
    try:
        with unit_of_work():
            services.write_review(
                order, line_id, request.form.get("rating"), request.form.get("body", ""), now=utcnow()
            )
    except DomainError as refused:
        if refused.status == 404:
            abort(404)
        flash(refused.message, "error")
    else:
        flash(_("Thank you for your review."), "success")
    return redirect(f"/orders/{token}#review-{line_id}", code=303)


def _review_or_404(review_id: int) -> Review:
    review = db.session.get(Review, review_id)
    if review is None:
        abort(404)
    return review


def _back(review: Review) -> Any:
    slug = db.session.scalar(select(Product.slug).where(Product.id == review.product_id))
    fallback = f"/products/{slug}#reviews" if slug else "/"
    return redirect(safe_next(request.form.get("next"), fallback), code=303)


@bp.post("/reviews/<int:review_id>/hide")
@officer_required
def hide(review_id: int) -> Any:
    review = _review_or_404(review_id)
    with unit_of_work():
        services.hide_review(review, actor=current_user, reason=request.form.get("reason", ""), now=utcnow())
    flash(_("The review is hidden."), "success")
    return _back(review)


@bp.post("/reviews/<int:review_id>/show")
@officer_required
def show(review_id: int) -> Any:
    review = _review_or_404(review_id)
    with unit_of_work():
        services.show_review(review, actor=current_user)
    flash(_("The review is shown again."), "success")
    return _back(review)


def product_reviews(slug: str) -> dict[str, Any]:
    """The product page's reviews as plain data, cached with the page (a review bumps the version)."""

    def build() -> dict[str, Any]:
        rating, reviews = product_page_reviews(slug)
        shown = [
            {"id": r.id, "rating": r.rating, "body": r.body, "author": r.author_name, "at": r.created_at}
            for r in reviews
        ]
        return {"rating": rating, "reviews": shown}

    return remember(("product-reviews", slug), build)


def order_reviews(order: Order) -> list[dict[str, Any]]:
    """The order page's review forms: each delivered line, with its review if there is one."""
    if not any(line.status == LineStatus.DELIVERED for line in order.lines):
        return []  # nothing to review yet: no query
    now = utcnow()
    existing = reviews_of_order(order)
    rows = []
    for line in order.lines:
        review = existing.get(line.id)
        if review is None and not services.can_review(line, now):
            continue
        rows.append(
            {
                "line": line,
                "review": review,
                "can_write": services.can_edit(review, now) if review is not None else True,
            }
        )
    return rows


def register_template_helpers(app: Flask) -> None:
    """Called by storefront.templating.register_template_helpers."""
    app.jinja_env.globals.update(product_reviews=product_reviews, order_reviews=order_reviews)
