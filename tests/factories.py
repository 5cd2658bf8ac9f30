"""Typed factories for the whole suite: `make_product(**overrides)` and friends, each adding to the session
and flushing; `build_shop()` for a small Quảng Ninh catalogue; `make_order(...)` to place an order in one call.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from storefront.auth.models import Role, User
from storefront.catalog.models import Certificate, IssuerLevel, Product, ProductGroup, ProductImage, ProductStatus
from storefront.catalog.services import index_product, refresh_stars
from storefront.catalog.stars import expiry_for
from storefront.extensions import db
from storefront.orders.models import LineStatus, Order, OrderLine, OrderStatus, PaymentMethod
from storefront.orders.pricing import ShippingRules
from storefront.orders.services import BuyerDetails, place_order
from storefront.places.models import Locality
from storefront.producers.models import Producer, ProducerKind
from storefront.qr.models import Batch
from storefront.sales.definition import record_sale_moments

#: The day the catalogue tests and pages run on (`fixed_today` in tests/web).
TODAY = date(2026, 6, 1)
#: When the order tests place their orders, and the shop's rules then.
NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
RULES = ShippingRules(fee_vnd=30_000, free_threshold_vnd=500_000)
WINDOW = timedelta(minutes=30)

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_locality(**overrides: Any) -> Locality:
    n = _n()
    values: dict[str, Any] = {
        "slug": f"xa-thu-{n}",
        "name": f"Xã Thử {n}",
        "province_code": 22,
        "province_name": "Quảng Ninh",
        "former_district": None,
    }
    values.update(overrides)
    locality = Locality(**values)
    db.session.add(locality)
    db.session.flush()
    return locality


def make_group(**overrides: Any) -> ProductGroup:
    n = _n()
    values: dict[str, Any] = {
        "code": f"9.{n}",
        "slug": f"nhom-{n}",
        "name_vi": f"Nhóm {n}",
        "name_en": f"Group {n}",
        "is_shippable": True,
    }
    values.update(overrides)
    group = ProductGroup(**values)
    db.session.add(group)
    db.session.flush()
    return group


def make_producer(**overrides: Any) -> Producer:
    n = _n()
    values: dict[str, Any] = {
        "slug": f"htx-thu-{n}",
        "name": f"HTX Thử {n}",
        "kind": ProducerKind.COOPERATIVE,
        "story_vi": "Câu chuyện của hợp tác xã.",
        "story_en": "The cooperative's story.",
        "address": "Thôn 1",
        "phone": "0912345678",
    }
    values.update(overrides)
    if "locality" not in values and "locality_id" not in values:
        values["locality"] = make_locality()
    producer = Producer(**values)
    db.session.add(producer)
    db.session.flush()
    return producer


def make_product(*, stars: int | None = None, today: date | None = None, **overrides: Any) -> Product:
    """A published product; `stars=4` also gives it a valid certificate with that many stars."""
    n = _n()
    values: dict[str, Any] = {
        "slug": f"san-pham-{n}",
        "name_vi": f"Sản phẩm {n}",
        "name_en": f"Product {n}",
        "description_vi": "Mô tả sản phẩm.",
        "description_en": "Product description.",
        "price_vnd": 100_000,
        "unit_vi": "gói 500 g",
        "unit_en": "500 g pack",
        "stock": 10,
        "qr_code": f"T{n:07d}",
        "status": ProductStatus.PUBLISHED,
    }
    values.update(overrides)
    if "producer" not in values and "producer_id" not in values:
        values["producer"] = make_producer()
    if "group" not in values and "group_id" not in values:
        values["group"] = make_group()
    if "top_group" not in values and "top_group_id" not in values:
        group = values["group"]
        values["top_group"] = group.parent or group
    if "locality" not in values and "locality_id" not in values:
        values["locality"] = values["producer"].locality
    product = Product(**values)
    db.session.add(product)
    index_product(product)
    if stars is not None:
        make_certificate(product, stars=stars, today=today)
    db.session.flush()
    return product


_SCORE_FOR_STARS = {3: 60, 4: 80, 5: 95}


def make_certificate(
    product: Product, *, stars: int = 4, decided_on: date | None = None, today: date | None = None, **overrides: Any
) -> Certificate:
    today = today or date.today()
    decided_on = decided_on or today - timedelta(days=100)
    values: dict[str, Any] = {
        "number": f"OCOP-{_n()}",
        "score": _SCORE_FOR_STARS.get(stars, 60),
        "stars": stars,
        "decision_number": f"{_n()}/QĐ-UBND",
        "decided_on": decided_on,
        "expires_on": expiry_for(decided_on),
        "issuer_name": "UBND tỉnh Quảng Ninh",
        "issuer_level": IssuerLevel.PROVINCE,
    }
    values.update(overrides)
    certificate = Certificate(**values)
    product.certificates.append(certificate)
    refresh_stars(product, today)
    db.session.flush()
    return certificate


def make_user(*, role: str = "customer", password: str = "correct horse battery", **overrides: Any) -> User:
    """A user of the given role, its email confirmed (`email_confirmed_at=None` for one that is not);
    a producer user gets a producer of its own unless one is given."""
    n = _n()
    values: dict[str, Any] = {
        "email": f"user{n}@example.com",
        "name": f"User {n}",
        "role": Role(role),
        "email_confirmed_at": NOW,
    }
    if values["role"] is Role.PRODUCER and "producer" not in overrides and "producer_id" not in overrides:
        values["producer"] = make_producer()
    values.update(overrides)
    user = User(**values)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def make_buyer(**overrides: Any) -> BuyerDetails:
    """A buyer's checkout details (a shopper in Hạ Long)."""
    values: dict[str, Any] = {
        "full_name": "Nguyễn Thị Lan",
        "phone": "0912345678",
        "email": "lan@example.com",
        "address": "12 Trần Hưng Đạo",
        "ward_code": 6688,
        "ward_name": "Phường Hạ Long",
        "province_code": 22,
        "province_name": "Quảng Ninh",
        "language": "vi",
    }
    values.update(overrides)
    return BuyerDetails(**values)


