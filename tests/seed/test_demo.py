"""`flask seed demo`: what a newcomer browses after `make run`."""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from vietnam_provinces import ProvinceCode, Ward

from storefront.auth.models import Role, User
from storefront.catalog import stars as star_rules
from storefront.catalog.models import (
    Certificate,
    IssuerLevel,
    Product,
    ProductGroup,
    ProductImage,
    ProductStatus,
)
from storefront.clock import vn_today
from storefront.orders.models import (
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    StockMovement,
)
from storefront.places.models import Locality
from storefront.producers.models import Producer, ProducerKind
from storefront.qr.models import QrScan
from storefront.seed import images
from storefront.seed.demo import PRODUCTS
from storefront.text import fold, slugify

MODELS = (
    Locality,
    ProductGroup,
    Producer,
    Product,
    ProductImage,
    Certificate,
    User,
    Order,
    OrderLine,
    OrderEvent,
    QrScan,
    StockMovement,
)


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _products(db) -> list[Product]:
    return list(
        db.session.scalars(
            select(Product).options(
                selectinload(Product.images),
                selectinload(Product.certificates),
                selectinload(Product.top_group),
                selectinload(Product.group),
                selectinload(Product.producer),
                selectinload(Product.locality),
            )
        )
    )


def test_the_command_says_what_it_made(demo) -> None:
    _, _, output = demo
    assert "products" in output and "demo orders" in output and "QR scans" in output


def test_the_catalogue_is_big_and_varied_enough(demo) -> None:
    db, _, _ = demo
    products = [p for p in _products(db) if p.status == ProductStatus.PUBLISHED]
    assert len(products) >= 40
    assert len({p.producer_id for p in products}) >= 12
    assert len({p.locality_id for p in products}) >= 8
    assert {p.top_group.code for p in products} == {"1", "2", "3", "4", "5", "6"}
    assert len({p.group.code for p in products if p.group.parent_id}) >= 10
    kinds = {p.kind for p in db.session.scalars(select(Producer))}
    assert {ProducerKind.COOPERATIVE, ProducerKind.ENTERPRISE, ProducerKind.HOUSEHOLD, ProducerKind.WORKSHOP} <= kinds
    assert any(p.status == ProductStatus.DRAFT for p in _products(db))
    assert sum(1 for p in products if p.stock == 0) >= 2
    assert all(p.top_group.is_shippable == (p.top_group.code != "6") for p in products)


def test_groups_follow_decision_919(demo) -> None:
    db, _, _ = demo
    groups = {g.code: g for g in db.session.scalars(select(ProductGroup))}
    assert groups["1"].name_en == "Food" and groups["2"].name_en == "Beverages"
    assert groups["6"].is_shippable is False and groups["6.1"].is_shippable is False
    for code, group in groups.items():
        if "." in code:
            assert group.parent is groups[code.split(".")[0]]
        else:
            assert group.parent_id is None


@pytest.mark.parametrize(
    ("query", "group"),
    [
        ("muc kho co to", "1"),
        ("mien dong binh lieu", "1"),
        ("ba kich", "3"),
        ("ruou ba kich", "2"),
        ("trung ga tan an", "1"),
        ("cha muc ha long", "1"),
        ("hoanh bo", "5"),
    ],
)
def test_the_named_specialties_are_findable_without_diacritics(demo, query: str, group: str) -> None:
    db, _, _ = demo
    found = [
        p for p in _products(db) if query in f"{p.search_name} {p.search_text}" and p.status == ProductStatus.PUBLISHED
    ]
    assert any(p.top_group.code == group for p in found), [p.slug for p in found]


def test_search_text_is_what_the_catalogue_would_compute(demo) -> None:
    db, _, _ = demo
    for product in _products(db):
        assert fold(product.name_vi) in product.search_name
        assert fold(product.locality.name) in product.search_text
        assert product.search_body == fold(f"{product.description_vi} {product.description_en}")


def test_localities_are_real_quang_ninh_units_with_their_former_district(demo) -> None:
    db, _, _ = demo
    wards = {int(w.code): w.name for w in Ward.iter_by_province(ProvinceCode(22))}
    localities = list(db.session.scalars(select(Locality)))
    assert len(localities) >= 8
    for locality in localities:
        assert wards[locality.ward_code] == locality.name
        assert locality.province_code == 22 and locality.province_name == "Quảng Ninh"
        assert locality.former_district
    names = {loc.name: loc.former_district for loc in localities}
    assert names["Đặc khu Cô Tô"] == "Huyện Cô Tô"
    assert "Hoành Bồ" in names["Phường Hoành Bồ"]


