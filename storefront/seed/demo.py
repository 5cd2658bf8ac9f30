"""`seed demo`: the demo catalogue, its pictures, the demo accounts, and a year of sales and scans.

Idempotent by natural keys: a locality, group, producer, product or account that exists (by its slug,
code or email) is left as it is, so running it twice changes nothing and never duplicates. Services add
and flush; the command commits once.
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from vietnam_provinces import Province, ProvinceCode, Ward

from storefront.auth.models import Role, User
from storefront.auth.services import create_user
from storefront.catalog import stars as star_rules
from storefront.catalog.models import (
    IssuerLevel,
    Product,
    ProductGroup,
    ProductImage,
    ProductStatus,
)
from storefront.catalog.services import award_certificate, index_product, refresh_stars
from storefront.clock import vn_today
from storefront.extensions import db
from storefront.orders.models import StockMovement
from storefront.places.models import Locality
from storefront.producers.models import Producer
from storefront.qr.models import Batch
from storefront.seed import images
from storefront.seed.data import places
from storefront.seed.data.producers import DEMO_PRODUCER_SLUG, PRODUCERS, ProducerSeed
from storefront.seed.data.products_food import FOOD_AND_DRINK
from storefront.seed.data.products_more import HERBS_CRAFTS_PLANTS_SERVICES
from storefront.seed.data.types import CertSeed, ProductSeed
from storefront.seed.sales import seed_sales_and_scans
from storefront.text import slugify

#: Every random choice of the demo comes from this seed, so two shops loaded from it look the same.
RANDOM_SEED = 2013  # the year Quảng Ninh started OCOP
DEMO_PASSWORD = "demo-password"  # noqa: S105  the contract publishes it; demo accounts only
PRODUCTS: tuple[ProductSeed, ...] = FOOD_AND_DRINK + HERBS_CRAFTS_PLANTS_SERVICES

#: From this day the commune pre-assesses and the province recognises 3 and 4 stars (Decision 1489/QĐ-TTg).
TWO_LEVEL_REFORM = date(2025, 7, 1)
#: The ministry that signs 5-star recognitions was merged and renamed on this day.
MINISTRY_MERGER = date(2025, 3, 1)

DEMO_ACCOUNTS: tuple[tuple[str, Role, str], ...] = (
    ("officer@example.com", Role.OFFICER, "Nguyễn Thu Hương"),
    ("producer@example.com", Role.PRODUCER, "Phạm Văn Lân"),
    ("shopper@example.com", Role.CUSTOMER, "Trần Minh Anh"),
)


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n

    def summary(self) -> str:
        if not self.created:
            return "nothing to do: the demo data is already there"
        return ", ".join(f"{n} {what}" for what, n in self.created.items())


def qr_code_for(slug: str) -> str:
    """Eight base-32 characters (A-Z, 2-7) from the slug: the same product gets the same printed code."""
    return base64.b32encode(hashlib.sha256(slug.encode()).digest()[:5]).decode()


def gtin13(body12: str) -> str:
    """A GTIN-13 from its first twelve digits and the GS1 mod-10 check digit."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body12)))
    return body12 + str((10 - total % 10) % 10)


def issuer_for(stars: int, decided_on: date, locality: places.LocalitySeed) -> tuple[str, IssuerLevel, str]:
    """Who recognised a certificate of that many stars on that day, and the suffix of its decision number."""
    if stars == 5:
        if decided_on >= MINISTRY_MERGER:
            return places.CENTRAL_COUNCIL, IssuerLevel.CENTRAL, "QĐ-BNNMT"
        return places.CENTRAL_COUNCIL_BEFORE_2025, IssuerLevel.CENTRAL, "QĐ-BNN-KTHT"
    if stars == 3 and decided_on < TWO_LEVEL_REFORM:
        return locality.district_council, IssuerLevel.DISTRICT, "QĐ-UBND"
    return places.PROVINCE_COUNCIL, IssuerLevel.PROVINCE, "QĐ-UBND"


