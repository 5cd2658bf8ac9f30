"""The shapes of the demo data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CertSeed:
    """A recognition: the score, how many days before the seeding day it was decided, and the decision's number.

    Dates are relative so the demo keeps valid certificates whenever it is loaded; the issuer follows from
    the date and the stars, as the rules of the time said.
    """

    score: int
    days_ago: int
    decision_no: int


@dataclass(frozen=True)
class ProductSeed:
    producer: str  # ProducerSeed.slug
    group: str  # GroupSeed.code of a subgroup
    name_vi: str
    name_en: str
    unit_vi: str
    unit_en: str
    price_vnd: int
    stock: int
    #: What the drawn picture shows: see storefront.seed.images.MOTIFS.
    motif: str
    description_vi: str
    description_en: str
    certs: tuple[CertSeed, ...] = ()
    #: Item reference after the producer's GS1 company prefix; the check digit is computed.
    gtin: str = ""
    status: str = "published"
