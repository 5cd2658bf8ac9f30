"""What an account keeps for its shopper: the cart between devices, a delivery address, and the orders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import or_, select

from storefront.auth.models import User
from storefront.cart import cart as carts
from storefront.extensions import db
from storefront.orders.models import Order

#: The account page lists this many orders, newest first.
ORDERS_SHOWN = 50
ADDRESS_KEYS = ("full_name", "phone", "address", "ward_code", "province_code")


def merge_cart_at_login(user: User, guest_cart: Mapping[int, int]) -> carts.Cart:
    """The cart after signing in: the guest's and the account's together (`merge_carts`), kept on both."""
    merged = carts.merge_carts(carts.clean(user.saved_cart or []), guest_cart)
    user.saved_cart = carts.to_data(merged)
    db.session.flush()
    return merged


def keep_cart(user: User, cart: Mapping[int, int]) -> None:
    """Keep the browser's cart with the account (at logout), so it is there again at the next login."""
    user.saved_cart = carts.to_data(cart)
    db.session.flush()


def remember_address(user: User, values: Mapping[str, Any]) -> None:
    """Keep the delivery address checkout starts from (what the shopper last typed or edited)."""
    kept = dict(user.delivery_address or {})
    for key in ADDRESS_KEYS:
        if key in values and values[key] not in (None, ""):
            value = values[key]
            kept[key] = int(value) if key.endswith("_code") else str(value)[:300]
    user.delivery_address = kept or None
    db.session.flush()


def forget_address(user: User) -> None:
    user.delivery_address = None
    db.session.flush()


def account_orders(user: User, limit: int = ORDERS_SHOWN) -> Sequence[Order]:
    """The shopper's orders: placed signed in, or as a guest with the account's address once that address
    is confirmed (an unconfirmed one could be anybody's). One query, however many orders."""
    mine = Order.user_id == user.id
    if user.email_confirmed_at is not None:
        mine = or_(mine, Order.email == user.email)
    return db.session.scalars(
        select(Order).where(mine).order_by(Order.placed_at.desc(), Order.id.desc()).limit(limit)
    ).all()


def checkout_defaults(user: User) -> dict[str, Any]:
    """What checkout's form starts with for a signed-in shopper: the remembered address and the email."""
    values: dict[str, Any] = {"email": user.email}
    values.update({k: v for k, v in (user.delivery_address or {}).items() if k in ADDRESS_KEYS})
    return values


def after_order(user: User, order: Order) -> None:
    """A signed-in shopper placed `order`: its address is remembered and the account's cart emptied (the
    browser's went into the order)."""
    remember_address(
        user,
        {
            "full_name": order.full_name,
            "phone": order.phone,
            "address": order.address,
            "ward_code": order.ward_code,
            "province_code": order.province_code,
        },
    )
    user.saved_cart = None
    db.session.flush()
