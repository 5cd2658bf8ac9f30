"""A producer's own listings: create, edit, publish, unpublish, set stock. Services add and flush.

Every function takes the producer's id from the caller (the signed-in account), never from a form, and
only the fields of `ListingData`: whatever else a form carries (`producer_id`, `stars`, `status`, the id
of another product) has nowhere to go. Each price and stock change is kept in `ListingChange`; each stock
change is also a `StockMovement`, so the stock still adds up.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from storefront.auth.models import User
from storefront.catalog.history import ChangedField, ListingChange
from storefront.catalog.models import Product, ProductGroup, ProductStatus, stock_values
from storefront.catalog.richtext import MAX_LENGTH, clean_description
from storefront.catalog.services import index_product
from storefront.errors import Conflict, DomainError
from storefront.extensions import db
from storefront.orders.models import StockMovement
from storefront.producers.models import Producer
from storefront.qr.codes import normalize_gtin
from storefront.text import slugify

#: No OCOP pack costs a hundred million đồng; a typo of three extra zeros is caught here.
MAX_PRICE_VND = 99_999_999
MAX_STOCK = 1_000_000


@dataclass(frozen=True)
class ListingData:
    name_vi: str
    name_en: str
    description_vi: str
    description_en: str
    unit_vi: str
    unit_en: str
    price_vnd: int
    stock: int
    group_id: int
    gtin: str = ""


def actor_name(user: User) -> str:
    return f"user:{user.id}"


def check_price(price_vnd: int, field: str = "price_vnd") -> int:
    if isinstance(price_vnd, bool) or not isinstance(price_vnd, int) or price_vnd <= 0:
        raise DomainError(_("The price must be a whole number of đồng above 0."), code="invalid_price", field=field)
    if price_vnd > MAX_PRICE_VND:
        raise DomainError(_("The price is too high (at most 99,999,999 ₫)."), code="price_too_high", field=field)
    return price_vnd


def check_stock(stock: int, field: str = "stock") -> int:
    if isinstance(stock, bool) or not isinstance(stock, int) or stock < 0:
        raise DomainError(_("Stock must be a whole number, 0 or more."), code="invalid_stock", field=field)
    if stock > MAX_STOCK:
        raise DomainError(_("Stock is too high (at most 1,000,000)."), code="stock_too_high", field=field)
    return stock


def check_gtin(raw: str, *, product_id: int | None, field: str = "gtin") -> str | None:
    """The GTIN as typed (digits only) when its check digit is right and no other product has it."""
    digits = "".join((raw or "").split())
    if not digits:
        return None
    normalized = normalize_gtin(digits)
    if normalized is None:
        raise DomainError(
            _("This is not a valid GTIN: 8, 12, 13 or 14 digits with a correct check digit."),
            code="invalid_gtin",
            field=field,
        )
    same = {normalized, normalized.lstrip("0"), normalized[1:], digits}
    taken = db.session.scalar(select(Product.id).where(Product.gtin.in_(same), Product.id != (product_id or 0)))
    if taken is not None:
        raise Conflict(_("Another product already has this GTIN."), code="gtin_taken", field=field)
    return digits


def _check_text(data: ListingData) -> None:
    if not data.name_vi.strip():
        raise DomainError(_("Please give the product's name in Vietnamese."), code="name_required", field="name_vi")
    for name in ("description_vi", "description_en"):
        if len(getattr(data, name)) > MAX_LENGTH:
            raise DomainError(_("The description is too long."), code="description_too_long", field=name)


def _group(group_id: int) -> ProductGroup:
    group = db.session.get(ProductGroup, group_id)
    if group is None:
        raise DomainError(_("Please choose a product group."), code="invalid_group", field="group_id")
    return group


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "san-pham")[:140]
    slug = base
    while db.session.scalar(select(Product.id).where(Product.slug == slug)) is not None:
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


def _new_qr_code() -> str:
    while True:
        code = base64.b32encode(secrets.token_bytes(5)).decode()
        if db.session.scalar(select(Product.id).where(Product.qr_code == code)) is None:
            return code


def record_change(
    product: Product, field: ChangedField, old: int, new: int, *, actor: User, now: datetime, reason: str
) -> None:
    db.session.add(
        ListingChange(
            product_id=product.id,
            user_id=actor.id,
            actor=actor_name(actor),
            field=field,
            old_value=old,
            new_value=new,
            reason=reason[:200],
            at=now,
        )
    )


def create_listing(producer: Producer, data: ListingData, *, actor: User, now: datetime) -> Product:
    """A new draft of `producer`'s, not in the shop until published."""
    _check_text(data)
    group = _group(data.group_id)
    product = Product(
        slug=_unique_slug(data.name_vi),
        qr_code=_new_qr_code(),
        producer=producer,
        locality_id=producer.locality_id,
        locality=producer.locality,
        group=group,
        top_group=group.parent or group,
        status=ProductStatus.DRAFT,
        name_vi=data.name_vi.strip(),
        name_en=data.name_en.strip(),
        description_vi=clean_description(data.description_vi),
        description_en=clean_description(data.description_en),
        unit_vi=data.unit_vi.strip(),
        unit_en=data.unit_en.strip(),
        price_vnd=check_price(data.price_vnd),
        stock=check_stock(data.stock),
        gtin=check_gtin(data.gtin, product_id=None),
        created_at=now,
    )
    db.session.add(product)
    index_product(product)
    db.session.flush()
    record_change(product, ChangedField.PRICE, 0, product.price_vnd, actor=actor, now=now, reason="created")
    if product.stock:
        db.session.add(StockMovement(product_id=product.id, delta=product.stock, reason="restock", at=now))
        record_change(product, ChangedField.STOCK, 0, product.stock, actor=actor, now=now, reason="created")
    db.session.flush()
    return product


