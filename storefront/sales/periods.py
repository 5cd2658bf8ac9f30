"""Periods of Vietnamese days and the ones they are compared with. Pure functions, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from storefront.sales.definition import month_days


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def previous_period(period: Period) -> Period:
    """The period of as many days just before; a whole month's is the whole month before."""
    first, last = month_days(period.date_from.year, period.date_from.month)
    if period.date_from == first and period.date_to == last:
        before = first - timedelta(days=1)
        return Period(*month_days(before.year, before.month))
    end = period.date_from - timedelta(days=1)
    return Period(end - timedelta(days=period.days - 1), end)


def same_period_last_year(period: Period) -> Period:
    return Period(_shift_year(period.date_from, -1), _shift_year(period.date_to, -1))


def month_to_date(today: date) -> Period:
    return Period(today.replace(day=1), today)


def last_twelve_months(to: date) -> Period:
    """The twelve calendar months ending with `to`'s month (for the revenue chart)."""
    year, month = (to.year - 1, to.month + 1) if to.month < 12 else (to.year, 1)
    return Period(date(year, month, 1), month_days(to.year, to.month)[1])


def change_percent(now: int, before: int) -> float | None:
    """How much `now` moved against `before`, in percent; None when there was nothing before."""
    if before == 0:
        return None
    return round((now - before) * 100 / before, 1)
