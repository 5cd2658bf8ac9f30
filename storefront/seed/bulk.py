"""`seed bulk`: synthetic products, certificates and orders at benchmark scale.

Rows go in through SQLAlchemy Core `insert()` in batches (executemany, "insertmanyvalues" on both
SQLite and PostgreSQL), with every derived column computed here exactly as the services would compute
it: folded search text, stars and their validity from the certificate. Pictures are a handful of shared
files, not one per product. Each run adds to what is there, under slugs no earlier run used.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import func, insert, select

from storefront.catalog import stars as star_rules
from storefront.catalog.models import (
    Certificate,
    IssuerLevel,
    Product,
    ProductImage,
    ProductStatus,
)
from storefront.clock import vn_today
from storefront.extensions import db
from storefront.orders.models import (
    LineStatus,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentMethod,
)
from storefront.producers.models import Producer, ProducerKind
from storefront.seed import images
from storefront.seed.data import places
from storefront.seed.demo import Report, seed_groups, seed_localities
from storefront.seed.sales import random_buyer, random_moment, random_token, stamp_sale_moments
from storefront.text import fold, normalize_accented

BATCH = 5000
RANDOM_SEED = 919  # Decision 919/QĐ-TTg

#: (name in Vietnamese, in English, unit vi, unit en, price range in thousands of đồng, subgroup, motif)
KINDS: tuple[tuple[str, str, str, str, tuple[int, int], str, str], ...] = (
    ("Mực khô", "Dried squid", "túi 500 g", "500 g bag", (300, 900), "1.2", "squid"),
    ("Chả mực", "Squid cakes", "hộp 500 g", "500 g box", (150, 300), "1.3", "cake"),
    ("Miến dong", "Dong-starch noodles", "túi 500 g", "500 g bag", (35, 90), "1.2", "noodles"),
    ("Trứng gà", "Chicken eggs", "hộp 10 quả", "box of 10", (35, 60), "1.1", "egg"),
    ("Gà thả đồi", "Free-range chicken", "con 1,5 kg", "one bird, 1.5 kg", (250, 450), "1.1", "chicken"),
    ("Nước mắm", "Fish sauce", "chai 500 ml", "500 ml bottle", (60, 160), "1.4", "bottle"),
    ("Chè búp", "Bud tea", "hộp 200 g", "200 g tin", (80, 250), "1.5", "tea"),
    ("Rượu ba kích", "Morinda wine", "chai 500 ml", "500 ml bottle", (150, 400), "2.1", "bottle"),
    ("Trà hoa vàng", "Golden camellia tea", "hộp 50 g", "50 g box", (250, 700), "2.2", "flower"),
    ("Ba kích tím", "Purple morinda root", "túi 500 g", "500 g bag", (300, 600), "3.1", "root"),
    ("Tinh dầu quế", "Cinnamon oil", "lọ 50 ml", "50 ml bottle", (80, 200), "3.2", "bottle"),
    ("Bình gốm", "Pottery vase", "chiếc", "one piece", (300, 1500), "4.1", "vase"),
    ("Khăn thêu", "Embroidered scarf", "chiếc", "one piece", (100, 400), "4.2", "textile"),
    ("Vòng ngọc trai", "Pearl necklace", "chiếc", "one piece", (800, 4000), "4.3", "pearl"),
    ("Hoa ly", "Lilies", "bó 10 cành", "bunch of 10", (150, 350), "5.1", "flower"),
    ("Cây cảnh", "Bonsai", "chậu", "one pot", (500, 3000), "5.2", "tree"),
    ("Homestay", "Homestay", "đêm/người", "per person per night", (250, 600), "6.1", "house"),
    ("Tour trải nghiệm", "Experience tour", "vé/người", "per person", (150, 1200), "6.2", "boat"),
)
VARIANTS = (
    ("loại đặc biệt", "premium"),
    ("truyền thống", "traditional"),
    ("gia đình", "family"),
    ("hộp quà", "gift box"),
    ("hữu cơ", "organic"),
    ("thượng hạng", "select"),
    ("", ""),
)


_fold = lru_cache(maxsize=4096)(fold)


@dataclass(frozen=True)
class _Place:
    id: int
    name: str
    former_district: str | None
    seed: places.LocalitySeed


def _batches(rows: Sequence[dict[str, Any]], size: int = BATCH) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert(model: Any, rows: Sequence[dict[str, Any]], key: str | None = None, prefix: str = "") -> list[int]:
    """Core executemany on the table, in batches; with `key`, the new rows' ids in the order of `rows`.

    Ids are read back by their unique key, which starts with this run's `prefix`, rather than with
    RETURNING: SQLite cannot promise RETURNING's order for a multi-row insert, so SQLAlchemy would
    fall back to one statement per row.
    """
    table = model.__table__
    for batch in _batches(rows):
        db.session.execute(insert(table), batch)
    if key is None:
        return []
    column = table.c[key]
    statement = select(column, table.c.id).where(column.startswith(prefix, autoescape=True))
    found = {value: id_ for value, id_ in db.session.execute(statement)}
    return [found[row[key]] for row in rows]


def _producers(
    rng: random.Random, count: int, run: int, place_list: list[_Place], now: datetime
) -> list[tuple[int, str, _Place]]:
    kinds = list(ProducerKind)
    rows, chosen = [], []
    for i in range(count):
        place = rng.choice(place_list)
        name = f"HTX Đặc sản {place.name.split(' ', 1)[-1]} số {run}-{i + 1}"
        chosen.append((name, place))
        rows.append(
            {
                "slug": f"bulk-{run}-producer-{i + 1}",
                "name": name,
                "kind": rng.choice(kinds),
                "locality_id": place.id,
                "story_vi": "Nhà sản xuất tổng hợp cho thử tải.",
                "story_en": "A synthetic producer for load tests.",
                "address": f"Thôn {i % 12 + 1}",
                "phone": "0203 3000 000",
                "email": "",
                "website": "",
                "logo_path": "",
                "created_at": now,
            }
        )
    ids = _insert(Producer, rows, key="slug", prefix=f"bulk-{run}-")
    return [(pid, name, place) for pid, (name, place) in zip(ids, chosen, strict=True)]


def seed_bulk(*, products: int, orders: int, now: datetime, media_root: str, config: dict[str, int]) -> Report:
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return _seed_bulk(products=products, orders=orders, now=now, media_root=media_root, config=config)
    # SQLite's default page cache (2 MB) spills a transaction this size to disk over and over while the
    # indexes grow: a large cache for the length of the run cuts the time spent writing several-fold.
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql("PRAGMA cache_size = -262144")  # KiB: 256 MB at most, only as needed
    try:
        return _seed_bulk(products=products, orders=orders, now=now, media_root=media_root, config=config)
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous or -2000)}")  # -2000: its default


def _seed_bulk(*, products: int, orders: int, now: datetime, media_root: str, config: dict[str, int]) -> Report:
    report = Report()
    today = vn_today(now)  # certificates expire on Vietnamese days
    localities = seed_localities(report)
    groups = seed_groups(report)
    db.session.flush()
    place_list = [_Place(loc.id, loc.name, loc.former_district, seed) for loc, seed in localities.values()]
    # Every run adds producers, so this number grows from run to run: it keeps slugs, codes and tokens apart.
    run = sum(db.session.scalar(select(func.count()).select_from(m)) or 0 for m in (Producer, Product)) + 1
    rng = random.Random(f"{RANDOM_SEED}:{run}:{products}:{orders}")
    producer_rows = _producers(rng, max(20, products // 250), run, place_list, now)
    producer_names = {pid: name for pid, name, _ in producer_rows}
    report.add("producers", len(producer_rows))

    pictures: dict[str, tuple[int, int]] = {}
    renames: dict[str, str] = {}
    for code, group in groups.items():
        if "." in code:
            motif = next((k[6] for k in KINDS if k[5] == code), "box")
            path = images.versioned(f"bulk/group-{code}")
            pictures[code] = images.ensure_product_picture(
                media_root, path, group.name_vi, group.name_en, code.split(".")[0], motif
            )
            renames.update({old: path for old in images.older_versions(f"bulk/group-{code}")})
    images.repoint_pictures(renames)  # earlier runs' products share these files too

    product_rows: list[dict[str, Any]] = []
    certificate_plan, image_rows, sellable = [], [], []
    for i in range(products):
        kind = rng.choice(KINDS)
        name_vi0, name_en0, unit_vi, unit_en, (low, high), code, _motif = kind
        producer_id, producer_name, place = rng.choice(producer_rows)
        variant_vi, variant_en = rng.choice(VARIANTS)
        short_place = place.name.split(" ", 1)[-1]
        name_vi = " ".join(p for p in (name_vi0, short_place, variant_vi, f"#{i + 1}") if p)
        name_en = " ".join(p for p in (short_place, name_en0, variant_en, f"#{i + 1}") if p)
        group = groups[code]
        top = groups[code.split(".")[0]]
        stars, cert = _stars(rng, today, place.seed)
        # fold() is the slow part at this scale; folding is per word, so fold the few distinct pieces once.
        number = str(i + 1)
        folded_name = " ".join(
            p
            for p in (
                _fold(name_vi0),
                _fold(short_place),
                _fold(variant_vi),
                number,
                _fold(short_place),
                _fold(name_en0),
                _fold(variant_en),
                number,
            )
            if p
        )
        others = (producer_name, place.name, place.former_district or "", group.name_vi, group.name_en)
        description_vi = f"{name_vi0} của {producer_name}, {place.name}."
        description_en = f"{name_en0} from {producer_name}, {place.name}."
        folded_body = " ".join(
            (_fold(name_vi0), "cua", _fold(producer_name), _fold(place.name))
            + (_fold(name_en0), "from", _fold(producer_name), _fold(place.name))
        )
        created_at = now - timedelta(days=rng.uniform(0, 1000))
        draft = rng.random() < 0.03
        price = rng.randint(low, high) * 1000
        stock = 0 if rng.random() < 0.05 else rng.randint(1, 500)
        product_rows.append(
            {
                "slug": f"b{run}-{i + 1}",
                "name_vi": name_vi,
                "name_en": name_en,
                "description_vi": description_vi,
                "description_en": description_en,
                "price_vnd": price,
                "unit_vi": unit_vi,
                "unit_en": unit_en,
                "stock": stock,
                "has_stock": stock > 0,
                "gtin": None,
                "qr_code": f"B{run:07d}{i + 1:07d}"[-16:],
                "status": ProductStatus.DRAFT if draft else ProductStatus.PUBLISHED,
                "producer_id": producer_id,
                "group_id": group.id,
                "top_group_id": top.id,
                "locality_id": place.id,
                "stars": stars,
                "stars_valid_until": cert["expires_on"] if stars else None,
                "search_name": folded_name,
                "search_text": _fold(" ".join(p for p in others if p)),
                "search_body": folded_body,
                "search_exact": normalize_accented(f"{name_vi} {name_en}"),
                "created_at": created_at,
                "updated_at": created_at,
            }
        )
        certificate_plan.append(cert)
        image_rows.append(
            {
                "path": images.versioned(f"bulk/group-{code}"),
                "alt_vi": name_vi,
                "alt_en": name_en,
                "width": pictures[code][0],
                "height": pictures[code][1],
                "position": 0,
            }
        )
        if not draft and top.is_shippable:
            sellable.append(i)

    ids = _insert(Product, product_rows, key="slug", prefix=f"b{run}-")
    _insert(ProductImage, [dict(row, product_id=pid) for pid, row in zip(ids, image_rows, strict=True)])
    certificates = [dict(c, product_id=pid) for pid, c in zip(ids, certificate_plan, strict=True) if c]
    _insert(Certificate, certificates)
    report.add("products", len(ids))
    report.add("certificates", len(certificates))

    if orders and sellable:
        goods = [(ids[i], product_rows[i], producer_names[product_rows[i]["producer_id"]]) for i in sellable]
        made = _orders(rng, orders, now, run, goods, config)
        report.add("orders", made)
    return report


def _stars(rng: random.Random, today: date, place: places.LocalitySeed) -> tuple[int, dict[str, Any]]:
    """Stars now and the certificate behind them; sometimes only an expired one (stars 0), sometimes none."""
    roll = rng.random()
    if roll < 0.35:
        return 0, {}
    expired = roll < 0.42
    # Most certified products have 3 stars, fewer 4, a handful 5: as in the province's own lists.
    low, high = rng.choices(((50, 69), (70, 89), (90, 100)), (60, 34, 6))[0] if not expired else (50, 89)
    score = rng.randint(low, high)
    decided_on = today - timedelta(days=rng.randint(1100, 1400) if expired else rng.randint(10, 1000))
    stars = star_rules.stars_for_score(score)
    level = IssuerLevel.CENTRAL if stars == 5 else IssuerLevel.PROVINCE
    issuer = places.CENTRAL_COUNCIL if stars == 5 else places.PROVINCE_COUNCIL
    if stars == 3 and decided_on < date(2025, 7, 1):
        level, issuer = IssuerLevel.DISTRICT, place.district_council
    cert = {
        "number": f"{decided_on.year}/OCOP-B{rng.randrange(10**6):06d}",
        "score": score,
        "stars": stars,
        "decision_number": f"{rng.randint(100, 4999)}/QĐ-UBND",
        "decided_on": decided_on,
        "expires_on": star_rules.expiry_for(decided_on),
        "issuer_name": issuer,
        "issuer_level": level,
        "created_at": datetime.combine(decided_on, datetime.min.time(), tzinfo=UTC),
    }
    return (0 if expired else stars), cert


def _orders(
    rng: random.Random,
    count: int,
    now: datetime,
    run: int,
    goods: list[tuple[int, dict[str, Any], str]],
    config: dict[str, int],
) -> int:
    fee, threshold = config["SHIPPING_FEE_VND"], config["FREE_SHIPPING_THRESHOLD_VND"]
    order_rows, line_groups = [], []
    for n in range(count):
        placed_at = random_moment(rng, now)
        method = rng.choices(list(PaymentMethod), (72, 20, 8))[0]
        delivered = now - placed_at > timedelta(days=7)
        status = (
            OrderStatus.DELIVERED
            if delivered
            else (OrderStatus.CONFIRMED if method == PaymentMethod.COD else OrderStatus.PAID)
        )
        lines = []
        for product_id, row, producer_name in rng.sample(goods, min(len(goods), rng.choice((1, 1, 2, 3)))):
            qty = rng.randint(1, 3)
            lines.append(
                {
                    "product_id": product_id,
                    "producer_id": row["producer_id"],
                    "product_slug": row["slug"],
                    "product_name_vi": row["name_vi"],
                    "product_name_en": row["name_en"],
                    "unit_vi": row["unit_vi"],
                    "unit_en": row["unit_en"],
                    "producer_name": producer_name,
                    "locality_id": row["locality_id"],
                    "stars": row["stars"],
                    "unit_price_vnd": row["price_vnd"],
                    "quantity": qty,
                    "line_total_vnd": row["price_vnd"] * qty,
                    "status": LineStatus.DELIVERED if delivered else LineStatus.PENDING,
                    "shipped_at": placed_at + timedelta(days=1) if delivered else None,
                    "delivered_at": placed_at + timedelta(days=3) if delivered else None,
                }
            )
        subtotal = sum(line["line_total_vnd"] for line in lines)
        shipping = 0 if subtotal >= threshold else fee
        order_rows.append(
            {
                "reference": f"BK{run:06d}{n:07d}"[-16:],
                "token": random_token(rng),
                "submission_key": None,
                "status": status,
                "payment_method": method,
                "user_id": None,
                **random_buyer(rng, n),
                "note": "",
                "language": "vi",
                "subtotal_vnd": subtotal,
                "shipping_vnd": shipping,
                "total_vnd": subtotal + shipping,
                "placed_at": placed_at,
                "pay_by": None,
                "paid_at": placed_at + timedelta(minutes=5) if method != PaymentMethod.COD else None,
                "stock_released_at": None,
                "needs_attention": False,
                "attention_reason": "",
                "stripe_session_id": None,
                "stripe_payment_intent_id": None,
            }
        )
        stamp_sale_moments(order_rows[-1], lines, None)
        line_groups.append(lines)
    ids = _insert(Order, order_rows, key="reference", prefix=f"BK{run:06d}"[-9:])
    _insert(
        OrderLine, [dict(line, order_id=oid) for oid, group in zip(ids, line_groups, strict=True) for line in group]
    )
    _insert(
        OrderEvent,
        [
            {
                "order_id": oid,
                "at": row["placed_at"],
                "actor": "command",
                "from_status": None,
                "to_status": row["status"].value,
                "note": "bulk",
            }
            for oid, row in zip(ids, order_rows, strict=True)
        ],
    )
    return len(ids)
