"""Writing, editing and hiding reviews. Rules only: the caller commits once.

Who may review: whoever holds the order's link (its token is the proof of purchase; no account needed),
for a line that was delivered. One review per line; written within REVIEW_WINDOW of delivery, editable
for EDIT_WINDOW after it was first written. The text is cleaned with nh3 (every tag dropped) and kept as
plain text, so nothing a buyer types can become markup on the product page.
"""

from __future__ import annotations

import html
import unicodedata
from datetime import datetime, timedelta

import nh3
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from storefront.auth.models import Role, User
from storefront.cache import bump_catalog_version
from storefront.errors import DomainError, NotFound
from storefront.extensions import db
from storefront.orders.models import LineStatus, Order, OrderLine
from storefront.reviews.models import Review

REVIEW_WINDOW = timedelta(days=90)
EDIT_WINDOW = timedelta(days=30)
MAX_BODY_LENGTH = 1000


class ReviewRefused(DomainError):
    code = "review_refused"


def author_name(full_name: str) -> str:
    """`Nguyễn Thị Lan` -> `Lan N.`: Vietnamese names put the given name last."""
    words = (full_name or "").split()
    if not words:
        return _("A buyer")
    if len(words) == 1:
        return words[0][:40]
    return f"{words[-1][:40]} {words[0][0]}."


def clean_body(raw: str) -> str:
    """Plain text without markup or control characters, or ReviewRefused when it is too long."""
    text = unicodedata.normalize("NFC", raw or "").replace("\r\n", "\n")
    if len(text) > MAX_BODY_LENGTH:
        raise ReviewRefused(_("Please keep your review under %(n)s characters.", n=MAX_BODY_LENGTH), field="body")
    if any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t" for ch in text):
        raise ReviewRefused(_("Please remove the invisible control characters."), field="body")
    # nh3 drops every tag (and the content of <script> and <style>); what is left is text, unescaped
    # back so that "5 < 6" stays readable: the page escapes it when it shows it.
    return html.unescape(nh3.clean(text, tags=set())).strip()


def parse_rating(raw: object) -> int:
    text = str(raw if raw is not None else "").strip()
    if text not in {"1", "2", "3", "4", "5"}:
        raise ReviewRefused(_("Choose a rating from 1 to 5 stars."), field="rating")
    return int(text)


def review_for_line(line_id: int) -> Review | None:
    return db.session.scalar(select(Review).where(Review.order_line_id == line_id))


def _line_of(order: Order, line_id: int) -> OrderLine:
    for line in order.lines:
        if line.id == line_id:
            return line
    raise NotFound(_("That line is not part of this order."))


def can_review(line: OrderLine, now: datetime) -> bool:
    return (
        line.status == LineStatus.DELIVERED
        and line.product_id is not None
        and line.delivered_at is not None
        and now - line.delivered_at <= REVIEW_WINDOW
    )


def can_edit(review: Review, now: datetime) -> bool:
    return review.hidden_at is None and now - review.created_at <= EDIT_WINDOW


def write_review(order: Order, line_id: int, raw_rating: object, raw_body: str, *, now: datetime) -> Review:
    """Create the review of one delivered line of `order`, or edit it within the edit window."""
    line = _line_of(order, line_id)
    rating, body = parse_rating(raw_rating), clean_body(raw_body)
    existing = review_for_line(line.id)
    if existing is not None:
        if not can_edit(existing, now):
            raise ReviewRefused(_("This review can no longer be changed."), code="review_locked")
        existing.rating, existing.body, existing.updated_at = rating, body, now
        db.session.flush()
        bump_catalog_version()
        return existing
    if not can_review(line, now):
        raise ReviewRefused(_("You can review a product once it has been delivered."), code="not_delivered")
    review = Review(
        order_line_id=line.id,
        order_id=order.id,
        product_id=line.product_id,
        rating=rating,
        body=body,
        author_name=author_name(order.full_name),
        created_at=now,
        updated_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(review)
            db.session.flush()
    except IntegrityError:  # the same form sent twice at once: the first one stands
        raise ReviewRefused(_("This line already has a review."), code="already_reviewed") from None
    bump_catalog_version()
    return review


def hide_review(review: Review, *, actor: User, reason: str, now: datetime) -> None:
    """An officer hides an abusive review: it leaves the product page and the average at once."""
    if actor.role != Role.OFFICER or not actor.is_active:
        raise DomainError(_("Only programme officers can hide reviews."), code="not_officer")
    review.hidden_at, review.hidden_by_id, review.hidden_reason = now, actor.id, (reason or "")[:500]
    db.session.flush()
    bump_catalog_version()


def show_review(review: Review, *, actor: User) -> None:
    if actor.role != Role.OFFICER or not actor.is_active:
        raise DomainError(_("Only programme officers can hide reviews."), code="not_officer")
    review.hidden_at, review.hidden_by_id, review.hidden_reason = None, None, ""
    db.session.flush()
    bump_catalog_version()
