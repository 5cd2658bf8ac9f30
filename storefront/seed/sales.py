"""A year of demo sales and QR scans, written as rows in bulk from a seeded generator.

Demo orders describe the past: they never touch stock (their goods are long gone), and each carries the
history a real order would have (placed, paid or confirmed, shipped, delivered; some cancelled, expired or
refunded). They are made once: the first demo order's submission key marks the job as done.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload
from vietnam_provinces import Province, ProvinceCode, Ward

from storefront.auth.models import User
from storefront.catalog.models import Product, ProductStatus
from storefront.extensions import db
from storefront.orders.models import (
    LineStatus,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentMethod,
)
from storefront.qr.models import QrScan
from storefront.sales.definition import sale_moment

if TYPE_CHECKING:
    from storefront.seed.demo import Report

S = OrderStatus
ORDER_COUNT = 1400
SCAN_COUNT = 3600
DAYS = 365
MARKER = "demo-sales-00000"  # the first demo order's submission key
VIETNAM = timedelta(hours=7)
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

#: Where demo buyers live: mostly Quảng Ninh and the big cities. Weights out of 100.
BUYER_PROVINCES = ((22, 34), (1, 28), (79, 16), (31, 12), (48, 5), (20, 5))
#: Relative sales by Vietnamese calendar month: Tết gifts in December to February, summer visitors.
MONTH_WEIGHT = {1: 1.8, 2: 1.4, 3: 0.8, 4: 0.8, 5: 0.9, 6: 1.1, 7: 1.2, 8: 1.1, 9: 0.9, 10: 0.9, 11: 1.0, 12: 1.5}
SPECIALTIES = ("cha-muc", "mien-dong", "trung-ga", "muc-kho", "ba-kich", "sa-sung", "hoa-")

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý")
MIDDLE = ("Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Hải", "Thanh", "Quốc", "Bảo")
GIVEN = (
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
    "Hạnh",
    "Khoa",
)
STREETS = (
    "Trần Hưng Đạo",
    "Lê Lợi",
    "Nguyễn Trãi",
    "Hạ Long",
    "Lê Thánh Tông",
    "Quang Trung",
    "Hai Bà Trưng",
    "Nguyễn Văn Cừ",
    "Cao Thắng",
    "Bạch Đằng",
    "Kim Mã",
    "Điện Biên Phủ",
)
CANCEL_REASONS = ("Người mua đổi ý", "Không liên lạc được người nhận", "Người mua đặt trùng đơn")


@lru_cache(maxsize=8)
def _wards(province_code: int) -> tuple[tuple[int, str], ...]:
    return tuple((int(w.code), w.name) for w in Ward.iter_by_province(ProvinceCode(province_code)))


def random_moment(rng: random.Random, now: datetime) -> datetime:
    """A time in the last year, more often in busy months, more often lately, in Vietnamese waking hours."""
    while True:
        days_ago = rng.random() * DAYS
        moment = now - timedelta(days=days_ago)
        weight = MONTH_WEIGHT[(moment + VIETNAM).month] * (0.7 + 0.6 * (1 - days_ago / DAYS))
        if rng.random() * 2.2 < weight:
            break
    local = (moment + VIETNAM).replace(hour=rng.choice((8, 9, 10, 11, 12, 14, 15, 19, 20, 21, 22)))
    moment = local.replace(minute=rng.randrange(60), second=rng.randrange(60)) - VIETNAM
    return min(moment, now - timedelta(hours=1))


def _popularity(product: Product) -> float:
    boost = 3.0 if any(key in product.slug for key in SPECIALTIES) else 1.0
    return boost / max(0.3, product.price_vnd / 200_000) ** 0.5


def random_buyer(rng: random.Random, n: int) -> dict[str, Any]:
    province_code = rng.choices([c for c, _ in BUYER_PROVINCES], [w for _, w in BUYER_PROVINCES])[0]
    ward_code, ward_name = rng.choice(_wards(province_code))
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return {
        "full_name": name,
        "phone": "09" + "".join(rng.choice("0123456789") for _ in range(8)),
        "email": f"khach{n:04d}@example.net",
        "address": f"Số {rng.randint(1, 250)} đường {rng.choice(STREETS)}",
        "ward_code": ward_code,
        "ward_name": ward_name,
        "province_code": province_code,
        "province_name": Province.from_code(ProvinceCode(province_code)).name,
    }


def _steps(
    rng: random.Random, method: PaymentMethod, placed_at: datetime, officer: str, cancel: bool, refund: bool
) -> list[tuple[S, datetime, str, str]]:
    """The history this order would have had, every step timed; the caller cuts it at `now`."""
    at = placed_at
    if method == PaymentMethod.COD:
        steps = [(S.PLACED, at, "system", "")]
        if cancel:
            return [
                *steps,
                (S.CANCELLED, at + timedelta(hours=rng.uniform(1, 20)), officer, rng.choice(CANCEL_REASONS)),
            ]
        at += timedelta(hours=rng.uniform(1, 8))
        steps.append((S.CONFIRMED, at, officer, ""))
    else:
        steps = [(S.AWAITING_PAYMENT, at, "system", "")]
        if cancel:
            return [*steps, (S.EXPIRED, at + timedelta(minutes=30), "command", "Payment window passed")]
        if method == PaymentMethod.CARD:
            at += timedelta(minutes=rng.uniform(1, 4))
            steps.append((S.PAID, at, "webhook:stripe", ""))
        else:
            # Inside the payment window, so no demo order is left holding stock it never took.
            at += timedelta(minutes=rng.uniform(5, 25))
            steps.append((S.PAID, at, officer, "Transfer received"))
    at += timedelta(hours=rng.uniform(10, 48))
    steps.append((S.SHIPPED, at, officer, ""))
    at += timedelta(hours=rng.uniform(30, 110))
    steps.append((S.DELIVERED, at, "system", ""))
    if refund:
        steps.append((S.REFUNDED, at + timedelta(days=rng.uniform(2, 6)), "webhook:stripe", "Damaged in transit"))
    return steps


def _line_state(
    status: S, steps: Sequence[tuple[S, datetime, str, str]]
) -> tuple[LineStatus, datetime | None, datetime | None]:
    times = {s: at for s, at, _, _ in steps}
    if status in (S.CANCELLED, S.EXPIRED):
        return LineStatus.CANCELLED, None, None
    if S.DELIVERED in times:
        return LineStatus.DELIVERED, times[S.SHIPPED], times[S.DELIVERED]
    if S.SHIPPED in times:
        return LineStatus.SHIPPED, times[S.SHIPPED], None
    return LineStatus.PENDING, None, None


def stamp_sale_moments(order: dict[str, Any], lines: Sequence[dict[str, Any]], undone_at: datetime | None) -> None:
    """`sold_at` and `refunded_at` on rows written without the lifecycle, by the one rule of a sale."""
    for line in lines:
        sold_at, is_refunded = sale_moment(
            order["payment_method"], order["status"], order["paid_at"], line["status"], line["delivered_at"]
        )
        line["sold_at"] = sold_at
        line["refunded_at"] = (undone_at or sold_at) if is_refunded else None


def random_token(rng: random.Random) -> str:
    return base64.urlsafe_b64encode(rng.getrandbits(256).to_bytes(32, "big")).decode().rstrip("=")


def seed_sales_and_scans(
    *,
    now: datetime,
    rng: random.Random,
    product_slugs: Sequence[str],
    shopper: User,
    officer: User,
    config: dict[str, int],
    report: Report,
) -> None:
    if db.session.scalar(select(Order.id).where(Order.submission_key == MARKER)) is not None:
        return
    products = db.session.scalars(
        select(Product)
        .where(Product.slug.in_(product_slugs), Product.status == ProductStatus.PUBLISHED)
        .options(joinedload(Product.top_group), joinedload(Product.producer))
        .order_by(Product.id)
    ).all()
    goods = [p for p in products if p.top_group.is_shippable]
    weights = [_popularity(p) for p in goods]
    officer_actor = f"user:{officer.id}"
    fee, threshold = config["SHIPPING_FEE_VND"], config["FREE_SHIPPING_THRESHOLD_VND"]

    orders: list[dict[str, Any]] = []
    lines: list[list[dict[str, Any]]] = []
    events: list[list[dict[str, Any]]] = []
    references: set[str] = set()
    for n in range(ORDER_COUNT):
        placed_at = random_moment(rng, now)
        method = rng.choices(list(PaymentMethod), [72, 20, 8])[0]
        old = now - placed_at > timedelta(days=3)
        cancel = old and rng.random() < 0.07
        refund = old and not cancel and method == PaymentMethod.CARD and rng.random() < 0.15
        steps = [s for s in _steps(rng, method, placed_at, officer_actor, cancel, refund) if s[1] <= now]
        status = steps[-1][0]
        times = {s: at for s, at, _, _ in steps}

        chosen: list[Product] = []
        for _ in range(rng.choices((1, 2, 3), (55, 30, 15))[0]):
            product = rng.choices(goods, weights)[0]
            if product not in chosen:
                chosen.append(product)
        line_status, shipped_at, delivered_at = _line_state(status, steps)
        order_lines: list[dict[str, Any]] = []
        for product in chosen:
            quantity = rng.choices((1, 2, 3, 4), (60, 25, 10, 5))[0]
            order_lines.append(
                {
                    "product_id": product.id,
                    "producer_id": product.producer_id,
                    "product_slug": product.slug,
                    "product_name_vi": product.name_vi,
                    "product_name_en": product.name_en,
                    "unit_vi": product.unit_vi,
                    "unit_en": product.unit_en,
                    "producer_name": product.producer.name,
                    "locality_id": product.locality_id,
                    "stars": product.stars,
                    "unit_price_vnd": product.price_vnd,
                    "quantity": quantity,
                    "line_total_vnd": product.price_vnd * quantity,
                    "status": line_status,
                    "shipped_at": shipped_at,
                    "delivered_at": delivered_at,
                }
            )
        subtotal = sum(line["line_total_vnd"] for line in order_lines)
        shipping = 0 if subtotal >= threshold else fee

        reference = "OC" + "".join(rng.choice(_ALPHABET) for _ in range(8))
        while reference in references:
            reference = "OC" + "".join(rng.choice(_ALPHABET) for _ in range(8))
        references.add(reference)
        mine = rng.random() < 0.02
        buyer = random_buyer(rng, n)
        if mine:
            buyer.update(full_name=shopper.name or buyer["full_name"], email=shopper.email)
        unpaid_window = method != PaymentMethod.COD and S.PAID not in times
        orders.append(
            {
                "reference": reference,
                "token": random_token(rng),
                "submission_key": f"demo-sales-{n:05d}",
                "status": status,
                "payment_method": method,
                "user_id": shopper.id if mine else None,
                **buyer,
                "note": "",
                "language": "en" if rng.random() < 0.1 else "vi",
                "subtotal_vnd": subtotal,
                "shipping_vnd": shipping,
                "total_vnd": subtotal + shipping,
                "placed_at": placed_at,
                "pay_by": placed_at + timedelta(minutes=30) if unpaid_window else None,
                "paid_at": times.get(S.PAID),
                "stock_released_at": times.get(S.CANCELLED) or times.get(S.EXPIRED),
                "needs_attention": False,
                "attention_reason": "",
                "stripe_session_id": f"cs_demo_{reference.lower()}" if method == PaymentMethod.CARD else None,
                "stripe_payment_intent_id": f"pi_demo_{reference.lower()}" if method == PaymentMethod.CARD else None,
            }
        )
        stamp_sale_moments(orders[-1], order_lines, times.get(S.REFUNDED) or times.get(S.CANCELLED))
        lines.append(order_lines)
        previous: list[str | None] = [None] + [s.value for s, _, _, _ in steps[:-1]]
        events.append(
            [
                {"at": at, "actor": actor, "from_status": before, "to_status": s.value, "note": note}
                for (s, at, actor, note), before in zip(steps, previous, strict=True)
            ]
        )

    ids = db.session.scalars(insert(Order).returning(Order.id, sort_by_parameter_order=True), orders).all()
    line_rows = [dict(line, order_id=oid) for oid, group in zip(ids, lines, strict=True) for line in group]
    event_rows = [dict(event, order_id=oid) for oid, group in zip(ids, events, strict=True) for event in group]
    db.session.execute(insert(OrderLine), line_rows)
    db.session.execute(insert(OrderEvent), event_rows)
    report.add("demo orders", len(ids))
    report.add("order lines", len(line_rows))

    # Services are booked, not packed: only goods carry a printed code.
    scannable, scan_weights = goods, weights
    countries = ("VN", "CN", "KR", "JP", "US", "FR")
    scans = []
    # Most scans come from phones; the class is a fixed share (no draw), so the random sequence is unchanged.
    devices = ("mobile",) * 16 + ("tablet",) * 2 + ("desktop",) * 2
    for n in range(SCAN_COUNT):
        product = rng.choices(scannable, scan_weights)[0]
        scans.append(
            {
                "product_id": product.id,
                "scanned_at": random_moment(rng, now),
                "language": "vi" if rng.random() < 0.8 else "en",
                "source": "gs1" if product.gtin and rng.random() < 0.3 else "qr",
                "country": rng.choices(countries, (86, 5, 4, 2, 2, 1))[0],
                "device": devices[n % len(devices)],
            }
        )
    db.session.execute(insert(QrScan), scans)
    report.add("QR scans", len(scans))