def seed_localities(report: Report) -> dict[str, tuple[Locality, places.LocalitySeed]]:
    wards = {w.name: w for w in Ward.iter_by_province(ProvinceCode(places.QUANG_NINH))}
    province_name = Province.from_code(ProvinceCode(places.QUANG_NINH)).name
    existing = {loc.slug: loc for loc in db.session.scalars(select(Locality))}
    out: dict[str, tuple[Locality, places.LocalitySeed]] = {}
    for seed in places.LOCALITIES:
        ward = wards[seed.name]  # a KeyError here means the data names a place that does not exist
        slug = slugify(seed.name)
        locality = existing.get(slug)
        if locality is None:
            locality = Locality(
                slug=slug,
                name=seed.name,
                ward_code=int(ward.code),
                province_code=places.QUANG_NINH,
                province_name=province_name,
                former_district=seed.former_district,
            )
            db.session.add(locality)
            report.add("localities")
        out[seed.name] = (locality, seed)
    return out


def seed_groups(report: Report) -> dict[str, ProductGroup]:
    groups = {g.code: g for g in db.session.scalars(select(ProductGroup))}
    for position, seed in enumerate(places.GROUPS):
        if seed.code in groups:
            continue
        parent = groups.get(seed.code.split(".")[0]) if "." in seed.code else None
        group = ProductGroup(
            code=seed.code,
            slug=seed.slug,
            name_vi=seed.name_vi,
            name_en=seed.name_en,
            is_shippable=seed.is_shippable,
            position=position,
            parent=parent,
        )
        db.session.add(group)
        groups[seed.code] = group
        report.add("product groups")
    db.session.flush()
    return groups


def seed_producers(
    localities: dict[str, tuple[Locality, places.LocalitySeed]], media_root: str, report: Report
) -> dict[str, Producer]:
    producers = {p.slug: p for p in db.session.scalars(select(Producer))}
    for seed in PRODUCERS:
        logo_path = f"demo/producers/{seed.slug}.png"
        images.ensure_logo(media_root, logo_path, seed.name, seed.slug)
        if seed.slug in producers:
            _drop_repeated_place(producers[seed.slug], seed)
            continue
        producer = Producer(
            slug=seed.slug,
            name=seed.name,
            kind=seed.kind,
            locality=localities[seed.locality][0],
            story_vi=seed.story_vi,
            story_en=seed.story_en,
            address=seed.address,
            phone=seed.phone,
            email=seed.email,
            logo_path=logo_path,
        )
        db.session.add(producer)
        producers[seed.slug] = producer
        report.add("producers")
    db.session.flush()
    return producers


def _drop_repeated_place(producer: Producer, seed: ProducerSeed) -> None:
    """Earlier seeds wrote "street, locality, province" into the address, which the pages already show."""
    if producer.address == f"{seed.address}, {seed.locality}, Quảng Ninh":
        producer.address = seed.address


def _award(product: Product, seed: CertSeed, n: int, locality: places.LocalitySeed, today: date) -> None:
    decided_on = today - timedelta(days=seed.days_ago)
    stars = star_rules.stars_for_score(seed.score)
    issuer, level, suffix = issuer_for(stars, decided_on, locality)
    award_certificate(
        product,
        number=f"{decided_on.year}/OCOP-QN-{n:04d}",
        score=seed.score,
        decision_number=f"{seed.decision_no}/{suffix}",
        decided_on=decided_on,
        issuer_name=issuer,
        issuer_level=level,
        today=today,
    )


