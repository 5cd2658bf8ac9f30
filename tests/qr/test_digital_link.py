"""Parsing GS1 Digital Link paths: GTIN lengths, check digits, qualifiers in order, data attributes."""

from __future__ import annotations

import pytest

from storefront.qr.digital_link import InvalidDigitalLink, link_type_name, parse


@pytest.mark.parametrize(
    ("gtin", "expected"),
    [
        ("08930000000019", "08930000000019"),
        ("8930000000019", "08930000000019"),  # GTIN-13, padded
        ("036000291452", "00036000291452"),  # GTIN-12 (UPC-A)
        ("96385074", "00000096385074"),  # GTIN-8
    ],
)
def test_gtins_of_every_length_become_14_digits(gtin: str, expected: str) -> None:
    assert parse(gtin).gtin == expected
    assert parse(gtin).path == f"/01/{expected}"


@pytest.mark.parametrize(
    ("gtin", "rest", "query"),
    [
        ("08930000000018", "", {}),  # bad check digit
        ("0893000000001", "", {}),  # 13 digits, wrong check digit
        ("12345", "", {}),
        ("089300000000190", "", {}),  # 15 digits
        ("0893O000000019", "", {}),
        ("08930000000019", "foo", {}),  # a segment without its value
        ("08930000000019", "10/LOT1/foo", {}),
        ("08930000000019", "99/X", {}),  # not a GTIN qualifier
        ("08930000000019", "21/S1/10/LOT1", {}),  # out of order: lot comes before serial
        ("08930000000019", "10/A/10/B", {}),  # repeated
        ("08930000000019", "10/" + "X" * 21, {}),  # AI 10 is at most 20 characters
        ("08930000000019", "10/LÔ1", {}),  # outside GS1's character set 82
        ("08930000000019", "", {"17": "261341"}),  # month 13
        ("08930000000019", "", {"17": "2612"}),
    ],
)
def test_syntax_errors(gtin: str, rest: str, query: dict[str, str]) -> None:
    with pytest.raises(InvalidDigitalLink):
        parse(gtin, rest, query)


def test_qualifiers_in_order_and_a_trailing_slash() -> None:
    link = parse("8930000000019", "22/V2/10/L2411/21/S77/")
    assert link.qualifiers == (("22", "V2"), ("10", "L2411"), ("21", "S77"))
    assert link.lot == "L2411"
    assert link.path == "/01/08930000000019/22/V2/10/L2411/21/S77"
    assert parse("08930000000019", "", {"17": "261200", "foo": "bar"}).lot is None


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("gs1:pip", "pip"),
        ("https://ref.gs1.org/voc/pip", "pip"),
        ("https://gs1.org/voc/certificationInfo", "certificationInfo"),
        ("linkset", "linkset"),
        ("nonsense", "nonsense"),
        (None, None),
    ],
)
def test_link_type_names(raw: str | None, name: str | None) -> None:
    assert link_type_name(raw) == name
