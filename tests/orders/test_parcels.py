"""Lines by parcel, without a request: one group per producer, its fee and what is left to ship it free."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from storefront.orders.models import OrderLine
from storefront.orders.parcels import Parcel, Sender, group_into_parcels, order_parcels
from storefront.orders.pricing import PricedLine, ShippingRules, more_for_free_shipping, quote
from storefront.producers.models import Producer

RULES = ShippingRules(fee_vnd=30_000, free_threshold_vnd=500_000)


@dataclass(frozen=True)
class Line:
    producer_id: int
    total_vnd: int
    problem: bool = False


SENDERS = {1: Sender(1, "HTX Miến dong Bình Liêu", "htx-mien-dong"), 2: Sender(2, "Công ty Chả mực", "cha-muc")}


def _group(lines: list[Line], rules: ShippingRules = RULES) -> list[Parcel[Line]]:
    return group_into_parcels(
        lines,
        sender=lambda line: SENDERS[line.producer_id],
        goods=lambda line: None if line.problem else line.total_vnd,
        rules=rules,
    )


@pytest.mark.parametrize(
    "goods, more",
    [(1, 499_999), (455_000, 45_000), (499_999, 1), (500_000, 0), (500_001, 0), (2_000_000, 0), (0, 0)],
)
def test_what_is_left_to_ship_free(goods: int, more: int) -> None:
    assert more_for_free_shipping(goods, RULES) == more


def test_one_producer_is_one_parcel() -> None:
    lines = [Line(1, 200_000), Line(1, 255_000)]
    [parcel] = _group(lines)
    assert parcel.sender == SENDERS[1] and parcel.lines == tuple(lines)
    assert (parcel.goods_vnd, parcel.shipping_vnd, parcel.more_for_free_vnd) == (455_000, 30_000, 45_000)
    assert not parcel.ships_free


def test_several_producers_one_free_one_not_in_the_order_of_their_first_line() -> None:
    lines = [Line(2, 120_000), Line(1, 300_000), Line(2, 60_000), Line(1, 200_000)]
    cakes, noodles = _group(lines)
    assert cakes.sender.key == 2 and cakes.lines == (lines[0], lines[2])
    assert (cakes.goods_vnd, cakes.shipping_vnd, cakes.more_for_free_vnd) == (180_000, 30_000, 320_000)
    assert noodles.sender.key == 1 and noodles.lines == (lines[1], lines[3])
    assert (noodles.goods_vnd, noodles.shipping_vnd, noodles.more_for_free_vnd) == (500_000, 0, 0)
    assert noodles.ships_free


def test_the_groups_add_up_to_the_quote() -> None:
    lines = [Line(1, 499_999), Line(2, 500_000), Line(2, 1)]
    charged = quote([PricedLine(line.producer_id, line.total_vnd, 1) for line in lines], RULES)
    parcels = _group(lines)
    assert sum(p.shipping_vnd or 0 for p in parcels) == charged.shipping_vnd == 30_000
    assert {p.sender.key: (p.goods_vnd, p.shipping_vnd) for p in parcels} == charged.parcels


def test_the_threshold_itself_ships_free() -> None:
    [parcel] = _group([Line(1, 250_000), Line(1, 250_000)])
    assert parcel.goods_vnd == 500_000 and parcel.shipping_vnd == 0 and parcel.more_for_free_vnd == 0


def test_a_line_that_cannot_be_bought_stays_in_its_group_and_counts_for_nothing() -> None:
    sold_out, kept = Line(1, 600_000, problem=True), Line(1, 100_000)
    [parcel] = _group([sold_out, kept])
    assert parcel.lines == (sold_out, kept)
    assert (parcel.goods_vnd, parcel.shipping_vnd, parcel.more_for_free_vnd) == (100_000, 30_000, 400_000)
    [nothing] = _group([sold_out])
    assert nothing.shipping_vnd is None and nothing.more_for_free_vnd == 0 and not nothing.ships_free


def test_no_fee_means_no_hint() -> None:
    [parcel] = _group([Line(1, 10_000)], ShippingRules(fee_vnd=0, free_threshold_vnd=500_000))
    assert parcel.ships_free and parcel.more_for_free_vnd == 0


def test_an_empty_cart_has_no_parcels() -> None:
    assert _group([]) == []


def _order_line(producer_id: int | None, name: str, total_vnd: int) -> OrderLine:
    line = OrderLine(producer_id=producer_id, producer_name=name, line_total_vnd=total_vnd)
    if producer_id is not None:
        line.producer = Producer(id=producer_id, slug=f"producer-{producer_id}", name="Renamed since")
    return line


def test_an_order_tells_each_parcel_fee_when_todays_rules_give_its_total() -> None:
    lines = [_order_line(1, "HTX A", 600_000), _order_line(2, "HTX B", 100_000), _order_line(1, "HTX A", 1)]
    free, paid = order_parcels(lines, shipping_vnd=30_000, rules=RULES)
    assert free.sender == Sender(1, "HTX A", "producer-1")  # the name printed on the order, today's link
    assert (free.goods_vnd, free.shipping_vnd) == (600_001, 0)
    assert (paid.goods_vnd, paid.shipping_vnd) == (100_000, 30_000)
    assert free.more_for_free_vnd == paid.more_for_free_vnd == 0  # nothing left to add to a placed order


def test_an_order_placed_under_other_rules_keeps_its_total_and_says_no_fee_it_cannot_tell() -> None:
    lines = [_order_line(1, "HTX A", 100_000), _order_line(2, "HTX B", 100_000)]
    parcels = order_parcels(lines, shipping_vnd=50_000, rules=RULES)  # 25,000 a parcel back then
    assert [p.shipping_vnd for p in parcels] == [None, None]
    [single] = order_parcels(lines[:1], shipping_vnd=25_000, rules=RULES)
    assert single.shipping_vnd == 25_000  # the whole order's shipping is its one parcel's


def test_a_deleted_producer_groups_by_its_name_without_a_link() -> None:
    lines = [_order_line(None, "HTX Gone", 100_000), _order_line(None, "HTX Gone", 50_000)]
    [parcel] = order_parcels(lines, shipping_vnd=30_000, rules=RULES)
    assert parcel.sender == Sender("HTX Gone", "HTX Gone", None) and len(parcel.lines) == 2