def make_order(items: Mapping[int, int], method: PaymentMethod = PaymentMethod.COD, **kwargs: Any) -> Order:
    """An order placed through `place_order` at `NOW`, cash on delivery unless `method` says otherwise."""
    kwargs.setdefault("now", NOW)
    kwargs.setdefault("shipping", RULES)
    kwargs.setdefault("payment_window", WINDOW)
    return place_order(items, kwargs.pop("buyer", None) or make_buyer(), payment_method=method, **kwargs)


# A small Quảng Ninh catalogue for the catalogue and page tests.
@dataclass
class Shop:
    groups: dict[str, ProductGroup] = field(default_factory=dict)
    localities: dict[str, Locality] = field(default_factory=dict)
    producers: dict[str, Producer] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)


def build_shop(today: date = TODAY) -> Shop:
    shop = Shop()
    for code, slug, vi, en, shippable in [
        ("1", "thuc-pham", "Thực phẩm", "Food", True),
        ("2", "do-uong", "Đồ uống", "Beverages", True),
        ("3", "thao-duoc", "Thảo dược", "Herbs and herbal products", True),
        ("4", "thu-cong-my-nghe", "Thủ công mỹ nghệ", "Handicrafts", True),
        ("5", "sinh-vat-canh", "Sinh vật cảnh", "Ornamental plants and animals", True),
        ("6", "dich-vu-du-lich", "Dịch vụ du lịch cộng đồng", "Community and eco-tourism services", False),
    ]:
        shop.groups[slug] = make_group(
            code=code, slug=slug, name_vi=vi, name_en=en, is_shippable=shippable, position=int(code)
        )
    shop.groups["thuy-san"] = make_group(
        code="1.3",
        slug="thuy-san",
        name_vi="Thủy sản chế biến",
        name_en="Processed seafood",
        parent=shop.groups["thuc-pham"],
    )
    for slug, name, former in [
        ("dac-khu-co-to", "Đặc khu Cô Tô", "huyện Cô Tô"),
        ("xa-binh-lieu", "Xã Bình Liêu", "huyện Bình Liêu"),
        ("xa-ba-che", "Xã Ba Chẽ", "huyện Ba Chẽ"),
        ("phuong-ha-long", "Phường Hạ Long", None),
    ]:
        shop.localities[slug] = make_locality(slug=slug, name=name, former_district=former)
    for slug, name, locality in [
        ("htx-thuy-san-co-to", "HTX Thủy sản Cô Tô", "dac-khu-co-to"),
        ("htx-mien-dong-binh-lieu", "HTX Miến dong Bình Liêu", "xa-binh-lieu"),
        ("htx-duoc-lieu-ba-che", "HTX Dược liệu Ba Chẽ", "xa-ba-che"),
        ("cong-ty-cha-muc-ha-long", "Công ty Chả mực Hạ Long", "phuong-ha-long"),
    ]:
        shop.producers[slug] = make_producer(
            slug=slug, name=name, locality=shop.localities[locality], email=f"{slug}@example.com"
        )
    g, p = shop.groups, shop.producers
    day = timedelta(days=1)
    # fmt: off
    rows = [
        # slug, name_vi, name_en, group, producer, price, stars, age in days
        ("muc-kho-co-to", "Mực khô Cô Tô", "Cô Tô dried squid", g["thuy-san"], "htx-thuy-san-co-to", 1_250_000, 5, 10),
        ("mien-dong-binh-lieu", "Miến dong Bình Liêu", "Bình Liêu dong noodles", g["thuc-pham"], "htx-mien-dong-binh-lieu", 95_000, 4, 9),
        ("ba-kich-tim-ba-che", "Ba kích tím Ba Chẽ", "Ba Chẽ purple morinda", g["thao-duoc"], "htx-duoc-lieu-ba-che", 450_000, 4, 8),
        ("ruou-ba-kich", "Rượu ba kích Ba Chẽ", "Ba Chẽ morinda wine", g["do-uong"], "htx-duoc-lieu-ba-che", 320_000, 3, 7),
        ("cha-muc-ha-long", "Chả mực Hạ Long", "Hạ Long squid cakes", g["thuy-san"], "cong-ty-cha-muc-ha-long", 380_000, 5, 6),
        ("muc-mot-nang", "Mực một nắng Cô Tô", "Cô Tô sun-dried squid", g["thuy-san"], "htx-thuy-san-co-to", 890_000, 3, 5),
        ("homestay-co-to", "Homestay làng chài Cô Tô", "Cô Tô fishing village homestay", g["dich-vu-du-lich"], "htx-thuy-san-co-to", 600_000, 3, 4),
        ("duong-phen-dam-ha", "Đường phèn Đầm Hà", "Đầm Hà rock sugar", g["thuc-pham"], "htx-mien-dong-binh-lieu", 60_000, None, 3),
    ]
    # fmt: on
    for slug, vi, en, group, producer, price, stars, age in rows:
        product = make_product(
            slug=slug,
            name_vi=vi,
            name_en=en,
            group=group,
            producer=p[producer],
            price_vnd=price,
            stars=stars,
            today=today,
        )
        product.created_at = product.created_at - age * day
        shop.products[slug] = product
    # A certificate that expired: the product keeps it on record but shows no stars.
    expired = make_product(
        slug="banh-gai-het-han",
        name_vi="Bánh gai Hoành Bồ",
        name_en="Hoành Bồ gai cake",
        group=g["thuc-pham"],
        producer=p["cong-ty-cha-muc-ha-long"],
        price_vnd=50_000,
    )
    make_certificate(expired, stars=4, decided_on=today - timedelta(days=40 * 30), today=today)
    expired.created_at = expired.created_at - 2 * day
    shop.products["banh-gai-het-han"] = expired
    shop.products["nhap"] = make_product(
        slug="san-pham-nhap",
        name_vi="Sản phẩm nháp",
        group=g["thuc-pham"],
        producer=p["htx-thuy-san-co-to"],
        status=ProductStatus.DRAFT,
    )
    return shop