def seed_products(
    groups: dict[str, ProductGroup],
    producers: dict[str, Producer],
    localities: dict[str, tuple[Locality, places.LocalitySeed]],
    media_root: str,
    now: datetime,
    rng: random.Random,
    report: Report,
) -> None:
    existing = set(db.session.scalars(select(Product.slug)))
    producer_seeds = {p.slug: p for p in PRODUCERS}
    renames: dict[str, str] = {}
    for n, seed in enumerate(PRODUCTS, start=1):
        slug = slugify(seed.name_vi)
        group = groups[seed.group]
        top = group.parent or group
        picture = images.versioned(f"demo/products/{slug}")
        renames.update({old: picture for old in images.older_versions(f"demo/products/{slug}")})
        width, height = images.ensure_product_picture(
            media_root, picture, seed.name_vi, f"OCOP Quảng Ninh · {group.name_vi}", top.code, seed.motif
        )
        # Drawn from the generator even for existing products, so later choices do not depend on the database.
        age = timedelta(days=rng.randint(5, 700), minutes=rng.randint(0, 1440))
        if slug in existing:
            continue
        producer_seed = producer_seeds[seed.producer]
        producer = producers[seed.producer]
        locality, locality_seed = localities[producer_seed.locality]
        product = Product(
            slug=slug,
            name_vi=seed.name_vi,
            name_en=seed.name_en,
            description_vi=seed.description_vi,
            description_en=seed.description_en,
            price_vnd=seed.price_vnd,
            unit_vi=seed.unit_vi,
            unit_en=seed.unit_en,
            stock=seed.stock,
            gtin=gtin13(f"893{producer_seed.gs1_prefix}{seed.gtin}")
            if seed.gtin and producer_seed.gs1_prefix
            else None,
            qr_code=qr_code_for(slug),
            status=ProductStatus(seed.status),
            producer=producer,
            group=group,
            top_group=top,
            locality=locality,
            created_at=now - age,
            updated_at=now - age,
        )
        product.images.append(
            ProductImage(
                path=picture,
                alt_vi=f"{seed.name_vi} ({seed.unit_vi})",
                alt_en=f"{seed.name_en} ({seed.unit_en})",
                width=width,
                height=height,
                position=0,
            )
        )
        db.session.add(product)
        index_product(product)
        for k, cert in enumerate(seed.certs):
            _award(product, cert, n * 10 + k, locality_seed, vn_today(now))
        refresh_stars(product, vn_today(now))
        if seed.stock:
            # Opening stock as a movement, so sum(delta) explains `stock` from the first day.
            db.session.flush()
            db.session.add(StockMovement(product_id=product.id, delta=seed.stock, reason="restock", at=now - age))
        report.add("products")
    images.repoint_pictures(renames)
    db.session.flush()


def seed_accounts(report: Report) -> dict[Role, User]:
    accounts: dict[Role, User] = {}
    for email, role, name in DEMO_ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            producer_slug = DEMO_PRODUCER_SLUG if role == Role.PRODUCER else None
            user = create_user(email, role, password=DEMO_PASSWORD, producer_slug=producer_slug, name=name)
            report.add("accounts")
        accounts[role] = user
    return accounts


def seed_batches(now: datetime, report: Report) -> None:
    """Two recorded batches of each of the demo producer's goods (lots named by year and month), so a
    batch's code and label can be tried: /q/<code>/L<yymm>."""
    today = vn_today(now)
    goods = db.session.scalars(
        select(Product).join(Producer, Product.producer_id == Producer.id).where(Producer.slug == DEMO_PRODUCER_SLUG)
    ).all()
    have = set(db.session.scalars(select(Batch.product_id).where(Batch.product_id.in_([p.id for p in goods]))))
    for product in goods:
        if product.id in have or not product.top_group.is_shippable:
            continue
        for months_ago in (2, 1):
            produced_on = (today.replace(day=1) - timedelta(days=28 * months_ago)).replace(day=5)
            db.session.add(
                Batch(
                    product_id=product.id,
                    lot=f"L{produced_on:%y%m}",
                    produced_on=produced_on,
                    best_before_on=produced_on + timedelta(days=180),
                    quantity=300,
                )
            )
            report.add("batches")
    db.session.flush()


def has_products() -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Product)))


def seed_demo(*, now: datetime, media_root: str, config: dict[str, int]) -> Report:
    """Load everything the demo needs that is not there yet. `config` carries the shipping fee rules."""
    rng = random.Random(RANDOM_SEED)
    report = Report()
    localities = seed_localities(report)
    groups = seed_groups(report)
    producers = seed_producers(localities, media_root, report)
    seed_products(groups, producers, localities, media_root, now, rng, report)
    accounts = seed_accounts(report)
    seed_batches(now, report)
    demo_slugs = [slugify(p.name_vi) for p in PRODUCTS]
    seed_sales_and_scans(
        now=now,
        rng=random.Random(RANDOM_SEED + 1),
        product_slugs=demo_slugs,
        shopper=accounts[Role.CUSTOMER],
        officer=accounts[Role.OFFICER],
        config=config,
        report=report,
    )
    return report
