"""Simple motifs for the drawn product pictures: each draws inside a box centred on (cx, cy) of half-size r."""

from __future__ import annotations

import math
from collections.abc import Callable

from PIL import ImageDraw

Colour = tuple[int, int, int]
INK: Colour = (38, 38, 46)
WHITE: Colour = (255, 255, 255)


def shade(colour: Colour, factor: float) -> Colour:
    """Lighter above 1 (towards white), darker below."""
    if factor >= 1:
        r, g, b = (min(255, int(c + (255 - c) * (factor - 1))) for c in colour)
    else:
        r, g, b = (int(c * factor) for c in colour)
    return (r, g, b)


Motif = Callable[[ImageDraw.ImageDraw, int, int, int, Colour], None]


def _squid(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.polygon([(cx, cy - r), (cx - r // 2, cy - r // 3), (cx + r // 2, cy - r // 3)], fill=shade(c, 0.8))
    d.ellipse([cx - r // 2.6, cy - r * 0.75, cx + r // 2.6, cy + r * 0.25], fill=c)
    for i in range(-3, 4):
        x = cx + i * r // 9
        d.line([(x, cy + r * 0.15), (x + i * r // 14, cy + r)], fill=c, width=max(4, r // 14))
    for dx in (-r // 7, r // 7):
        d.ellipse([cx + dx - 9, cy - 10, cx + dx + 9, cy + 8], fill=WHITE)


def _noodles(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.chord([cx - r, cy - r // 3, cx + r, cy + r], 0, 180, fill=shade(c, 0.75))
    for i in range(7):
        y = cy - r // 6 + i * 9
        points = [(cx - r * 0.8 + k * r * 0.1, y + 10 * math.sin(k + i)) for k in range(17)]
        d.line(points, fill=shade(c, 1.6), width=5, joint="curve")
    d.line([(cx + r * 0.3, cy - r), (cx + r * 0.1, cy + r * 0.1)], fill=INK, width=7)
    d.line([(cx + r * 0.5, cy - r), (cx + r * 0.2, cy + r * 0.1)], fill=INK, width=7)


def _egg(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    for i, dx in enumerate((-r * 0.55, 0, r * 0.55)):
        top = cy - r * 0.7 + (i % 2) * r * 0.15
        d.ellipse([cx + dx - r * 0.3, top, cx + dx + r * 0.3, top + r * 0.95], fill=(250, 238, 214), outline=c, width=4)
    d.rounded_rectangle([cx - r, cy + r * 0.3, cx + r, cy + r * 0.75], radius=14, fill=c)


def _chicken(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.ellipse([cx - r * 0.7, cy - r * 0.3, cx + r * 0.5, cy + r * 0.6], fill=c)
    d.ellipse([cx + r * 0.2, cy - r * 0.75, cx + r * 0.65, cy - r * 0.2], fill=c)
    d.polygon(
        [(cx + r * 0.63, cy - r * 0.5), (cx + r * 0.85, cy - r * 0.42), (cx + r * 0.63, cy - r * 0.35)],
        fill=(240, 180, 40),
    )
    d.polygon(
        [(cx + r * 0.35, cy - r * 0.78), (cx + r * 0.45, cy - r * 0.95), (cx + r * 0.55, cy - r * 0.76)],
        fill=(210, 40, 40),
    )
    d.polygon([(cx - r * 0.7, cy), (cx - r, cy - r * 0.5), (cx - r * 0.5, cy - r * 0.1)], fill=shade(c, 0.7))
    for dx in (-0.2, 0.1):
        d.line([(cx + r * dx, cy + r * 0.55), (cx + r * dx, cy + r * 0.9)], fill=(240, 180, 40), width=6)
    d.ellipse([cx + r * 0.42, cy - r * 0.57, cx + r * 0.5, cy - r * 0.49], fill=INK)


def _cake(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.ellipse([cx - r, cy + r * 0.2, cx + r, cy + r * 0.8], fill=WHITE, outline=shade(c, 0.7), width=4)
    for dx, dy in ((-0.4, 0.25), (0.35, 0.2), (0, -0.15)):
        x, y = cx + r * dx, cy + r * dy
        d.ellipse([x - r * 0.38, y - r * 0.3, x + r * 0.38, y + r * 0.3], fill=c, outline=shade(c, 0.6), width=4)
        d.arc([x - r * 0.25, y - r * 0.18, x + r * 0.25, y + r * 0.18], 200, 320, fill=shade(c, 1.5), width=4)


def _fish(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.ellipse([cx - r * 0.8, cy - r * 0.4, cx + r * 0.5, cy + r * 0.4], fill=c)
    d.polygon([(cx + r * 0.4, cy), (cx + r, cy - r * 0.45), (cx + r, cy + r * 0.45)], fill=shade(c, 0.75))
    d.ellipse([cx - r * 0.55, cy - r * 0.12, cx - r * 0.4, cy + r * 0.03], fill=WHITE)


def _bottle(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.rounded_rectangle([cx - r * 0.35, cy - r * 0.35, cx + r * 0.35, cy + r], radius=22, fill=c)
    d.rectangle([cx - r * 0.13, cy - r, cx + r * 0.13, cy - r * 0.3], fill=c)
    d.rectangle([cx - r * 0.16, cy - r * 1.05, cx + r * 0.16, cy - r * 0.9], fill=INK)
    d.rounded_rectangle([cx - r * 0.28, cy + r * 0.05, cx + r * 0.28, cy + r * 0.6], radius=8, fill=WHITE)


def _jar(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.rounded_rectangle([cx - r * 0.6, cy - r * 0.5, cx + r * 0.6, cy + r * 0.9], radius=40, fill=c)
    d.rounded_rectangle([cx - r * 0.5, cy - r * 0.8, cx + r * 0.5, cy - r * 0.45], radius=10, fill=shade(c, 0.6))
    d.rounded_rectangle([cx - r * 0.45, cy - r * 0.1, cx + r * 0.45, cy + r * 0.5], radius=10, fill=WHITE)


def _box(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.rectangle([cx - r * 0.8, cy - r * 0.3, cx + r * 0.8, cy + r * 0.8], fill=c)
    d.rectangle([cx - r * 0.9, cy - r * 0.5, cx + r * 0.9, cy - r * 0.25], fill=shade(c, 0.75))
    d.rectangle([cx - r * 0.1, cy - r * 0.5, cx + r * 0.1, cy + r * 0.8], fill=(200, 40, 50))
    d.ellipse([cx - r * 0.45, cy - r * 0.85, cx - r * 0.02, cy - r * 0.45], outline=(200, 40, 50), width=10)
    d.ellipse([cx + r * 0.02, cy - r * 0.85, cx + r * 0.45, cy - r * 0.45], outline=(200, 40, 50), width=10)


def _bag(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.polygon(
        [(cx - r * 0.6, cy - r * 0.6), (cx + r * 0.6, cy - r * 0.6), (cx + r * 0.75, cy + r), (cx - r * 0.75, cy + r)],
        fill=c,
    )
    d.rectangle([cx - r * 0.6, cy - r * 0.75, cx + r * 0.6, cy - r * 0.6], fill=shade(c, 0.65))
    d.rounded_rectangle([cx - r * 0.4, cy - r * 0.1, cx + r * 0.4, cy + r * 0.5], radius=10, fill=WHITE)


def _leaf(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    for angle in (-35, 0, 35):
        rad = math.radians(angle - 90)
        tip = (cx + r * math.cos(rad), cy + r * 0.4 + r * 1.2 * math.sin(rad))
        base = (cx, cy + r * 0.6)
        left = (cx + r * 0.35 * math.cos(rad - 1.2), cy + r * 0.1 + r * 0.5 * math.sin(rad - 1.2))
        right = (cx + r * 0.35 * math.cos(rad + 1.2), cy + r * 0.1 + r * 0.5 * math.sin(rad + 1.2))
        d.polygon([base, left, tip, right], fill=c)
        d.line([base, tip], fill=shade(c, 1.5), width=3)


def _tea(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.chord([cx - r * 0.7, cy - r * 0.2, cx + r * 0.7, cy + r * 0.9], 0, 180, fill=WHITE, outline=c, width=6)
    d.rectangle([cx - r * 0.7, cy + r * 0.34, cx + r * 0.7, cy + r * 0.36], fill=c)
    d.ellipse([cx - r * 0.6, cy + r * 0.2, cx + r * 0.6, cy + r * 0.5], fill=(170, 180, 60))
    _leaf(d, cx, int(cy - r * 0.55), r // 2, c)


def _flower(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.line([(cx, cy), (cx, cy + r)], fill=(70, 140, 70), width=8)
    for k in range(6):
        a = k * math.pi / 3
        px, py = cx + r * 0.4 * math.cos(a), cy - r * 0.2 + r * 0.4 * math.sin(a)
        d.ellipse([px - r * 0.3, py - r * 0.3, px + r * 0.3, py + r * 0.3], fill=c)
    d.ellipse([cx - r * 0.2, cy - r * 0.4, cx + r * 0.2, cy], fill=(250, 210, 60))


def _root(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    for k, dx in enumerate((-0.45, 0, 0.45)):
        x = cx + r * dx
        for j in range(4):
            y = cy - r * 0.7 + j * r * 0.4
            d.ellipse([x - r * 0.16, y, x + r * 0.16, y + r * 0.36], fill=(120 + 20 * k, 60, 110))
    d.line([(cx - r * 0.8, cy - r * 0.8), (cx + r * 0.8, cy - r * 0.8)], fill=c, width=10)


def _textile(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.rectangle([cx - r * 0.85, cy - r * 0.7, cx + r * 0.85, cy + r * 0.85], fill=(36, 48, 92))
    for row in range(3):
        y = cy - r * 0.4 + row * r * 0.45
        for col in range(5):
            x = cx - r * 0.6 + col * r * 0.3
            d.polygon(
                [(x, y - 14), (x + 14, y), (x, y + 14), (x - 14, y)], fill=(220, 50, 60) if col % 2 else (250, 200, 60)
            )
    d.arc([cx - r * 0.5, cy - r * 1.2, cx + r * 0.5, cy - r * 0.3], 180, 360, fill=c, width=10)


def _vase(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.ellipse([cx - r * 0.6, cy - r * 0.3, cx + r * 0.6, cy + r * 0.9], fill=WHITE, outline=c, width=6)
    d.rectangle([cx - r * 0.18, cy - r * 0.85, cx + r * 0.18, cy - r * 0.2], fill=WHITE, outline=c, width=6)
    d.arc([cx - r * 0.4, cy + r * 0.05, cx + r * 0.4, cy + r * 0.6], 20, 160, fill=c, width=6)
    d.line([(cx - r * 0.3, cy + r * 0.3), (cx + r * 0.3, cy + r * 0.3)], fill=c, width=4)


def _boat(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.polygon(
        [(cx - r, cy + r * 0.3), (cx + r, cy + r * 0.3), (cx + r * 0.7, cy + r * 0.7), (cx - r * 0.7, cy + r * 0.7)],
        fill=INK,
    )
    for dx, h in ((-0.45, 0.9), (0.15, 1.05), (0.65, 0.7)):
        x = cx + r * dx
        d.polygon([(x, cy + r * 0.25), (x, cy + r * (0.25 - h)), (x - r * 0.35, cy + r * 0.2)], fill=(200, 80, 40))
        d.line([(x, cy + r * 0.3), (x, cy + r * (0.25 - h))], fill=INK, width=4)
    for k in range(3):
        y = cy + r * 0.85 + k * 10
        d.line([(cx - r + k * 20, y), (cx + r - k * 20, y)], fill=c, width=4)


def _coal(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    for dx, h in ((-0.6, 0.8), (-0.15, 1.2), (0.35, 0.95), (0.75, 0.6)):
        x = cx + r * dx
        d.polygon(
            [
                (x - r * 0.3, cy + r * 0.7),
                (x - r * 0.1, cy + r * (0.7 - h)),
                (x + r * 0.15, cy + r * (0.75 - h)),
                (x + r * 0.3, cy + r * 0.7),
            ],
            fill=(46, 46, 54),
        )
    d.rectangle([cx - r, cy + r * 0.7, cx + r, cy + r * 0.9], fill=c)


def _pearl(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    for k in range(13):
        a = math.pi * (0.1 + 0.8 * k / 12)
        x, y = cx + r * 0.85 * math.cos(a), cy - r * 0.3 + r * 0.85 * math.sin(a)
        d.ellipse([x - 18, y - 18, x + 18, y + 18], fill=(250, 248, 240), outline=shade(c, 0.8), width=2)
    d.chord([cx - r * 0.5, cy - r * 0.9, cx + r * 0.5, cy - r * 0.1], 180, 360, fill=shade(c, 0.7))


def _tree(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.polygon(
        [
            (cx - r * 0.45, cy + r * 0.55),
            (cx + r * 0.45, cy + r * 0.55),
            (cx + r * 0.3, cy + r),
            (cx - r * 0.3, cy + r),
        ],
        fill=(150, 80, 50),
    )
    d.line(
        [(cx, cy + r * 0.55), (cx - r * 0.2, cy), (cx + r * 0.1, cy - r * 0.5)],
        fill=(100, 60, 40),
        width=12,
        joint="curve",
    )
    for dx, dy in ((-0.5, -0.2), (0.4, -0.4), (0, -0.85), (-0.2, 0.1), (0.5, 0.05)):
        x, y = cx + r * dx, cy + r * dy
        d.ellipse([x - 16, y - 16, x + 16, y + 16], fill=c)
        d.ellipse([x - 5, y - 5, x + 5, y + 5], fill=(250, 220, 80))


def _house(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, c: Colour) -> None:
    d.polygon([(cx - r, cy - r * 0.05), (cx, cy - r * 0.8), (cx + r, cy - r * 0.05)], fill=(120, 80, 50))
    d.rectangle([cx - r * 0.7, cy - r * 0.05, cx + r * 0.7, cy + r * 0.45], fill=(190, 140, 90))
    for dx in (-0.6, -0.2, 0.2, 0.6):
        d.line([(cx + r * dx, cy + r * 0.45), (cx + r * dx, cy + r)], fill=(100, 70, 40), width=8)
    d.rectangle([cx - r * 0.15, cy + r * 0.05, cx + r * 0.15, cy + r * 0.45], fill=c)


MOTIFS: dict[str, Motif] = {
    "squid": _squid,
    "noodles": _noodles,
    "egg": _egg,
    "chicken": _chicken,
    "cake": _cake,
    "fish": _fish,
    "bottle": _bottle,
    "jar": _jar,
    "box": _box,
    "bag": _bag,
    "leaf": _leaf,
    "tea": _tea,
    "flower": _flower,
    "root": _root,
    "textile": _textile,
    "vase": _vase,
    "boat": _boat,
    "coal": _coal,
    "pearl": _pearl,
    "tree": _tree,
    "house": _house,
}
