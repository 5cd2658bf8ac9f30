"""Codes printed on packages: GS1 GTINs, what a pack's QR code encodes, and its images. Pure functions."""

from __future__ import annotations

import io
import secrets

import segno

#: Error correction Q restores up to a quarter of the code: a pack's code is printed on a curved bag or jar,
#: creased, scuffed and photographed at an angle, and at Q our short addresses still fit in a small symbol
#: (version 3 or 4). segno raises the level further when it costs no extra modules.
ERROR_LEVEL = "q"
#: The quiet zone ISO/IEC 18004 asks for: four modules of blank on every side, never less.
QUIET_ZONE = 4

#: Letters and digits a person can read back over the phone: no 0/O, 1/I/L.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_qr_code() -> str:
    """A product's printed code: random, so it owes nothing to the name or slug and never changes with them."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def gtin_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for the digits before it (weights 3,1,3... from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def normalize_gtin(raw: str) -> str | None:
    """A GTIN-8/12/13/14 as the 14 digits GS1 Digital Link uses, or None when it is not a valid GTIN."""
    digits = raw.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        return None
    padded = digits.zfill(14)
    return padded if gtin_check_digit(padded[:-1]) == int(padded[-1]) else None


def gtin_variants(gtin14: str) -> set[str]:
    """The ways a GTIN may be stored: as its 14 digits, or as the GTIN-13/12/8 printed under the barcode."""
    return {gtin14, gtin14[1:], gtin14[2:], gtin14[6:]}


def qr_target(base_url: str, qr_code: str, *, gtin: str | None = None, lot: str | None = None) -> str:
    """What a pack's QR code encodes: the GS1 Digital Link URI when the product has a GTIN, else /q/<code>.

    Either way short, so the symbol stays small; a batch's code adds its lot (GS1's AI 10).
    """
    if gtin:
        gtin14 = normalize_gtin(gtin) or gtin
        return f"{base_url}/01/{gtin14}" + (f"/10/{lot}" if lot else "")
    return f"{base_url}/q/{qr_code}" + (f"/{lot}" if lot else "")


def make_symbol(data: str) -> segno.QRCode:
    return segno.make(data, error=ERROR_LEVEL, micro=False)


def qr_png(data: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    make_symbol(data).save(out, kind="png", scale=scale, border=QUIET_ZONE)
    return out.getvalue()


def qr_svg(data: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    make_symbol(data).save(out, kind="svg", scale=scale, border=QUIET_ZONE, xmldecl=False, title="QR")
    return out.getvalue()
