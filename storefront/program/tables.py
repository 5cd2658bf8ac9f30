"""Every table of the dashboard, built once from the reports: the page, its CSV and its XLSX show the
same rows. A table knows its columns (and their kind: text, count, money) and, when it has one, the
numbers its chart draws.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from storefront.sales import catalogue, scans
from storefront.sales.periods import Period, last_twelve_months
from storefront.sales.report import Dimension, sales_report


@dataclass(frozen=True)
class Column:
    title: Any  # a lazy string: rendered in the request's language
    kind: str = "text"  # "text", "count" or "vnd"


@dataclass
class Table:
    name: str
    title: Any
    columns: list[Column]
    rows: list[list[Any]]
    #: (label, value) pairs the chart draws; empty for a table without a chart.
    chart: list[tuple[str, int]] = field(default_factory=list)
    chart_kind: str = "vnd"
    #: For the localities: the index of the column that groups rows (the province).
    group_column: int | None = None
    totals: list[Any] | None = None


LABEL, ORDERS, UNITS, REVENUE = (
    Column(_l("Name")),
    Column(_l("Orders"), "count"),
    Column(_l("Units"), "count"),
    Column(_l("Revenue"), "vnd"),
)

SALES_TITLES = {
    Dimension.MONTH: _l("Revenue by month"),
    Dimension.LOCALITY: _l("Sales by locality"),
    Dimension.PRODUCER: _l("Sales by producer"),
    Dimension.KIND: _l("Sales by producer kind"),
    Dimension.PRODUCT: _l("Sales by product"),
    Dimension.STARS: _l("Sales by stars"),
    Dimension.GROUP: _l("Sales by product group"),
}
FIRST_COLUMN = {
    Dimension.MONTH: _l("Month"),
    Dimension.LOCALITY: _l("Commune or ward"),
    Dimension.PRODUCER: _l("Producer"),
    Dimension.KIND: _l("Producer kind"),
    Dimension.PRODUCT: _l("Product"),
    Dimension.STARS: _l("Stars"),
    Dimension.GROUP: _l("Product group"),
}
CHART_ROWS = 12


def sales_table(by: Dimension, period: Period, today: date, lang: str) -> Table:
    if by == Dimension.MONTH:
        period = last_twelve_months(period.date_to)
    report = sales_report(by, period.date_from, period.date_to, lang=lang)
    columns = [Column(FIRST_COLUMN[by])]
    if by == Dimension.LOCALITY:
        columns.append(Column(_l("Province or city")))
    columns += [ORDERS, UNITS, REVENUE]
    rows = [
        [r.label, *([r.parent] if by == Dimension.LOCALITY else []), r.orders, r.units, r.revenue_vnd]
        for r in report.rows
    ]
    totals = [_l("Total"), *([""] if by == Dimension.LOCALITY else []), *_totals(report)]
    chart = [(r.label, r.revenue_vnd) for r in report.rows[: CHART_ROWS if by != Dimension.MONTH else None]]
    return Table(
        f"sales-{by.value}",
        SALES_TITLES[by],
        columns,
        rows,
        chart,
        group_column=1 if by == Dimension.LOCALITY else None,
        totals=totals,
    )


def _totals(report: Any) -> list[int]:
    return [report.totals.orders, report.totals.units, report.totals.revenue_vnd]


CATALOGUE_TITLES = {
    "stars": (_l("Catalogue by stars"), _l("Stars")),
    "group": (_l("Catalogue by product group"), _l("Product group")),
    "locality": (_l("Catalogue by locality"), _l("Commune or ward")),
    "kind": (_l("Catalogue by producer kind"), _l("Producer kind")),
}


def catalogue_table(view: str, period: Period, today: date, lang: str) -> Table:
    title, first = CATALOGUE_TITLES[view]
    found = catalogue.catalogue_by(view, today, lang=lang)
    columns = [Column(first)]
    if view == "locality":
        columns.append(Column(_l("Province or city")))
    columns += [Column(_l("Products"), "count"), Column(_l("On sale"), "count")]
    rows = [[r.label, *([r.parent] if view == "locality" else []), r.products, r.on_sale] for r in found]
    chart = [(r.label, r.products) for r in sorted(found, key=lambda r: -r.products)[:CHART_ROWS]]
    return Table(
        f"catalogue-{view}",
        title,
        columns,
        rows,
        chart,
        "count",
        group_column=1 if view == "locality" else None,
        totals=[
            _l("Total"),
            *([""] if view == "locality" else []),
            sum(r.products for r in found),
            sum(r.on_sale for r in found),
        ],
    )


SCAN_TITLES = {
    "day": (_l("QR scans by day"), _l("Day")),
    "product": (_l("QR scans by product"), _l("Product")),
    "locality": (_l("QR scans by locality"), _l("Commune or ward")),
}


def scans_table(view: str, period: Period, today: date, lang: str) -> Table:
    title, first = SCAN_TITLES[view]
    report = scans.scans_report(view, period.date_from, period.date_to, lang=lang)
    columns = [Column(first)]
    if view == "locality":
        columns.append(Column(_l("Province or city")))
    columns.append(Column(_l("Scans"), "count"))
    rows = [[r.label, *([r.parent] if view == "locality" else []), r.scans] for r in report.rows]
    chart = [(r.label, r.scans) for r in (report.rows if view == "day" else report.rows[:CHART_ROWS])]
    return Table(
        f"scans-{view}",
        title,
        columns,
        rows,
        chart,
        "count",
        group_column=1 if view == "locality" else None,
        totals=[_l("Total"), *([""] if view == "locality" else []), report.total],
    )


def scans_vs_sales_table(period: Period, today: date, lang: str) -> Table:
    found = scans.scans_against_sales(period.date_from, period.date_to, lang=lang)
    columns = [Column(_l("Product")), Column(_l("Scans"), "count"), Column(_l("Units sold"), "count"), ORDERS]
    rows = [[r.label, r.scans, r.units, r.orders] for r in found]
    return Table("scans-vs-sales", _l("QR scans against sales, per product"), columns, rows)


Builder = Callable[[Period, date, str], Table]


def _sales(by: Dimension) -> Builder:
    return lambda period, today, lang: sales_table(by, period, today, lang)


def _catalogue(view: str) -> Builder:
    return lambda period, today, lang: catalogue_table(view, period, today, lang)


def _scans(view: str) -> Builder:
    return lambda period, today, lang: scans_table(view, period, today, lang)


#: Every table by its name (the export URLs use it), in the order the dashboard shows them.
TABLES: dict[str, Builder] = {
    **{f"sales-{by.value}": _sales(by) for by in SALES_TITLES},
    **{f"catalogue-{view}": _catalogue(view) for view in CATALOGUE_TITLES},
    **{f"scans-{view}": _scans(view) for view in SCAN_TITLES},
    "scans-vs-sales": scans_vs_sales_table,
}