def make_image(product: Product, **overrides: object) -> ProductImage:
    """A picture of `product` (the file itself is not needed unless a test serves it)."""
    position = len(product.images)
    values: dict[str, object] = {
        "path": f"products/{product.slug}-{position}.png",
        "alt_vi": f"Ảnh {product.name_vi}",
        "alt_en": f"Photo of {product.name_en}",
        "width": 800,
        "height": 800,
        "position": position,
    }
    values.update(overrides)
    image = ProductImage(**values)
    product.images.append(image)
    db.session.flush()
    return image


def make_order_in_state(
    lines: Sequence[tuple[Product, int] | tuple[Product, int, dict[str, Any]]],
    *,
    method: PaymentMethod = PaymentMethod.COD,
    status: OrderStatus = OrderStatus.PLACED,
    **overrides: Any,
) -> Order:
    """An order in any state, written as it would stand (no lifecycle, no stock): for reports and lists.

    `lines` are `(product, quantity)` or `(product, quantity, {line overrides})`, e.g.
    `{"status": LineStatus.DELIVERED, "delivered_at": ...}`; order fields (`paid_at`, `placed_at`...) as
    keyword overrides. Lines snapshot the product as checkout does.
    """
    n = _n()
    order_lines = []
    for entry in lines:
        product, quantity = entry[0], entry[1]
        extra: dict[str, Any] = entry[2] if len(entry) > 2 else {}
        values: dict[str, Any] = {
            "product_id": product.id,
            "producer_id": product.producer_id,
            "product_slug": product.slug,
            "product_name_vi": product.name_vi,
            "product_name_en": product.name_en or product.name_vi,
            "unit_vi": product.unit_vi,
            "unit_en": product.unit_en,
            "producer_name": product.producer.name,
            "locality_id": product.locality_id,
            "stars": product.stars,
            "unit_price_vnd": product.price_vnd,
            "quantity": quantity,
            "line_total_vnd": product.price_vnd * quantity,
            "status": LineStatus.PENDING,
        }
        values.update(extra)
        order_lines.append(OrderLine(**values))
    subtotal = sum(line.line_total_vnd for line in order_lines)
    values = {
        "reference": f"QNT{n:07d}",
        "token": f"token-{n:08d}",
        "status": status,
        "payment_method": method,
        "full_name": "Nguyễn Thị Lan",
        "phone": "0912345678",
        "email": f"buyer{n}@example.com",
        "address": "12 Trần Hưng Đạo",
        "ward_code": 6688,
        "ward_name": "Phường Hạ Long",
        "province_code": 22,
        "province_name": "Quảng Ninh",
        "subtotal_vnd": subtotal,
        "shipping_vnd": 0,
        "total_vnd": subtotal,
        "placed_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    values.update(overrides)
    values["total_vnd"] = values["subtotal_vnd"] + values["shipping_vnd"]
    order = Order(**values)
    order.lines = order_lines
    record_sale_moments(order, values.get("paid_at") or values["placed_at"])  # as the lifecycle keeps them
    db.session.add(order)
    db.session.flush()
    return order


def make_batch(product: Product, **overrides: Any) -> Batch:
    """A recorded batch of `product`: lot L<n>, made 10 days ago, best before in a year."""
    today = date.today()
    values: dict[str, Any] = {
        "product_id": product.id,
        "lot": f"L{_n()}",
        "produced_on": today - timedelta(days=10),
        "best_before_on": today + timedelta(days=365),
        "quantity": 500,
    }
    values.update(overrides)
    batch = Batch(**values)
    db.session.add(batch)
    db.session.flush()
    return batch
