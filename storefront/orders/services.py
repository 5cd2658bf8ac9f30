"""Placing an order: one transaction, snapshots of the lines, totals from the database, stock never oversold.

Services add and flush; the caller's unit of work (`storefront.uow`) commits once, and rolls back on any
DomainError (stock taken before a refusal is given back by that rollback). The life of an order after it is placed is in `lifecycle`,
re-exported here so callers have one module to import.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from storefront import money
from storefront.catalog.models import Product
from storefront.errors import Conflict, DomainError, OutOfStock, QuantityLimit
from storefront.extensions import db
from storefront.i18n import localized
from storefront.notify.services import queue_message, queue_producer_notices
from storefront.orders import stock
from storefront.orders.lifecycle import (  # noqa: F401  the public surface of the order's life
    cancel_order,
    confirm_order,
    expire_order,
    expire_unpaid_orders,
    flag_for_attention,
    mark_delivered,
    mark_paid,
    mark_refunded,
    mark_shipped,
    release_stock,
)
from storefront.orders.models import Order, OrderEvent, OrderLine, PaymentMethod
from storefront.orders.pricing import PricedLine, ShippingRules, quote
from storefront.orders.queries import order_by_submission_key
from storefront.orders.status import initial_status

#: Crockford's alphabet: no I, L, O or U, so a reference read out on the phone is not misheard.
_REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class PriceChanged(Conflict):
    """A price moved between the quote the buyer saw and now: show `prices` and ask again."""

    code = "price_changed"

    def __init__(self, message: str, prices: dict[int, int]) -> None:
        super().__init__(message)
        self.prices = prices


class CartChanged(Conflict):
    """The form's one-time key already placed an order, for other goods than this cart holds now (the buyer
    went back to an old checkout form after changing the cart): the form must be shown again."""

    code = "cart_changed"


@dataclass(frozen=True)
class BuyerDetails:
    full_name: str
    phone: str
    email: str
    address: str
    ward_code: int
    ward_name: str
    province_code: int
    province_name: str
    note: str = ""
    language: str = "vi"


def new_reference() -> str:
    """`QN` and eight random characters: short enough for a transfer note, unguessable enough not to matter."""
    return "QN" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


def _check_quantity_cap(items: Mapping[int, int], cap: int) -> None:
    over = sorted(pid for pid, qty in items.items() if qty > cap)
    if over:
        product = db.session.get(Product, over[0])
        name = localized(product, "name") if product is not None else ""
        raise QuantityLimit(name, cap)


def _insert_order(order: Order) -> Order | None:
    """Insert inside a savepoint; None when the submission key is already used (the first order exists)."""
    try:
        with db.session.begin_nested():
            db.session.add(order)
            db.session.flush()
    except IntegrityError:
        return None
    return order


def place_order(
    items: Mapping[int, int],
    buyer: BuyerDetails,
    *,
    payment_method: PaymentMethod,
    now: datetime,
    shipping: ShippingRules,
    payment_window: timedelta,
    submission_key: str | None = None,
    confirmed_prices: Mapping[int, int] | None = None,
    user_id: int | None = None,
    actor: str = "guest",
    max_per_product: int | None = None,
    confirm_window: timedelta | None = None,
) -> Order:
    """Place an order for `items` (product id -> quantity) or raise.

    The first write is the order row itself, carrying the form's one-time `submission_key`: a second
    submission of the same form fails its unique constraint and gets the first order back, when it is for
    the same goods; for a cart that changed since, CartChanged (nothing placed, nothing taken). Writing first
    also matters on SQLite, whose deferred transactions cannot turn a read into a write under contention.
    `confirmed_prices` (product id -> the price the buyer was shown) is a confirmation only: a mismatch
    raises PriceChanged with today's prices; what is charged is always read here, from the database.
    Against hoarding: at most `max_per_product` units of a product per order, and a cash-on-delivery
    order nobody confirms within `confirm_window` lets its stock go (`lifecycle.expire_if_overdue`).
    """
    items = {pid: qty for pid, qty in items.items() if qty > 0}
    if not items:
        raise DomainError(_("Your cart is empty."), code="empty_cart")
    if max_per_product is not None:
        _check_quantity_cap(items, max_per_product)

    status = initial_status(payment_method)
    order = Order(
        reference=new_reference(),
        token=secrets.token_urlsafe(32),
        submission_key=submission_key or None,
        status=status,
        payment_method=payment_method,
        user_id=user_id,
        full_name=buyer.full_name,
        phone=buyer.phone,
        email=buyer.email,
        address=buyer.address,
        ward_code=buyer.ward_code,
        ward_name=buyer.ward_name,
        province_code=buyer.province_code,
        province_name=buyer.province_name,
        note=buyer.note,
        language=buyer.language,
        subtotal_vnd=0,  # filled in below, inside this same transaction
        shipping_vnd=0,
        total_vnd=0,
        placed_at=now,
        pay_by=None if payment_method == PaymentMethod.COD else now + payment_window,
        confirm_by=now + confirm_window if payment_method == PaymentMethod.COD and confirm_window else None,
    )
    if _insert_order(order) is None:
        existing = order_by_submission_key(submission_key) if submission_key else None
        if existing is None:
            raise Conflict(_("We could not save your order. Please try again."), code="order_not_saved")
        if {line.product_id: line.quantity for line in existing.lines} != items:
            # The same key for another cart: the first order is not this one, and this cart is not placed.
            raise CartChanged(
                _("Your cart has changed since this form was sent. Please check your order and place it again.")
            )
        return existing

    short = stock.take(items, order_id=order.id, now=now)
    products = {
        p.id: p
        for p in db.session.scalars(
            select(Product)
            .where(Product.id.in_(items))
            .options(joinedload(Product.producer), joinedload(Product.top_group))
            .execution_options(populate_existing=True)
        )
    }
    if short is not None:
        raise _shortfall(products.get(short), items[short])

    if confirmed_prices is not None:
        changed = {pid: p.price_vnd for pid, p in products.items() if confirmed_prices.get(pid) != p.price_vnd}
        if changed:
            raise PriceChanged(
                _("Some prices have changed since you looked. Please check the new prices and place your order again."),
                {pid: p.price_vnd for pid, p in products.items()},
            )
    for product in products.values():
        if not product.is_shippable:
            raise DomainError(
                _("%(name)s is booked with its producer, not shipped.", name=localized(product, "name")),
                code="not_shippable",
            )

    priced = [PricedLine(products[pid].producer_id, products[pid].price_vnd, qty) for pid, qty in sorted(items.items())]
    totals = quote(priced, shipping)
    if totals.total_vnd > money.MAX_ORDER_VND:
        raise DomainError(_("This order is too large to place online. Please contact us."), code="order_too_large")

    for pid, qty in sorted(items.items()):
        product = products[pid]
        order.lines.append(
            OrderLine(
                product_id=product.id,
                producer_id=product.producer_id,
                product_slug=product.slug,
                product_name_vi=product.name_vi,
                product_name_en=product.name_en or product.name_vi,
                unit_vi=product.unit_vi,
                unit_en=product.unit_en or product.unit_vi,
                producer_name=product.producer.name,
                locality_id=product.locality_id,
                stars=product.stars,
                unit_price_vnd=product.price_vnd,
                quantity=qty,
                line_total_vnd=money.line_total(product.price_vnd, qty),
            )
        )
    order.subtotal_vnd, order.shipping_vnd, order.total_vnd = totals.subtotal_vnd, totals.shipping_vnd, totals.total_vnd
    order.events.append(OrderEvent(at=now, actor=actor, from_status=None, to_status=status.value, note=""))
    db.session.flush()
    queue_message(order, "placed", now)
    if payment_method == PaymentMethod.COD:  # the others are the producers' to send once paid (mark_paid)
        queue_producer_notices(order, now)
    return order


def _shortfall(product: Product | None, wanted: int) -> DomainError:
    if product is None or not product.is_published:
        return OutOfStock(_("A product in your cart is no longer sold. Please remove it and try again."))
    if product.stock <= 0:
        return OutOfStock(_("Sorry, %(name)s has just sold out.", name=localized(product, "name")))
    return OutOfStock(
        _(
            "Sorry, only %(left)s of %(name)s left; you asked for %(wanted)s.",
            left=product.stock,
            name=localized(product, "name"),
            wanted=wanted,
        )
    )
