"""Lines grouped into the parcels they travel in. Pure: the caller gathers the lines first.

Each producer sends its own parcel (see `pricing`), so a cart or an order reads as one group per producer,
each with the fee its parcel pays and, while it pays one, how much more from that producer ships it free.
The fees come from `pricing.shipping_for_parcel`, the function the quote and `place_order` use, so the
groups always add up to the total charged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from storefront import money
from storefront.orders.models import OrderLine
from storefront.orders.pricing import ShippingRules, more_for_free_shipping, shipping_for_parcel

LineT = TypeVar("LineT")


@dataclass(frozen=True)
class Sender:
    """The producer who sends a parcel, as a page names and links it."""

    #: The producer's id; for an order line whose producer was deleted since, its snapshot name.
    key: int | str
    name: str
    #: None when there is no producer page to link to any more.
    slug: str | None = None


@dataclass(frozen=True)
class Parcel(Generic[LineT]):
    sender: Sender
    lines: tuple[LineT, ...]
    #: The goods that travel in it: lines that cannot be bought as they are count for nothing.
    goods_vnd: int
    #: None when nothing in it can be bought, or an old order's fee for it can no longer be told.
    shipping_vnd: int | None
    #: How much more from this producer makes the parcel ship free; 0 once it does.
    more_for_free_vnd: int = 0

    @property
    def ships_free(self) -> bool:
        return self.shipping_vnd == 0


def group_into_parcels(
    lines: Iterable[LineT],
    *,
    sender: Callable[[LineT], Sender],
    goods: Callable[[LineT], int | None],
    rules: ShippingRules,
) -> list[Parcel[LineT]]:
    """One parcel per producer, in the order their first line comes; `goods` is None for a line that is
    not bought as it is (sold out, no longer on sale), which stays in its group to be fixed."""
    senders: dict[int | str, Sender] = {}
    grouped: dict[int | str, list[LineT]] = {}
    amounts: dict[int | str, list[int]] = {}
    for line in lines:
        who = sender(line)
        senders.setdefault(who.key, who)
        grouped.setdefault(who.key, []).append(line)
        amount = goods(line)
        amounts.setdefault(who.key, [])
        if amount is not None:
            amounts[who.key].append(amount)
    parcels = []
    for key, members in grouped.items():
        bought = amounts[key]
        goods_vnd = money.total(bought)
        parcels.append(
            Parcel(
                sender=senders[key],
                lines=tuple(members),
                goods_vnd=goods_vnd,
                shipping_vnd=shipping_for_parcel(goods_vnd, rules) if bought else None,
                more_for_free_vnd=more_for_free_shipping(goods_vnd, rules) if bought else 0,
            )
        )
    return parcels


def _order_line_sender(line: OrderLine) -> Sender:
    producer = line.producer
    if line.producer_id is None or producer is None:
        return Sender(key=line.producer_name, name=line.producer_name)
    # The name as it was on the order (what is printed on the parcel); the link to today's page.
    return Sender(key=line.producer_id, name=line.producer_name, slug=producer.slug)


def order_parcels(lines: Sequence[OrderLine], *, shipping_vnd: int, rules: ShippingRules) -> list[Parcel[OrderLine]]:
    """A placed order's lines by parcel. An order keeps only its total shipping: each parcel's fee is told
    again by today's rules when they give that same total (a fee or threshold changed since may not);
    otherwise only a single parcel's fee is known (the whole of it). Nothing is left to add: no hints."""
    parcels = group_into_parcels(lines, sender=_order_line_sender, goods=lambda line: line.line_total_vnd, rules=rules)
    told = money.total(p.shipping_vnd or 0 for p in parcels)
    return [
        Parcel(
            sender=p.sender,
            lines=p.lines,
            goods_vnd=p.goods_vnd,
            shipping_vnd=p.shipping_vnd if told == shipping_vnd else shipping_vnd if len(parcels) == 1 else None,
        )
        for p in parcels
    ]
