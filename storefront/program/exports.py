"""A dashboard table as a CSV (UTF-8 with a BOM, so Excel shows Vietnamese) or an XLSX workbook.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some a tab or carriage return) as a
formula: a producer named `=HYPERLINK(...)` must stay a name. In CSV such a cell gets a leading `'`
(OWASP's advice); in XLSX it is written as a string cell, which is never evaluated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made inert; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(str(h)) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell if isinstance(cell, int | float) else str(cell)) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    # Imported here: openpyxl is ~8 MB of every web worker's memory, for the office's occasional export.
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(title)
    sheet.append([str(h) for h in header])
    for row in rows:
        sheet.append([cell if isinstance(cell, int | float) else str(cell) for cell in row])
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # openpyxl would store "=..." as a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")
    return cleaned[:31] or "Sheet"