def test_every_product_has_a_picture_that_opens(demo, app) -> None:
    db, _, _ = demo
    media = app.config["MEDIA_ROOT"]
    for product in _products(db):
        assert product.images, product.slug
        image = product.images[0]
        assert image.alt_vi and image.alt_en
        path = os.path.join(media, image.path)
        with Image.open(path) as picture:
            assert picture.size == (image.width, image.height) == (800, 600)
            picture.verify()
    for producer in db.session.scalars(select(Producer)):
        with Image.open(os.path.join(media, producer.logo_path)) as logo:
            logo.verify()


def test_stars_come_from_the_valid_certificate(demo) -> None:
    db, _, _ = demo
    today = vn_today()
    stars: Counter[int | None] = Counter()
    for product in _products(db):
        current = star_rules.current_certificate(product.certificates, today)
        assert product.stars == (current.stars if current else 0), product.slug
        assert product.stars_valid_until == (current.expires_on if current else None)
        stars[product.stars] += 1
    assert stars[3] and stars[4] and stars[5]


def test_an_expired_certificate_shows_no_stars(demo) -> None:
    db, _, _ = demo
    today = vn_today()
    expired_only = [p for p in _products(db) if p.certificates and all(c.expires_on <= today for c in p.certificates)]
    assert expired_only
    assert all(p.stars == 0 and p.stars_valid_until is None for p in expired_only)


def test_certificates_name_the_body_of_their_time(demo) -> None:
    db, _, _ = demo
    certificates = list(db.session.scalars(select(Certificate)))
    assert {c.stars for c in certificates} >= {3, 4, 5}
    for c in certificates:
        assert c.expires_on == star_rules.expiry_for(c.decided_on)
        assert c.stars == star_rules.stars_for_score(c.score)
        assert "/QĐ-" in c.decision_number
        if c.stars == 5:
            assert c.issuer_level == IssuerLevel.CENTRAL and c.issuer_name.startswith("Bộ Nông nghiệp")
        elif c.issuer_level == IssuerLevel.DISTRICT:
            assert c.stars == 3 and c.decided_on < date(2025, 7, 1)
            assert c.issuer_name.startswith("UBND huyện") or c.issuer_name.startswith(("UBND thị xã", "UBND thành phố"))
        else:
            assert c.issuer_level == IssuerLevel.PROVINCE and c.issuer_name == "UBND tỉnh Quảng Ninh"


def test_codes_on_packs_are_valid_and_unique(demo) -> None:
    db, _, _ = demo
    products = _products(db)
    with_gtin = [p.gtin for p in products if p.gtin]
    assert len(with_gtin) >= 5
    for gtin in with_gtin:
        assert len(gtin) == 13 and gtin.startswith("893")
        total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(gtin[:-1])))
        assert int(gtin[-1]) == (10 - total % 10) % 10
    codes = [p.qr_code for p in products]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 8 and c.isascii() and c.isalnum() for c in codes)


def test_prices_are_whole_dong_and_text_is_in_both_languages(demo) -> None:
    db, _, _ = demo
    for product in _products(db):
        assert isinstance(product.price_vnd, int) and 10_000 <= product.price_vnd <= 10_000_000
        assert product.name_vi and product.name_en and product.name_vi != product.name_en
        assert len(product.description_vi) > 40 and len(product.description_en) > 40
        assert product.unit_vi and product.unit_en
    for producer in db.session.scalars(select(Producer)):
        assert len(producer.story_vi) > 80 and len(producer.story_en) > 80
        assert producer.address and producer.phone


def test_the_demo_accounts_log_in_with_the_demo_password(demo) -> None:
    db, _, _ = demo
    users = {u.email: u for u in db.session.scalars(select(User))}
    assert users["officer@example.com"].role == Role.OFFICER
    assert users["shopper@example.com"].role == Role.CUSTOMER
    producer = users["producer@example.com"]
    assert producer.role == Role.PRODUCER
    for email in ("officer@example.com", "producer@example.com", "shopper@example.com"):
        assert users[email].check_password("demo-password")
        assert not users[email].check_password("wrong")
    made_by_them = db.session.scalars(select(Product.name_vi).where(Product.producer_id == producer.producer_id)).all()
    assert any(name.startswith("Mực khô Cô Tô") for name in made_by_them)


