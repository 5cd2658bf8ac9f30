"""Labels to print and stick on packs: the QR code, the product's name, its stars, the lot and the code.

Module size 0.5 mm (6 dots at 300 dpi in the PNG, exactly 0.5 mm in the SVG). Why: our addresses make a
version 3 to 5 symbol (29 to 37 modules), so with its 4-module quiet zone the code is 18.5 to 22.5 mm
wide: small enough for a 60 x 30 mm label and a jar's curve, while a phone camera resolves 0.5 mm modules
from 10 to 25 cm, and office laser and inkjet printers, at 300 dpi or more, print them without the dot
gain that fills in smaller modules. Error correction Q (codes.ERROR_LEVEL) covers the scuffs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw

from storefront.qr.codes import QUIET_ZONE, make_symbol

MODULE_MM = 0.5
DPI = 300
LABEL_HEIGHT_MM = 30.0
LABEL_WIDTH_MM = 60.0
_PX_PER_MM = DPI / 25.4
#: Whole dots per module at 300 dpi: 6 dots = 0.508 mm, the nearest to MODULE_MM that prints crisply.
MODULE_PX = round(MODULE_MM * _PX_PER_MM)
NAME_MM = 3.2


@dataclass(frozen=True)
class LabelText:
    name: str
    #: "★★★★ OCOP 4 sao" or "" when the product carries no valid stars.
    stars: str
    #: "Lô / Lot: L2411", or "" for a product-level label.
    lot: str
    #: The printed short code, readable by a person when the camera fails.
    code: str


def _wrap(text: str, width_mm: float, size_mm: float, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `width_mm` at a bold font of `size_mm`, measured with the font the
    PNG draws with (DejaVu Sans where the system has it; the SVG names the same family)."""
    from storefront.seed.images import font

    face = font(round(size_mm * _PX_PER_MM))
    limit = width_mm * _PX_PER_MM

    def fits(candidate: str) -> bool:
        return face.getlength(candidate) <= limit

    out: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if fits(candidate) or not line:
            line = candidate
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and not fits(last + "…"):
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out


def _dark_runs(data: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The symbol's side in modules (with its quiet zone) and its dark modules as (row, column, run length)."""
    matrix = [list(row) for row in make_symbol(data).matrix_iter(border=QUIET_ZONE)]
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return len(matrix), runs


def label_svg(data: str, text: LabelText) -> bytes:
    """One label as SVG in millimetres: the QR on the left at MODULE_MM, the words on the right."""
    side, runs = _dark_runs(data)
    qr_mm = side * MODULE_MM
    height = max(LABEL_HEIGHT_MM, qr_mm + 2)
    width = max(LABEL_WIDTH_MM, qr_mm + 34)
    top = (height - qr_mm) / 2
    path = "".join(
        f"M{x * MODULE_MM:g} {y * MODULE_MM:g}h{n * MODULE_MM:g}v{MODULE_MM:g}h-{n * MODULE_MM:g}z" for y, x, n in runs
    )
    left = qr_mm + 1.5
    lines = [
        f'<text x="{left:g}" y="{6 + 3.8 * i:g}" font-size="{NAME_MM:g}" font-weight="bold">{escape(line)}</text>'
        for i, line in enumerate(_wrap(text.name, width - left - 1.5, NAME_MM, 3))
    ]
    y = 6 + 3.8 * len(lines) + 0.6
    extras = []
    for value, size in ((text.stars, 3.0), (text.lot, 3.0), (text.code, 3.0)):
        if value:
            extras.append(f'<text x="{left:g}" y="{y:g}" font-size="{size:g}">{escape(value)}</text>')
            y += size + 1.2
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}mm" height="{height:g}mm" viewBox="0 0 {width:g} {height:g}">'
        f"<title>{escape(text.name)}</title>"
        f'<rect width="{width:g}" height="{height:g}" fill="#fff"/>'
        f'<path transform="translate(0 {top:g})" fill="#000" d="{path}"/>'
        f'<g font-family="DejaVu Sans, Arial, sans-serif" fill="#000">{"".join(lines)}{"".join(extras)}</g>'
        "</svg>"
    )
    return svg.encode()


def label_png(data: str, text: LabelText) -> bytes:
    """The same label at 300 dpi, MODULE_PX dots per module, for printers that take pictures."""
    from storefront.seed.images import font

    side, runs = _dark_runs(data)
    qr_px = side * MODULE_PX
    mm = _PX_PER_MM
    height = max(round(LABEL_HEIGHT_MM * mm), qr_px + round(2 * mm))
    width = max(round(LABEL_WIDTH_MM * mm), qr_px + round(34 * mm))
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    top = (height - qr_px) // 2
    for y, x, n in runs:
        draw.rectangle(
            [x * MODULE_PX, top + y * MODULE_PX, (x + n) * MODULE_PX - 1, top + (y + 1) * MODULE_PX - 1], fill=0
        )
    left = qr_px + round(1.5 * mm)
    y_px = round(2.5 * mm)
    bold = font(round(NAME_MM * mm))
    for line in _wrap(text.name, width / mm - left / mm - 1.5, NAME_MM, 3):
        draw.text((left, y_px), line, font=bold, fill=0)
        y_px += round(3.8 * mm)
    y_px += round(0.6 * mm)
    regular = font(round(3.0 * mm))
    for value in (text.stars, text.lot, text.code):
        if value:
            draw.text((left, y_px), value, font=regular, fill=0)
            y_px += round(4.2 * mm)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(DPI, DPI), optimize=True)
    return out.getvalue()
