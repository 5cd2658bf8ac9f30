"""How the order page learns what to show about paying, without knowing the ways to pay.

The payment methods live in `storefront.payments`, which builds on orders (never the other way round). At
start-up it registers one `PanelSource` with the app (`register_payment_panels`); the order page calls
`payment_panel`, inside its unit of work, and includes the template it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from flask import Flask, current_app

from storefront.orders.models import Order

EXTENSION = "storefront.payment_panels"


@dataclass(frozen=True)
class PaymentPanel:
    """One method's part of the order page: its template and the values that template reads."""

    template: str
    values: Mapping[str, Any] = field(default_factory=dict)


class PanelSource(Protocol):
    def __call__(
        self, order: Order, *, now: datetime, returned: bool, sync: bool
    ) -> tuple[Order, PaymentPanel | None]: ...


def register_payment_panels(app: Flask, source: PanelSource) -> None:
    app.extensions[EXTENSION] = source


def payment_panel(order: Order, *, now: datetime, returned: bool, sync: bool) -> tuple[Order, PaymentPanel | None]:
    """The (possibly re-read) order and what to show about paying it; may write (the caller commits).

    `returned`: the buyer has just come back from a payment page. `sync=False`: ask no outside service.
    """
    source: PanelSource | None = current_app.extensions.get(EXTENSION)
    if source is None:
        return order, None
    return source(order, now=now, returned=returned, sync=sync)
