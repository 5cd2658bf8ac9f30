"""GS1 Digital Link URIs for GTINs: parsing and checking their syntax. Pure functions.

`/01/{gtin}` with optional key qualifiers `/22/{cpv}`, `/10/{lot}`, `/21/{serial}` in that order (GS1 Digital
Link URI Syntax 1.x), and data attributes in the query string (`?17=YYMMDD`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from storefront.qr.codes import normalize_gtin

#: The key qualifiers of AI 01 in the only order the standard allows.
GTIN_QUALIFIERS = ("22", "10", "21")
#: GS1 AI encodable character set 82, at most 20 characters (AIs 10, 21 and 22).
_CSET82 = re.compile(r"[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}")
#: Date AIs (production, best before, sell by, expiry...) that may come as data attributes: YYMMDD.
_DATE_AIS = {"11", "12", "13", "15", "16", "17"}

#: GS1 Web Vocabulary, as GS1's model link set writes its link types.
GS1_VOC = "https://ref.gs1.org/voc/"
_VOC_PREFIXES = ("gs1:", GS1_VOC, "https://gs1.org/voc/", "http://gs1.org/voc/", "https://www.gs1.org/voc/")


class InvalidDigitalLink(ValueError):
    """The URI is not a syntactically valid GS1 Digital Link: the resolver answers 400."""


@dataclass(frozen=True)
class DigitalLink:
    gtin: str
    qualifiers: tuple[tuple[str, str], ...] = ()

    @property
    def lot(self) -> str | None:
        return dict(self.qualifiers).get("10")

    @property
    def path(self) -> str:
        """The uncompressed path, GTIN as 14 digits, qualifiers in order: the link set's anchor."""
        return f"/01/{self.gtin}" + "".join(f"/{ai}/{value}" for ai, value in self.qualifiers)


def parse(gtin: str, rest: str = "", query: Mapping[str, str] | None = None) -> DigitalLink:
    """The Digital Link for `/01/<gtin>/<rest>`; raises InvalidDigitalLink on any syntax error.

    A trailing slash is tolerated (the standard says a resolver SHOULD); anything else out of place, an
    unknown qualifier, a repeated or misordered one, a bad GTIN check digit, is an error.
    """
    normalized = normalize_gtin(gtin) if len(gtin) <= 14 else None
    if normalized is None:
        raise InvalidDigitalLink("not a valid GTIN (length or check digit)")
    rest = rest[:-1] if rest.endswith("/") else rest
    segments = rest.split("/") if rest else []
    if len(segments) % 2:
        raise InvalidDigitalLink("a path segment without its value")
    qualifiers: list[tuple[str, str]] = []
    position = -1
    for ai, value in zip(segments[::2], segments[1::2], strict=True):
        if ai not in GTIN_QUALIFIERS:
            raise InvalidDigitalLink(f"{ai!r} is not a key qualifier of a GTIN")
        index = GTIN_QUALIFIERS.index(ai)
        if index <= position:
            raise InvalidDigitalLink("key qualifiers out of order or repeated")
        if not _CSET82.fullmatch(value):
            raise InvalidDigitalLink(f"bad value for AI {ai}")
        position = index
        qualifiers.append((ai, value))
    for key, value in (query or {}).items():
        if key in _DATE_AIS and not _is_yymmdd(value):
            raise InvalidDigitalLink(f"AI {key} must be a date YYMMDD")
    return DigitalLink(normalized, tuple(qualifiers))


def _is_yymmdd(value: str) -> bool:
    if len(value) != 6 or not value.isascii() or not value.isdigit():
        return False
    year, month, day = 2000 + int(value[:2]), int(value[2:4]), int(value[4:])
    if day == 0:  # GS1: day 00 means the last day of the month
        day = 1
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def link_type_name(raw: str | None) -> str | None:
    """`gs1:pip`, `pip` and the vocabulary's full URIs all as `pip`; None when none was asked for."""
    if raw is None:
        return None
    raw = raw.strip()
    for prefix in _VOC_PREFIXES:
        if raw.startswith(prefix):
            return raw[len(prefix) :]
    return raw
