"""A known set of orders in every state, across month and year ends in Vietnam's time, with what each line
should count for written out by hand. Report, export, API, statement and payout tests all read it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from storefront.catalog.models import Product
from storefront.orders.models import LineStatus as L
from storefront.orders.models import OrderLine
from storefront.orders.models import OrderStatus as S
from storefront.orders.models import PaymentMethod as M
from storefront.producers.models import ProducerKind
from tests.factories import make_group, make_locality, make_order_in_state, make_producer, make_product

CARD, TRANSFER, COD = M.CARD, M.BANK_TRANSFER, M.COD


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@dataclass
class Expect:
    line: OrderLine
    product: Product
    #: The Vietnamese day the line's money came in, or None: it never did.
    money_in_on: date | None
    #: The money came in and then went back (cancelled after payment, refunded).
    refunded: bool = False

    @property
    def is_sale(self) -> bool:
        return self.money_in_on is not None and not self.refunded


@dataclass
class Book:
    products: dict[str, Product]
    expected: list[Expect] = field(default_factory=list)

    def sales(self, date_from: date, date_to: date) -> list[Expect]:
        return [e for e in self.expected if e.is_sale and date_from <= e.money_in_on <= date_to]

    def sums(self, key: Callable[[Expect], str], date_from: date, date_to: date) -> dict[str, tuple[int, int, int]]:
        """key -> (orders, units, revenue), summed here in plain Python from the hand-written facts."""
        orders: dict[str, set[int]] = defaultdict(set)
        units: dict[str, int] = defaultdict(int)
        revenue: dict[str, int] = defaultdict(int)
        for e in self.sales(date_from, date_to):
            k = key(e)
            orders[k].add(e.line.order_id)
            units[k] += e.line.quantity
            revenue[k] += e.line.unit_price_vnd * e.line.quantity
        return {k: (len(orders[k]), units[k], revenue[k]) for k in orders}


KEYS: dict[str, Callable[[Expect], str]] = {
    "month": lambda e: f"{e.money_in_on.year}-{e.money_in_on.month:02d}",
    "day": lambda e: e.money_in_on.isoformat(),
    "locality": lambda e: e.product.locality.slug,
    "producer": lambda e: e.product.producer.slug,
    "kind": lambda e: e.product.producer.kind.value,
    "product": lambda e: e.product.slug,
    "stars": lambda e: str(e.line.stars),
    "group": lambda e: e.product.top_group.slug,
}


def build_book(today: date = date(2026, 3, 15)) -> Book:
    ha_long = make_locality(slug="phuong-ha-long", name="Phường Hạ Long", province_name="Quảng Ninh")
    co_to = make_locality(slug="dac-khu-co-to", name="Đặc khu Cô Tô", province_name="Quảng Ninh")
    hoan_kiem = make_locality(slug="phuong-hoan-kiem", name="Phường Hoàn Kiếm", province_code=1, province_name="Hà Nội")
    coop = make_producer(slug="htx-co-to", name="HTX Cô Tô", kind=ProducerKind.COOPERATIVE, locality=co_to)
    firm = make_producer(slug="cong-ty-ha-long", name="Công ty Hạ Long", kind=ProducerKind.ENTERPRISE, locality=ha_long)
    home = make_producer(slug="ho-ha-noi", name="Hộ Hà Nội", kind=ProducerKind.HOUSEHOLD, locality=hoan_kiem)
    food, drink = make_group(slug="thuc-pham"), make_group(slug="do-uong")
    p = {
        "squid": make_product(slug="muc-kho", price_vnd=450_000, stars=5, producer=coop, group=food, today=today),
        "cake": make_product(slug="cha-muc", price_vnd=120_000, stars=4, producer=firm, group=food, today=today),
        "wine": make_product(slug="ruou-ba-kich", price_vnd=300_000, stars=3, producer=firm, group=drink, today=today),
        "tea": make_product(slug="tra-sen", price_vnd=75_000, producer=home, group=drink),
    }
    book = Book(products=p)

    def order(items, method, status, money_in_on, refunded=False, **fields):
        made = make_order_in_state(items, method=method, status=status, **fields)
        by_slug = {prod.slug: prod for prod in p.values()}
        for line in made.lines:
            expect_on = money_in_on(line) if callable(money_in_on) else money_in_on
            gone = refunded(line) if callable(refunded) else refunded
            book.expected.append(Expect(line, by_slug[line.product_slug], expect_on, gone))
        return made

    delivered = {"status": L.DELIVERED}
    # Card paid at 23:30 on 31 December in Hà Nội (16:30 UTC): December, not January.
    order([(p["squid"], 2)], CARD, S.PAID, date(2025, 12, 31), paid_at=utc(2025, 12, 31, 16, 30))
    # Transfer confirmed at 00:10 on 1 January in Hà Nội (17:10 UTC on the 31st): January.
    order([(p["cake"], 3), (p["tea"], 1)], TRANSFER, S.SHIPPED, date(2026, 1, 1), paid_at=utc(2025, 12, 31, 17, 10))
    # Cash on delivery delivered at 00:30 on 1 February in Hà Nội: February, whenever it was placed.
    order(
        [(p["wine"], 1, {**delivered, "delivered_at": utc(2026, 1, 31, 17, 30)})],
        COD,
        S.DELIVERED,
        date(2026, 2, 1),
        placed_at=utc(2026, 1, 20, 3),
        paid_at=utc(2026, 1, 31, 17, 30),
    )
    # Cash on delivery confirmed, and shipped, but not delivered: no money yet.
    order([(p["squid"], 1)], COD, S.CONFIRMED, None)
    order([(p["cake"], 2, {"status": L.SHIPPED})], COD, S.SHIPPED, None)
    # Unpaid, expired, cancelled before payment.
    order([(p["squid"], 1)], CARD, S.AWAITING_PAYMENT, None)
    order([(p["cake"], 1, {"status": L.CANCELLED})], TRANSFER, S.EXPIRED, None)
    order([(p["wine"], 1, {"status": L.CANCELLED})], COD, S.CANCELLED, None)
    # Paid in January, then refunded whole: never a sale; a refund in January's statement.
    order(
        [(p["squid"], 1, delivered), (p["cake"], 1, delivered)],
        CARD,
        S.REFUNDED,
        date(2026, 1, 10),
        refunded=True,
        paid_at=utc(2026, 1, 10, 2),
    )
    # Paid in January, partly refunded: the cancelled line went back, the other is a sale.
    order(
        [(p["squid"], 1, delivered), (p["tea"], 4, {"status": L.CANCELLED})],
        CARD,
        S.DELIVERED,
        date(2026, 1, 12),
        refunded=lambda line: line.status == L.CANCELLED,
        paid_at=utc(2026, 1, 12, 9),
    )
    # Transfer paid then cancelled (refund due): the money is not the shop's.
    order(
        [(p["wine"], 2, {"status": L.CANCELLED})],
        TRANSFER,
        S.CANCELLED,
        date(2026, 1, 14),
        refunded=True,
        paid_at=utc(2026, 1, 14, 4),
    )
    # Cash on delivery delivered in January, refunded later.
    order(
        [(p["cake"], 5, {**delivered, "delivered_at": utc(2026, 1, 16, 8)})],
        COD,
        S.REFUNDED,
        date(2026, 1, 16),
        refunded=True,
        paid_at=utc(2026, 1, 16, 8),
    )
    # Cash on delivery from two producers: one parcel delivered (a sale), the other on its way.
    order(
        [(p["squid"], 1, {**delivered, "delivered_at": utc(2026, 1, 20, 10)}), (p["tea"], 2, {"status": L.SHIPPED})],
        COD,
        S.PARTLY_SHIPPED,
        lambda line: date(2026, 1, 20) if line.status == L.DELIVERED else None,
    )
    # A card order counts when paid (15 January), not when delivered (2 February).
    order(
        [(p["wine"], 2, {**delivered, "delivered_at": utc(2026, 2, 2, 5)}), (p["tea"], 3, delivered)],
        CARD,
        S.DELIVERED,
        date(2026, 1, 15),
        paid_at=utc(2026, 1, 15, 1),
    )
    # Paid at midnight exactly, 1 March in Hà Nội (17:00 UTC on 28 February): March.
    order([(p["cake"], 1)], TRANSFER, S.PAID, date(2026, 3, 1), paid_at=utc(2026, 2, 28, 17))
    # Paid one second before: February.
    order([(p["tea"], 1)], CARD, S.PAID, date(2026, 2, 28), paid_at=utc(2026, 2, 28, 16, 59, 59))
    return book