def test_a_year_of_sales_adds_up(demo) -> None:
    db, _, _ = demo
    orders = list(db.session.scalars(select(Order).options(selectinload(Order.lines), selectinload(Order.events))))
    assert len(orders) >= 500
    now = datetime.now(UTC)
    months = {(o.placed_at.year, o.placed_at.month) for o in orders}
    assert len(months) >= 12
    assert all(now - timedelta(days=366) <= o.placed_at <= now for o in orders)
    statuses = Counter(o.status for o in orders)
    assert statuses[OrderStatus.DELIVERED] > len(orders) / 2
    assert statuses[OrderStatus.CANCELLED] > 0
    methods = Counter(o.payment_method for o in orders)
    assert methods[PaymentMethod.COD] > methods[PaymentMethod.BANK_TRANSFER] > methods[PaymentMethod.CARD] > 0
    for order in orders:
        assert order.lines and order.events
        assert order.total_vnd == order.subtotal_vnd + order.shipping_vnd
        assert order.subtotal_vnd == sum(line.line_total_vnd for line in order.lines)
        assert all(line.line_total_vnd == line.unit_price_vnd * line.quantity for line in order.lines)
        assert order.events[0].from_status is None and order.events[-1].to_status == order.status.value
        assert order.reference.startswith("OC") and order.reference.isascii() and len(order.reference) == 10
        if order.status == OrderStatus.DELIVERED and order.payment_method != PaymentMethod.COD:
            assert order.paid_at is not None
    assert len({o.token for o in orders}) == len(orders)


def test_demo_sales_leave_stock_as_the_data_says(demo) -> None:
    db, _, _ = demo
    stock = {slugify(p.name_vi): p.stock for p in PRODUCTS}
    for product in db.session.scalars(select(Product)):
        assert product.stock == stock[product.slug]
        moved = db.session.scalar(
            select(func.coalesce(func.sum(StockMovement.delta), 0)).where(StockMovement.product_id == product.id)
        )
        assert moved == product.stock


def test_qr_scans_spread_over_the_year(demo) -> None:
    db, _, _ = demo
    scans = db.session.scalars(select(QrScan)).all()
    assert len(scans) >= 2000
    assert len({(s.scanned_at.year, s.scanned_at.month) for s in scans}) >= 12
    assert {s.language for s in scans} == {"vi", "en"}


def test_running_it_again_changes_nothing(demo) -> None:
    db, runner, _ = demo
    before = {m.__name__: _count(db, m) for m in MODELS}
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    assert "nothing to do" in result.output
    assert {m.__name__: _count(db, m) for m in MODELS} == before


def test_if_empty_skips_a_catalogue_that_has_products(demo) -> None:
    db, runner, _ = demo
    before = {m.__name__: _count(db, m) for m in MODELS}
    result = runner.invoke(args=["seed", "demo", "--if-empty"])
    assert result.exit_code == 0
    assert "already has products" in result.output
    assert {m.__name__: _count(db, m) for m in MODELS} == before


def test_demo_histories_only_take_allowed_steps(demo) -> None:
    from storefront.orders.status import can_move, initial_status

    db, _, _ = demo
    orders = db.session.scalars(select(Order).options(selectinload(Order.events))).all()
    for order in orders:
        first, *rest = order.events
        assert first.to_status == initial_status(order.payment_method).value
        for event in rest:
            assert can_move(OrderStatus(event.from_status), OrderStatus(event.to_status)), (
                order.reference,
                event.to_status,
            )


def test_producer_addresses_leave_the_locality_and_province_to_the_page(demo) -> None:
    db, _, _ = demo
    producers = db.session.scalars(select(Producer).options(selectinload(Producer.locality))).all()
    assert producers
    for producer in producers:
        assert producer.address, producer.slug
        assert producer.locality.name not in producer.address, producer.address
        assert "Quảng Ninh" not in producer.address, producer.address


def test_a_demo_from_an_older_seed_gets_the_new_pictures_and_addresses(demo, app) -> None:
    db, runner, _ = demo
    product = db.session.scalars(select(Product).options(selectinload(Product.images))).first()
    new_path = product.images[0].path
    assert new_path.endswith(f"-v{images.DRAWING_VERSION}-page.webp")
    old_path = f"demo/products/{product.slug}.jpg"
    producer = db.session.scalar(select(Producer).where(Producer.slug == "htx-hai-san-thanh-lan"))
    product.images[0].path = old_path
    producer.address = "Thôn 2, Thanh Lân, Đặc khu Cô Tô, Quảng Ninh"
    db.session.commit()
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(ProductImage, product.images[0].id).path == new_path
    assert os.path.exists(os.path.join(app.config["MEDIA_ROOT"], new_path))
    assert db.session.get(Producer, producer.id).address == "Thôn 2, Thanh Lân"
    assert not db.session.scalar(select(func.count()).select_from(ProductImage).where(ProductImage.path == old_path))
