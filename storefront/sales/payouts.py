"""What the shop owes each producer for a month, and the payouts marked sent.

Owed is the producer's statement for the month (`statement.owed_by_producer`: sold less refunds). Marking
a payout sent records that amount with the bank's reference, once per producer and month; a refund
arriving after that shows as a difference between what is owed now and what was sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError

from storefront import money
from storefront.auth.models import User
from storefront.errors import Conflict, DomainError, NotFound
from storefront.extensions import db
from storefront.producers.models import Producer
from storefront.sales.definition import sale_lines, vn_month
from storefront.sales.models import Payout
from storefront.sales.statement import Owed, owed_by_producer


@dataclass(frozen=True)
class PayoutRow:
    producer: Producer
    sold_vnd: int
    refunded_vnd: int
    owed_vnd: int
    payout: Payout | None

    @property
    def difference_vnd(self) -> int:
        """What is owed now beyond what was sent (negative: more was sent than is owed now)."""
        return money.subtract(self.owed_vnd, self.payout.amount_vnd) if self.payout else self.owed_vnd


def month_payouts(year: int, month: int) -> list[PayoutRow]:
    """Every producer with sales, refunds or a payout in the month, by name (three queries)."""
    owed = owed_by_producer(year, month)
    sent = {
        p.producer_id: p for p in db.session.scalars(select(Payout).where(Payout.year == year, Payout.month == month))
    }
    ids = set(owed) | set(sent)
    producers = db.session.scalars(select(Producer).where(Producer.id.in_(ids)).order_by(Producer.name)).all()
    rows = []
    for producer in producers:
        due = owed.get(producer.id) or Owed(producer.id, 0, 0, 0, 0)
        rows.append(PayoutRow(producer, due.sold_vnd, due.refunded_vnd, due.owed_vnd, sent.get(producer.id)))
    return rows


def mark_payout_sent(producer_id: int, year: int, month: int, *, reference: str, actor: User, now: datetime) -> Payout:
    """Record that the month's amount owed went to the producer by bank transfer `reference`."""
    if db.session.get(Producer, producer_id) is None:
        raise NotFound(_("There is no such producer."), code="producer_not_found")
    if not reference.strip():
        raise DomainError(_("Give the bank transfer's reference."), code="reference_required", field="reference")
    due = owed_by_producer(year, month).get(producer_id)
    if due is None or due.owed_vnd <= 0:
        raise Conflict(_("Nothing is owed to this producer for that month."), code="nothing_owed")
    payout = Payout(
        producer_id=producer_id,
        year=year,
        month=month,
        amount_vnd=due.owed_vnd,
        reference=reference.strip()[:120],
        sent_at=now,
        sent_by_id=actor.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(payout)
            db.session.flush()
    except IntegrityError as error:
        raise Conflict(
            _("This month's payout to this producer is already marked sent."), code="already_sent"
        ) from error
    return payout


@dataclass(frozen=True)
class ProducerMonth:
    """One month of a producer's: what the statement says is owed, and the payout if it was sent."""

    year: int
    month: int
    owed_vnd: int
    payout: Payout | None

    @property
    def difference_vnd(self) -> int:
        """What is owed now beyond what was sent (a refund after the payout makes it negative)."""
        return money.subtract(self.owed_vnd, self.payout.amount_vnd) if self.payout else self.owed_vnd


def producer_months(producer_id: int) -> list[ProducerMonth]:
    """Every month in which the producer sold, had a refund or was paid, newest first (two queries).

    The amount owed is the statement's (sold less refunds, by `sale_lines`), month by Vietnamese month.
    """
    sales = sale_lines(include_refunded=True, producer_id=producer_id)
    month = vn_month(sales.c.sold_at)
    kept = func.sum(case((sales.c.is_refunded, 0), else_=sales.c.revenue_vnd))
    owed = {
        (int(key[:4]), int(key[5:7])): int(amount)
        for key, amount in db.session.execute(select(month, kept).group_by(month)).all()
    }
    sent = {(p.year, p.month): p for p in payouts_for_producer(producer_id)}
    months = sorted(set(owed) | set(sent), reverse=True)
    return [ProducerMonth(year, m, owed.get((year, m), 0), sent.get((year, m))) for year, m in months]


def payouts_for_producer(producer_id: int) -> list[Payout]:
    """The payouts a producer has received, newest month first (for their portal)."""
    return list(
        db.session.scalars(
            select(Payout).where(Payout.producer_id == producer_id).order_by(Payout.year.desc(), Payout.month.desc())
        )
    )
