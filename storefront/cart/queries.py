"""The cart's products with today's prices and stock, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from storefront import money
from storefront.cart.cart import MAX_QUANTITY
from storefront.catalog.models import Product
from storefront.extensions import db
from storefront.orders.parcels import Parcel, Sender, group_into_parcels
from storefront.orders.pricing import PricedLine, Quote, ShippingRules, quote


class LineProblem(StrEnum):
    """Why a cart line cannot be bought as it is (templates compare it with the plain strings)."""

    UNAVAILABLE = "unavailable"  # no longer on sale, or not shipped
    SOLD_OUT = "sold_out"
    SHORT = "short"  # fewer left than wanted
    OVER_LIMIT = "over_limit"  # more than one order may hold (MAX_UNITS_PER_PRODUCT)


@dataclass(frozen=True)
class CartLine:
    product: Product
    quantity: int
    problem: LineProblem | None = None
    #: The most units of this product one order may hold (`cart.units_cap`).
    cap: int = MAX_QUANTITY

    @property
    def unit_price_vnd(self) -> int:
        return self.product.price_vnd

    @property
    def line_total_vnd(self) -> int:
        return money.line_total(self.product.price_vnd, self.quantity)

    @property
    def max_quantity(self) -> int:
        """The most the quantity field offers: what is left, within what one order may hold."""
        return max(0, min(self.product.stock, self.cap))


@dataclass(frozen=True)
class CartView:
    lines: list[CartLine]
    quote: Quote
    #: Product ids in the cookie that no longer exist: dropped from the cart on the next write.
    missing: frozenset[int]
    #: The same lines by producer: what each parcel costs to ship and what is left to ship it free.
    parcels: tuple[Parcel[CartLine], ...] = ()

    @property
    def has_problems(self) -> bool:
        return bool(self.missing) or any(line.problem for line in self.lines)

    @property
    def prices(self) -> dict[int, int]:
        return {line.product.id: line.product.price_vnd for line in self.lines}


def load_cart(cart: Mapping[int, int], rules: ShippingRules, *, cap: int = MAX_QUANTITY) -> CartView:
    """The cart's lines with today's products; `cap` is the most units of a product one order may hold
    (a line above it, from an older cookie, is a problem to fix before checkout)."""
    products = (
        db.session.scalars(
            select(Product)
            .where(Product.id.in_(list(cart)))
            .options(joinedload(Product.producer), joinedload(Product.top_group), selectinload(Product.images))
            .order_by(Product.id)
        )
        .unique()
        .all()
        if cart
        else []
    )
    lines = []
    for product in products:
        wanted = cart[product.id]
        problem = None
        if not product.is_published or not product.is_shippable:
            problem = LineProblem.UNAVAILABLE
        elif product.stock <= 0:
            problem = LineProblem.SOLD_OUT
        elif product.stock < wanted:
            problem = LineProblem.SHORT
        elif wanted > cap:
            problem = LineProblem.OVER_LIMIT
        lines.append(CartLine(product, wanted, problem, cap))
    buyable = [
        PricedLine(line.product.producer_id, line.unit_price_vnd, line.quantity) for line in lines if not line.problem
    ]
    found = {p.id for p in products}
    return CartView(
        lines=lines,
        quote=quote(buyable, rules),
        missing=frozenset(pid for pid in cart if pid not in found),
        parcels=tuple(group_into_parcels(lines, sender=_sender, goods=_goods, rules=rules)),
    )


def _sender(line: CartLine) -> Sender:
    producer = line.product.producer
    return Sender(key=producer.id, name=producer.name, slug=producer.slug)


def _goods(line: CartLine) -> int | None:
    """What a line adds to its parcel: nothing while it cannot be bought as it is (the quote leaves it out)."""
    return None if line.problem else line.line_total_vnd
