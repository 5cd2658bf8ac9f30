"""Codes printed on packages: GS1 GTINs and the QR code's target. Pure functions."""

from __future__ import annotations

import io

import segno


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


def qr_target(base_url: str, qr_code: str) -> str:
    """What a pack's QR code encodes: short, so the code stays small and scans from a photo."""
    return f"{base_url}/q/{qr_code}"


def qr_png(data: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(data: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="svg", scale=scale, border=4, xmldecl=False, title="QR")
    return out.getvalue()