def update_listing(product: Product, data: ListingData, *, actor: User, now: datetime) -> Product:
    _check_text(data)
    group = _group(data.group_id)
    price = check_price(data.price_vnd)
    gtin = check_gtin(data.gtin, product_id=product.id)
    check_stock(data.stock)
    if price != product.price_vnd:
        record_change(product, ChangedField.PRICE, product.price_vnd, price, actor=actor, now=now, reason="edit")
        product.price_vnd = price
    product.name_vi, product.name_en = data.name_vi.strip(), data.name_en.strip()
    product.description_vi = clean_description(data.description_vi)
    product.description_en = clean_description(data.description_en)
    product.unit_vi, product.unit_en = data.unit_vi.strip(), data.unit_en.strip()
    product.group, product.top_group = group, group.parent or group
    product.gtin = gtin
    index_product(product)
    db.session.flush()
    set_stock(product, data.stock, actor=actor, now=now, reason="edit")
    return product


def set_stock(product: Product, stock: int, *, actor: User, now: datetime, reason: str) -> bool:
    """Make the stock `stock`; False when it already was. Reads and writes in one statement, so a sale
    made meanwhile is not overwritten with a stale figure: the delta is computed from the row itself."""
    check_stock(stock)
    db.session.flush()
    old = db.session.scalar(select(Product.stock).where(Product.id == product.id).with_for_update())
    if old is None or old == stock:
        return False
    return adjust_stock(product, stock - old, actor=actor, now=now, reason=reason, expected=old)


def adjust_stock(
    product: Product, delta: int, *, actor: User, now: datetime, reason: str, expected: int | None = None
) -> bool:
    """Add `delta` (negative to remove) units, never below zero or above the limit."""
    if delta == 0:
        return False
    db.session.flush()
    condition = [Product.id == product.id, Product.stock + delta >= 0, Product.stock + delta <= MAX_STOCK]
    if expected is not None:
        condition.append(Product.stock == expected)
    result = db.session.execute(
        update(Product)
        .where(*condition)
        .values(stock_values(Product.stock + delta))
        .returning(Product.stock)
        .execution_options(synchronize_session=False)
    )
    new = result.scalar()
    if new is None:
        db.session.refresh(product)
        raise Conflict(
            _("Stock cannot go below 0 (there are %(stock)s now).", stock=product.stock),
            code="stock_conflict",
            field="stock",
        )
    old = new - delta
    db.session.refresh(product, ["stock", "has_stock"])
    db.session.add(StockMovement(product_id=product.id, delta=delta, reason="adjustment", at=now))
    record_change(product, ChangedField.STOCK, old, new, actor=actor, now=now, reason=reason)
    db.session.flush()
    return True


def reindex(product: Product) -> None:
    index_product(product)
    db.session.flush()


class ListingsHidden(Conflict):
    """The programme office took the producer's listings out of the shop: only the office shows them again."""

    code = "listings_hidden"


def publish(product: Product, *, now: datetime) -> None:
    producer = db.session.get(Producer, product.producer_id)
    if producer is not None and producer.listings_hidden_at is not None:
        raise ListingsHidden(
            _(
                "The programme office has taken your listings out of the shop, so this product cannot be "
                "published now. Please contact the programme office."
            )
        )
    if product.price_vnd <= 0 or not product.name_vi.strip():
        raise DomainError(_("A product needs a name and a price before it is published."), code="incomplete")
    product.status = ProductStatus.PUBLISHED
    db.session.flush()


def unpublish(product: Product, *, now: datetime) -> None:
    product.status = ProductStatus.DRAFT
    db.session.flush()


def history(product_id: int, limit: int = 50) -> list[ListingChange]:
    return list(
        db.session.scalars(
            select(ListingChange)
            .where(ListingChange.product_id == product_id)
            .order_by(ListingChange.at.desc(), ListingChange.id.desc())
            .limit(limit)
        )
    )
