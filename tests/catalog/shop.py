"""A small Quảng Ninh catalogue for the catalogue and web tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from storefront.catalog.models import Product, ProductGroup, ProductImage, ProductStatus
from storefront.extensions import db
from storefront.places.models import Locality
from storefront.producers.models import Producer
from tests.factories import make_certificate, make_group, make_locality, make_producer, make_product

TODAY = date(2026, 6, 1)


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
    rows = [
        # slug, name_vi, name_en, group, producer, price, stars, age in days
        ("muc-kho-co-to", "Mực khô Cô Tô", "Cô Tô dried squid", g["thuy-san"], "htx-thuy-san-co-to", 1_250_000, 5, 10),
        (
            "mien-dong-binh-lieu",
            "Miến dong Bình Liêu",
            "Bình Liêu dong noodles",
            g["thuc-pham"],
            "htx-mien-dong-binh-lieu",
            95_000,
            4,
            9,
        ),
        (
            "ba-kich-tim-ba-che",
            "Ba kích tím Ba Chẽ",
            "Ba Chẽ purple morinda",
            g["thao-duoc"],
            "htx-duoc-lieu-ba-che",
            450_000,
            4,
            8,
        ),
        (
            "ruou-ba-kich",
            "Rượu ba kích Ba Chẽ",
            "Ba Chẽ morinda wine",
            g["do-uong"],
            "htx-duoc-lieu-ba-che",
            320_000,
            3,
            7,
        ),
        (
            "cha-muc-ha-long",
            "Chả mực Hạ Long",
            "Hạ Long squid cakes",
            g["thuy-san"],
            "cong-ty-cha-muc-ha-long",
            380_000,
            5,
            6,
        ),
        (
            "muc-mot-nang",
            "Mực một nắng Cô Tô",
            "Cô Tô sun-dried squid",
            g["thuy-san"],
            "htx-thuy-san-co-to",
            890_000,
            3,
            5,
        ),
        (
            "homestay-co-to",
            "Homestay làng chài Cô Tô",
            "Cô Tô fishing village homestay",
            g["dich-vu-du-lich"],
            "htx-thuy-san-co-to",
            600_000,
            3,
            4,
        ),
        (
            "duong-phen-dam-ha",
            "Đường phèn Đầm Hà",
            "Đầm Hà rock sugar",
            g["thuc-pham"],
            "htx-mien-dong-binh-lieu",
            60_000,
            None,
            3,
        ),
    ]
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
