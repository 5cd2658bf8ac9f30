"""Cold workloads for bench/run.py: lists of distinct addresses drawn from the whole seeded catalogue.

A cache that holds the answer to a page asked for again and again says nothing about a crawler walking
100,000 product pages or shoppers typing their own words. Each workload here is a pool of distinct
addresses, shuffled with a fixed seed; the benchmark hands each load run the next unused slice, so every
address is asked for about once (a pool that runs out is reused, and the report says so).
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

RANDOM_SEED = 11
POOL_SIZE = 40_000
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_FOLD = str.maketrans("đĐ", "dD")


def fold(word: str) -> str:
    """Diacritics away, as a shopper on a phone often types (kept here: bench/ imports no shop code)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", word.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass
class Pool:
    """Distinct paths, handed out slice by slice."""

    name: str
    paths: list[str]
    position: int = 0
    reused: bool = field(default=False)

    def take(self, count: int) -> list[str]:
        """The next `count` paths (from the start again when the pool ends), without using them up."""
        if not self.paths:
            return []
        return [self.paths[(self.position + i) % len(self.paths)] for i in range(count)]

    def consumed(self, requests: int) -> None:
        """The load run asked for the first `requests` of what `take` offered."""
        self.position += requests
        if self.position >= len(self.paths):
            self.position %= max(1, len(self.paths))
            self.reused = True


def database_url(url: str) -> str:
    """`url` with a relative SQLite path made absolute from the current folder. The shop's app reads a
    relative one from its instance folder (Flask-SQLAlchemy), where the benchmark's database is not:
    `sqlite:///bench/out/shop.sqlite3` found the pools' addresses and then answered every one with 503."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return url
    return parsed.set(database=os.path.abspath(parsed.database)).render_as_string(hide_password=False)


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def _phrases(names: list[tuple[str, str]], rng: random.Random) -> Iterator[str]:
    """1 to 3 words of a real product's name in their order, accented or not, Vietnamese or English:
    half of them words in a row (`mực khô`), half any of its words (`mực tô`, as a shopper leaves some
    out). Runs alone gave 4,600 distinct searches from the seeded names, fewer than a run of the
    benchmark asks for, so later requests were answers cached before; with gaps, 40,000."""
    while True:
        name_vi, name_en = rng.choice(names)
        words = _WORD.findall(name_vi if rng.random() < 0.8 else name_en)
        if not words:
            continue
        size = min(len(words), rng.choice((1, 2, 2, 3, 3)))
        if rng.random() < 0.5:
            start = rng.randrange(len(words) - size + 1)
            chosen = words[start : start + size]
        else:
            chosen = [words[i] for i in sorted(rng.sample(range(len(words)), size))]
        phrase = " ".join(chosen)
        yield fold(phrase).lower() if rng.random() < 0.5 else phrase


def build_pools(url: str, size: int = POOL_SIZE) -> dict[str, Pool]:
    rng = random.Random(RANDOM_SEED)
    slugs = [row[0] for row in _rows(url, "SELECT slug FROM products WHERE status = 'published'")]
    rng.shuffle(slugs)
    products = [f"/products/{slug}" for slug in slugs[:size]]

    names = [(r[0], r[1]) for r in _rows(url, "SELECT name_vi, name_en FROM products WHERE status = 'published'")]
    searches: list[str] = []
    seen: set[str] = set()
    phrases = _phrases(names, rng)
    for _attempt in range(size * 20):
        phrase = next(phrases)
        key = phrase.lower()
        if key in seen:
            continue
        seen.add(key)
        searches.append("/products?" + urlencode({"q": phrase}))
        if len(searches) >= size:
            break

    groups = [r[0] for r in _rows(url, "SELECT slug FROM product_groups")]
    places = [
        r[0] for r in _rows(url, "SELECT DISTINCT l.slug FROM localities l JOIN products p ON p.locality_id = l.id")
    ]
    sorts = ["relevance", "newest", "price_asc", "price_desc", "stars"]
    listings: list[str] = []
    listing_keys: set[tuple[object, ...]] = set()
    for _attempt in range(size * 5):
        args: dict[str, object] = {}
        # Filters combine as they do on the page: some of each, never all at once, mostly the first pages.
        if rng.random() < 0.5:
            args["group"] = rng.choice(groups)
        if rng.random() < 0.4:
            args["locality"] = rng.choice(places)
        if rng.random() < 0.35:
            args["stars"] = rng.choice((3, 4, 5))
        if rng.random() < 0.6:
            args["sort"] = rng.choice(sorts[1:])
        narrowed = "group" in args or "locality" in args or "stars" in args
        args["page"] = rng.randint(1, 5 if narrowed else 400)
        listing_key = tuple(sorted(args.items()))
        if listing_key in listing_keys:
            continue
        listing_keys.add(listing_key)
        listings.append("/products?" + urlencode(args))
        if len(listings) >= size:
            break

    producers = [r[0] for r in _rows(url, "SELECT name FROM producers")]
    localities = [r[0] for r in _rows(url, "SELECT name FROM localities")]
    prefixes: set[str] = set()
    # Twice as many: type-ahead is asked for at two loads (its throughput, then its latency), each
    # fast enough to go through more than `size` in a benchmark's rounds.
    wanted = size * 2
    for _attempt in range(wanted * 5):
        # What a shopper has typed so far: the start of a product's name (from any of its words), a
        # producer's or a place's, 2 to 20 letters, accented or not. Drawn from the whole catalogue, so
        # that nearly every prefix is asked for once, as the other cold workloads' addresses are.
        pick = rng.random()
        if pick < 0.8:
            name_vi, name_en = rng.choice(names)
            source = name_vi if rng.random() < 0.8 else name_en
        else:
            source = rng.choice(producers if pick < 0.9 else localities)
        words = source.split()
        source = " ".join(words[rng.randrange(len(words)) :]) if words else source
        typed = source[: rng.randint(2, min(20, max(2, len(source))))].strip()
        if len(typed) >= 2:
            prefixes.add(fold(typed).lower() if rng.random() < 0.5 else typed)
        if len(prefixes) >= wanted:
            break
    suggest = ["/api/v1/suggest?" + urlencode({"q": p}) for p in sorted(prefixes)]
    rng.shuffle(suggest)

    return {
        "cold product pages": Pool("cold product pages", products),
        "cold searches": Pool("cold searches", searches),
        "cold filtered listings": Pool("cold filtered listings", listings),
        "type-ahead /api/v1/suggest": Pool("type-ahead /api/v1/suggest", suggest),
    }
