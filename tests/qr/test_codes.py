"""GTIN check digits and QR images."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from storefront.qr.codes import gtin_check_digit, normalize_gtin, qr_png, qr_svg


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4006381333931", "04006381333931"),  # a well-known EAN-13
        ("96385074", "00000096385074"),  # GTIN-8
        ("036000291452", "00036000291452"),  # UPC-A
        ("08930000000019", "08930000000019"),
        ("4006381333932", None),  # wrong check digit
        ("40063813339", None),  # wrong length
        ("abc", None),
        ("٤٠٠٦٣٨١٣٣٣٩٣١", None),  # non-ASCII digits
        ("", None),
    ],
)
def test_normalize_gtin(raw: str, expected: str | None) -> None:
    assert normalize_gtin(raw) == expected


def test_check_digit_weights_from_the_right() -> None:
    assert gtin_check_digit("400638133393") == 1
    assert gtin_check_digit("0893000000001") == 9


def test_qr_images_are_real_images() -> None:
    image = Image.open(io.BytesIO(qr_png("https://shop.example/q/ABC")))
    assert image.format == "PNG" and image.width == image.height > 100
    assert qr_svg("https://shop.example/q/ABC").lstrip().startswith(b"<svg")


def test_new_codes_are_short_readable_and_different() -> None:
    from storefront.qr.codes import CODE_LENGTH, new_qr_code

    codes = {new_qr_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == CODE_LENGTH and code.isalnum() and not set(code) & set("01OIL") for code in codes)


def test_targets() -> None:
    from storefront.qr.codes import qr_target

    assert qr_target("https://s.vn", "ABCD2345") == "https://s.vn/q/ABCD2345"
    assert qr_target("https://s.vn", "ABCD2345", lot="L24") == "https://s.vn/q/ABCD2345/L24"
    assert qr_target("https://s.vn", "ABCD2345", gtin="8930000000019") == "https://s.vn/01/08930000000019"
    assert qr_target("https://s.vn", "X", gtin="08930000000019", lot="L24") == "https://s.vn/01/08930000000019/10/L24"


def test_labels_print_half_millimetre_modules_at_300_dpi() -> None:
    import re

    from storefront.qr.labels import MODULE_MM, MODULE_PX, LabelText, label_png, label_svg

    text = LabelText(name="Mực khô Cô Tô", stars="★★★★ OCOP 4 sao", lot="Lô / Lot: L1", code="ABCD2345")
    data = "https://shop.example/01/08930000000019/10/L1"
    svg = label_svg(data, text).decode()
    assert MODULE_MM == 0.5 and 'width="60mm"' in svg and 'height="30mm"' in svg
    # Every dark run is whole modules of 0.5 mm, on the 0.5 mm grid.
    steps = {float(v) for v in re.findall(r"v([\d.]+)h", svg)}
    assert steps == {0.5}
    image = Image.open(io.BytesIO(label_png(data, text)))
    assert MODULE_PX == 6 and round(image.info["dpi"][0]) == 300
    assert image.size == (709, 354)  # 60 x 30 mm at 300 dpi
