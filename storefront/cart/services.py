"""Rules for changing a cart: the product must be on sale and in stock for the quantity wanted, and a line
holds at most `cap` units (`cart.units_cap`: what one order may hold, so the cart never promises more
than checkout will take)."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from sqlalchemy import select

from storefront.cart import cart as carts
from storefront.catalog.models import Product, ProductStatus
from storefront.errors import DomainError, NotFound, OutOfStock, QuantityLimit
from storefront.extensions import db
from storefront.i18n import localized


def _on_sale(product: Product | None) -> Product:
    if product is None or product.status != ProductStatus.PUBLISHED:
        raise NotFound(_("This product is not on sale."), field="product")
    if not product.is_shippable:
        raise DomainError(_("This is booked with its producer, not bought online."), code="not_shippable")
    return product


def _check_stock(product: Product, quantity: int) -> None:
    if product.stock <= 0:
        raise OutOfStock(_("Sorry, %(name)s is sold out.", name=localized(product, "name")), field="quantity")
    if quantity > product.stock:
        raise OutOfStock(
            _("Only %(left)s of %(name)s left.", left=product.stock, name=localized(product, "name")), field="quantity"
        )


def _check_cap(product: Product, quantity: int, cap: int) -> None:
    if quantity > cap:
        raise QuantityLimit(localized(product, "name"), cap, field="quantity")


def add_to_cart(
    cart: Mapping[int, int], slug: str, raw_quantity: object, *, cap: int = carts.MAX_QUANTITY
) -> tuple[carts.Cart, Product]:
    """The cart with `raw_quantity` more of the product `slug`, or a DomainError saying why not."""
    quantity = carts.parse_quantity(raw_quantity, maximum=cap)
    slug = (slug or "").strip()[:160]
    # A slug with control characters names no product (and PostgreSQL refuses a NUL in a parameter).
    product = (
        db.session.scalars(select(Product).where(Product.slug == slug)).first() if slug.isprintable() and slug else None
    )
    product = _on_sale(product)
    if product.id not in cart and len(cart) >= carts.MAX_LINES:
        raise DomainError(_("Your cart is full. Please check out or remove something first."), code="cart_full")
    wanted = cart.get(product.id, 0) + quantity
    _check_cap(product, wanted, cap)
    _check_stock(product, wanted)
    return carts.add(cart, product.id, quantity), product


def update_line(
    cart: Mapping[int, int], raw_product_id: object, raw_quantity: object, *, cap: int = carts.MAX_QUANTITY
) -> carts.Cart:
    """Set a line's quantity; zero removes it. A product no longer sold can only be removed."""
    try:
        product_id = int(str(raw_product_id))
    except ValueError:
        raise NotFound(_("That product is not in your cart."), field="product") from None
    if product_id not in cart:
        raise NotFound(_("That product is not in your cart."), field="product")
    quantity = carts.parse_quantity(raw_quantity, allow_zero=True, maximum=cap)
    if quantity == 0:
        return carts.remove(cart, product_id)
    product = _on_sale(db.session.get(Product, product_id))
    _check_cap(product, quantity, cap)
    _check_stock(product, quantity)
    return carts.set_quantity(cart, product_id, quantity)
