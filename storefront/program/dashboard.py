"""What the dashboard shows for a period: the headline figures against the previous period and the same
period last year, then every table (sales, catalogue, scans) with its chart. A fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from storefront.program.charts import Chart, column_chart, compact_vnd, row_chart
from storefront.program.tables import TABLES, Table
from storefront.sales.definition import month_days
from storefront.sales.periods import Period, change_percent, previous_period, same_period_last_year
from storefront.sales.report import SalesTotals, sales_totals

MAX_DAYS = 3660


@dataclass(frozen=True)
class Figure:
    name: str  # "revenue", "orders", "units"
    now: int
    previous: int
    last_year: int

    @property
    def change_previous(self) -> float | None:
        return change_percent(self.now, self.previous)

    @property
    def change_last_year(self) -> float | None:
        return change_percent(self.now, self.last_year)


@dataclass(frozen=True)
class Section:
    table: Table
    chart: Chart | None


@dataclass(frozen=True)
class Dashboard:
    period: Period
    previous: Period
    last_year: Period
    figures: list[Figure]
    sections: list[Section]


def parse_period(args: Any, today: date) -> tuple[Period, bool]:
    """The period asked for by `from` and `to` (Vietnamese days), or this month so far; and whether the
    asked-for one had to be replaced (unreadable, reversed or too long)."""
    default = Period(today.replace(day=1), today)
    raw_from, raw_to = (args.get("from") or "").strip(), (args.get("to") or "").strip()
    if not raw_from and not raw_to:
        return default, False
    try:
        period = Period(date.fromisoformat(raw_from), date.fromisoformat(raw_to))
    except ValueError:
        return default, True
    if period.date_to < period.date_from or period.days > MAX_DAYS:
        return default, True
    return period, False


def presets(today: date) -> list[tuple[str, Period]]:
    last_month_end = today.replace(day=1) - timedelta(days=1)
    return [
        ("this_month", Period(today.replace(day=1), today)),
        ("last_month", Period(*month_days(last_month_end.year, last_month_end.month))),
        ("this_year", Period(date(today.year, 1, 1), today)),
        ("last_12_months", Period(today - timedelta(days=364), today)),
    ]


def _figures(now: SalesTotals, previous: SalesTotals, last_year: SalesTotals) -> list[Figure]:
    return [
        Figure("revenue", now.revenue_vnd, previous.revenue_vnd, last_year.revenue_vnd),
        Figure("orders", now.orders, previous.orders, last_year.orders),
        Figure("units", now.units, previous.units, last_year.units),
    ]


def _chart(table: Table, lang: str) -> Chart | None:
    if not table.chart:
        return None

    def fmt(value: int) -> str:
        return compact_vnd(value, lang) if table.chart_kind == "vnd" else f"{value:,}".replace(",", ".")

    if table.name in ("sales-month", "scans-day"):
        return column_chart(table.chart, fmt)
    return row_chart(table.chart, fmt)


def build_dashboard(period: Period, today: date, lang: str) -> Dashboard:
    previous, last_year = previous_period(period), same_period_last_year(period)
    figures = _figures(
        sales_totals(period.date_from, period.date_to),
        sales_totals(previous.date_from, previous.date_to),
        sales_totals(last_year.date_from, last_year.date_to),
    )
    sections = []
    for builder in TABLES.values():
        table = builder(period, today, lang)
        sections.append(Section(table, _chart(table, lang)))
    return Dashboard(period, previous, last_year, figures, sections)


def build_table(name: str, period: Period, today: date, lang: str) -> Table | None:
    builder = TABLES.get(name)
    return builder(period, today, lang) if builder else None
