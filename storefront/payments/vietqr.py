"""VietQR (NAPAS 247) payloads: an EMVCo merchant-presented QR for a bank transfer. Pure: no app, no database.

Layout (EMVCo MPM, NAPAS profile): `00` format `01`; `01` `11` static or `12` with an amount; `38` the
beneficiary {`00` AID `A000000727`, `01` {`00` bank BIN, `01` account number}, `02` `QRIBFTTA`};
`53` currency `704`; `54` amount; `58` `VN`; `62`.`08` the transfer note; `63` CRC-16/CCITT-FALSE over
everything up to and including `6304`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAPAS_AID = "A000000727"
#: "Quick transfer to an account": the service code for a transfer to an account number.
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
MAX_NOTE_LENGTH = 25

_ASCII_NOTE = re.compile(r"^[A-Za-z0-9 .\-]*$")


class VietQRError(ValueError):
    """The bank details or the amount cannot make a valid VietQR payload."""


def crc16_ccitt_false(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor), as 4 upper-case hex digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return f"{crc:04X}"


def tlv(tag: str, value: str) -> str:
    if len(tag) != 2 or not tag.isdigit():
        raise VietQRError(f"bad tag {tag!r}")
    length = len(value.encode("utf-8"))
    if length > 99:
        raise VietQRError(f"field {tag} is longer than 99 bytes")
    return f"{tag}{length:02d}{value}"


def parse_tlv(data: str) -> list[tuple[str, str]]:
    """Split a TLV string into (tag, value) pairs; raises VietQRError if it does not add up."""
    fields: list[tuple[str, str]] = []
    i = 0
    while i < len(data):
        if i + 4 > len(data):
            raise VietQRError("truncated field header")
        tag, raw_length = data[i : i + 2], data[i + 2 : i + 4]
        if not (raw_length.isascii() and raw_length.isdigit()):  # "²" is a digit int() refuses
            raise VietQRError(f"bad length for field {tag}")
        length = int(raw_length)
        value = data[i + 4 : i + 4 + length]
        if len(value) != length:
            raise VietQRError(f"field {tag} is truncated")
        fields.append((tag, value))
        i += 4 + length
    return fields


@dataclass(frozen=True)
class BankAccount:
    bin: str  # the bank's 6-digit NAPAS BIN, e.g. 970436 (Vietcombank)
    account_no: str
    account_name: str = ""


def build_payload(account: BankAccount, *, amount_vnd: int | None = None, note: str = "") -> str:
    """The text to encode in the QR code. An amount makes it a dynamic (`12`) code."""
    if not re.fullmatch(r"\d{6}", account.bin):
        raise VietQRError("the bank BIN is six digits")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", account.account_no):
        raise VietQRError("the account number is 1 to 19 letters or digits")
    if amount_vnd is not None and (isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int)):
        raise VietQRError("the amount is whole đồng")
    if amount_vnd is not None and not 0 < amount_vnd <= 9_999_999_999_999:
        raise VietQRError("the amount must be positive and at most 13 digits")
    if len(note) > MAX_NOTE_LENGTH or not _ASCII_NOTE.match(note):
        raise VietQRError("the transfer note is at most 25 plain ASCII letters, digits, spaces, dots or dashes")

    beneficiary = tlv("00", account.bin) + tlv("01", account.account_no)
    merchant = tlv("00", NAPAS_AID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    parts = [
        tlv("00", "01"),
        tlv("01", "12" if amount_vnd is not None else "11"),
        tlv("38", merchant),
        tlv("53", CURRENCY_VND),
    ]
    if amount_vnd is not None:
        parts.append(tlv("54", str(amount_vnd)))
    parts.append(tlv("58", COUNTRY_VN))
    if note:
        parts.append(tlv("62", tlv("08", note)))
    body = "".join(parts) + "6304"
    return body + crc16_ccitt_false(body)


def has_valid_crc(payload: str) -> bool:
    """True when the payload ends in `6304` + the CRC of everything before the CRC's four digits."""
    return len(payload) > 8 and payload[-8:-4] == "6304" and crc16_ccitt_false(payload[:-4]) == payload[-4:].upper()


def problems(payload: str) -> list[str]:
    """What in `payload` breaks the VietQR rules above; empty for a good payload."""
    try:
        fields = dict(parse_tlv(payload))
    except VietQRError as exc:
        return [str(exc)]
    found: list[str] = []
    if not has_valid_crc(payload):
        found.append("CRC does not match")
    if fields.get("00") != "01":
        found.append("field 00 (payload format) must be 01")
    if fields.get("01") not in {"11", "12"}:
        found.append("field 01 must be 11 (static) or 12 (with an amount)")
    if fields.get("01") == "12" and "54" not in fields:
        found.append("a dynamic (12) code carries an amount in field 54")
    if fields.get("53") != CURRENCY_VND:
        found.append("field 53 must be 704 (VND)")
    if fields.get("58") != COUNTRY_VN:
        found.append("field 58 must be VN")
    try:
        merchant = dict(parse_tlv(fields.get("38", "")))
        beneficiary = dict(parse_tlv(merchant.get("01", "")))
    except VietQRError:
        merchant, beneficiary = {}, {}
    if merchant.get("00") != NAPAS_AID or merchant.get("02") != SERVICE_TO_ACCOUNT:
        found.append("field 38 must name NAPAS (A000000727) and QRIBFTTA")
    if not re.fullmatch(r"\d{6}", beneficiary.get("00", "")) or not beneficiary.get("01"):
        found.append("field 38.01 must carry a bank BIN and an account number")
    if list(fields)[-1:] != ["63"]:
        found.append("field 63 (CRC) must come last")
    return found
