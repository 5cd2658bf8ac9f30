"""A producer's listings as CSV (name, price, stock, GTIN) and back: a plan first, saved only whole.

`plan_import` reads the file and compares every row with the database without writing anything; the
portal shows that plan (every change, every error, by row). `apply_import` saves a plan only if it has
no error at all, in the caller's one transaction, so a file is either saved whole or not at all.
Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) are exported behind a `'` and
refused as names on the way in.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import select

from storefront.auth.models import User
from storefront.catalog import listings as rules
from storefront.catalog.history import ChangedField
from storefront.catalog.models import Product
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.inputs import has_control

COLUMNS = ("id", "name", "price_vnd", "stock", "gtin")
MAX_ROWS = 2000
#: The file travels again in the confirmation form, whose fields Werkzeug caps at 500 kB.
MAX_BYTES = 400_000
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_WHOLE = re.compile(r"\d+")
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")


class ImportRefused(DomainError):
    code = "import_refused"


def _cell(value: str) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def export_csv(products: list[Product]) -> str:
    """UTF-8 with a BOM, so spreadsheet programs read the Vietnamese letters right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for p in products:
        writer.writerow([p.id, _cell(p.name_vi), p.price_vnd, p.stock, p.gtin or ""])
    return "\ufeff" + out.getvalue()


@dataclass
class RowPlan:
    number: int
    product_id: int | None
    name: str
    changes: dict[str, tuple[object, object]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    text: str

    @property
    def errors(self) -> int:
        return sum(len(row.errors) for row in self.rows)

    @property
    def changed_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if row.changes]

    @property
    def digest(self) -> str:
        """Names what the producer saw in the preview; applying a different plan is refused."""
        seen = [(r.product_id, sorted((k, repr(v)) for k, v in r.changes.items())) for r in self.rows]
        return hashlib.sha256(repr(seen).encode()).hexdigest()[:32]


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is too large (at most 400 kB, about 2,000 rows)."), code="csv_too_large")
    if b"\x00" in data:
        raise ImportRefused(_not_csv(), code="not_csv")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(_not_csv(), code="not_csv") from exc


def _not_csv() -> str:
    return _("This is not a CSV text file (UTF-8). Export one from the portal, edit it and send it back.")


def _amount(raw: str) -> int | None:
    text = raw.strip().replace(" ", "").replace("\u00a0", "").removesuffix("₫").removesuffix("đ")
    if _WHOLE.fullmatch(text):
        return int(text)
    if _GROUPED.fullmatch(text):
        return int(re.sub(r"[.,]", "", text))
    return None


def plan_import(text: str, producer_id: int) -> ImportPlan:
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ImportRefused(_not_csv(), code="not_csv") from exc
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        raise ImportRefused(_("The file is empty."), code="csv_empty")
    header = [cell.strip().lower() for cell in records[0]]
    if header[: len(COLUMNS)] != list(COLUMNS):
        raise ImportRefused(
            _("The first line must be the column names: %(columns)s.", columns=",".join(COLUMNS)), code="csv_header"
        )
    if len(records) - 1 > MAX_ROWS:
        raise ImportRefused(_("Too many rows: at most %(max)s at a time.", max=MAX_ROWS), code="csv_too_many_rows")
    mine = {p.id: p for p in db.session.scalars(select(Product).where(Product.producer_id == producer_id))}
    rows: list[RowPlan] = []
    seen_ids: set[int] = set()
    seen_gtins: dict[str, int] = {}
    for number, record in enumerate(records[1:], start=2):
        rows.append(_plan_row(number, record, mine, seen_ids, seen_gtins))
    return ImportPlan(rows=rows, text=text)


def _plan_row(
    number: int, record: list[str], mine: dict[int, Product], seen_ids: set[int], seen_gtins: dict[str, int]
) -> RowPlan:
    cells = [*record, "", "", "", "", ""][: len(COLUMNS)]
    raw_id, name, raw_price, raw_stock, raw_gtin = (cell.strip() for cell in cells)
    name = name[1:] if name.startswith("'") and name[1:].startswith(_FORMULA) else name
    row = RowPlan(number=number, product_id=None, name=name)
    product = mine.get(int(raw_id)) if _WHOLE.fullmatch(raw_id) and len(raw_id) < 12 else None
    if product is None:
        row.errors.append(_("No product of yours has the id “%(id)s”.", id=raw_id[:20]))
        return row
    row.product_id = product.id
    if product.id in seen_ids:
        row.errors.append(_("This product is already on an earlier row."))
    seen_ids.add(product.id)

    if not name:
        row.errors.append(_("The name is empty."))
    elif has_control(name):
        row.errors.append(_("Please remove the invisible control characters."))
    elif name.startswith(_FORMULA):
        row.errors.append(_("A name may not begin with =, +, - or @."))
    elif len(name) > 200:
        row.errors.append(_("The name is too long (at most 200 characters)."))
    elif name != product.name_vi:
        row.changes["name"] = (product.name_vi, name)

    price = _amount(raw_price)
    if price is None or price <= 0 or price > rules.MAX_PRICE_VND:
        row.errors.append(
            _("The price “%(value)s” is not a whole number of đồng from 1 to 99,999,999.", value=raw_price[:20])
        )
    elif price != product.price_vnd:
        row.changes["price_vnd"] = (product.price_vnd, price)

    stock = int(raw_stock) if _WHOLE.fullmatch(raw_stock) and len(raw_stock) < 9 else None
    if stock is None or stock > rules.MAX_STOCK:
        row.errors.append(_("The stock “%(value)s” is not a whole number from 0 to 1,000,000.", value=raw_stock[:20]))
    elif stock != product.stock:
        row.changes["stock"] = (product.stock, stock)

    gtin = "".join(raw_gtin.split())
    if gtin != (product.gtin or ""):
        try:
            checked = rules.check_gtin(gtin, product_id=product.id)
        except DomainError as error:
            row.errors.append(error.message)
        else:
            if checked and checked in seen_gtins:
                row.errors.append(_("This GTIN is already on row %(row)s.", row=seen_gtins[checked]))
            row.changes["gtin"] = (product.gtin or "", checked or "")
    if gtin:
        seen_gtins.setdefault(gtin, number)
    return row


def apply_import(plan: ImportPlan, producer_id: int, *, actor: User, now: datetime) -> int:
    """Save every change of an error-free plan; returns how many products changed."""
    if plan.errors:
        raise ImportRefused(_("Nothing was saved: please correct the rows with errors first."), code="csv_has_errors")
    changed = 0
    for row in plan.changed_rows:
        product = db.session.get(Product, row.product_id)
        if product is None or product.producer_id != producer_id:  # planned for this producer; checked again
            raise ImportRefused(_("Nothing was saved: the file changed meanwhile."), code="csv_changed")
        if "name" in row.changes:
            product.name_vi = str(row.changes["name"][1])
        if "gtin" in row.changes:
            product.gtin = str(row.changes["gtin"][1]) or None
        if "price_vnd" in row.changes:
            new_price = cast(int, row.changes["price_vnd"][1])  # planned as an int (_plan_row)
            rules.record_change(
                product, ChangedField.PRICE, product.price_vnd, new_price, actor=actor, now=now, reason="CSV"
            )
            product.price_vnd = new_price
        rules.reindex(product)
        if "stock" in row.changes:
            new_stock = cast(int, row.changes["stock"][1])  # planned as an int
            rules.set_stock(product, new_stock, actor=actor, now=now, reason="CSV")
        changed += 1
    db.session.flush()
    return changed
