"""Units sold per product, by the one definition of a sale (storefront.sales.definition)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from storefront.extensions import db
from storefront.sales.definition import sale_lines

#: Every sale ever: the definition wants a range.
_BEGINNING = datetime(2000, 1, 1, tzinfo=UTC)
_END = datetime(9999, 1, 1, tzinfo=UTC)


def units_sold(product_id: int) -> int:
    """Units of this product whose money is in (cancelled and refunded lines left out)."""
    sales = sale_lines(_BEGINNING, _END)
    total = db.session.scalar(
        select(func.coalesce(func.sum(sales.c.quantity), 0)).where(sales.c.product_id == product_id)
    )
    return int(total or 0)
