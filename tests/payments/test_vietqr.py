"""VietQR payloads against the EMVCo rules and two payloads whose CRC is known good (DOMAIN.md)."""

from __future__ import annotations

import pytest

from storefront.payments.vietqr import (
    BankAccount,
    VietQRError,
    build_payload,
    crc16_ccitt_false,
    has_valid_crc,
    parse_tlv,
    problems,
)

KNOWN_WITH_AMOUNT = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
    "62170813ung ho lu lut6304C15C"
)
KNOWN_STATIC = "00020001021238570010A00000072701270006970436011308810004580860208QRIBFTTA53037045802VN6304CD60"


def test_crc16_ccitt_false_check_value() -> None:
    assert crc16_ccitt_false("123456789") == "29B1"  # the catalogue check value of CRC-16/CCITT-FALSE


@pytest.mark.parametrize("payload, crc", [(KNOWN_WITH_AMOUNT, "C15C"), (KNOWN_STATIC, "CD60")])
def test_known_payloads_crc(payload: str, crc: str) -> None:
    assert crc16_ccitt_false(payload[:-4]) == crc
    assert has_valid_crc(payload)


def test_builder_reproduces_the_known_payload_byte_for_byte() -> None:
    payload = build_payload(BankAccount("970415", "0011001932418"), amount_vnd=120_000, note="ung ho lu lut")
    assert payload == KNOWN_WITH_AMOUNT
    assert problems(payload) == []


def test_second_known_payload_has_a_good_crc_but_breaks_the_format_rules() -> None:
    # Its CRC is right, but field 00 says "00" and a dynamic (12) code carries no amount: a checker must say so.
    found = problems(KNOWN_STATIC)
    assert "CRC does not match" not in found
    assert "field 00 (payload format) must be 01" in found
    assert "a dynamic (12) code carries an amount in field 54" in found


def test_a_static_code_has_no_amount() -> None:
    payload = build_payload(BankAccount("970436", "0881000458086"))
    fields = dict(parse_tlv(payload))
    assert fields["01"] == "11" and "54" not in fields and problems(payload) == []


def test_an_order_payload_carries_amount_and_reference() -> None:
    payload = build_payload(BankAccount("970436", "0011004312345"), amount_vnd=1_110_000, note="QN7K4M2XPA")
    fields = dict(parse_tlv(payload))
    assert fields["54"] == "1110000" and fields["53"] == "704" and fields["58"] == "VN"
    assert dict(parse_tlv(fields["62"]))["08"] == "QN7K4M2XPA"
    merchant = dict(parse_tlv(fields["38"]))
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert dict(parse_tlv(merchant["01"])) == {"00": "970436", "01": "0011004312345"}
    assert list(fields)[-1] == "63" and problems(payload) == []


def test_a_flipped_character_breaks_the_crc() -> None:
    broken = KNOWN_WITH_AMOUNT.replace("120000", "920000")
    assert not has_valid_crc(broken)
    assert "CRC does not match" in problems(broken)


@pytest.mark.parametrize(
    "account, kwargs",
    [
        (BankAccount("97041", "123"), {}),
        (BankAccount("970415", ""), {}),
        (BankAccount("970415", "12 34"), {}),
        (BankAccount("970415", "1234"), {"amount_vnd": 0}),
        (BankAccount("970415", "1234"), {"amount_vnd": -5}),
        (BankAccount("970415", "1234"), {"amount_vnd": 10**30}),
        (BankAccount("970415", "1234"), {"note": "x" * 26}),
        (BankAccount("970415", "1234"), {"note": "ủng hộ"}),
    ],
)
def test_bad_inputs_are_refused(account: BankAccount, kwargs: dict) -> None:
    with pytest.raises(VietQRError):
        build_payload(account, **kwargs)


def test_a_length_in_odd_digits_is_a_vietqr_error_not_a_crash() -> None:
    from storefront.payments.vietqr import VietQRError, parse_tlv, problems

    with pytest.raises(VietQRError):
        parse_tlv("00²1X")
    assert problems("00²1X")
