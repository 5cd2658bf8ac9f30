"""Pictures drawn by the project itself: there is no internet to fetch photographs from.

Each product gets a flat illustration: its group's colours, a simple motif of what it is, and its name.
Drawing is deterministic, so the same data gives the same files; an existing file is kept, which makes
a second `seed demo` fast.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from storefront.seed.motifs import INK, MOTIFS, WHITE, Colour, shade

WIDTH, HEIGHT = 800, 600
LOGO_SIZE = 256

#: Background and accent per top OCOP group: warm for food, wine for drinks, green for herbs...
GROUP_COLOURS: dict[str, tuple[Colour, Colour]] = {
    "1": ((253, 236, 210), (214, 112, 38)),
    "2": ((246, 224, 230), (140, 36, 72)),
    "3": ((226, 242, 222), (54, 120, 62)),
    "4": ((230, 232, 246), (62, 74, 150)),
    "5": ((250, 226, 240), (196, 64, 128)),
    "6": ((218, 238, 246), (24, 110, 150)),
}

# Fonts with Vietnamese glyphs where the system has them; Pillow's own font otherwise.
_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)


@lru_cache(maxsize=16)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in _FONT_CANDIDATES:
        if os.path.exists(candidate):
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=face) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def draw_product(name: str, caption: str, group_code: str, motif: str) -> Image.Image:
    """An 800×600 card: the group's colours, a motif, the product's name and a caption (its group)."""
    background, accent = GROUP_COLOURS.get(group_code, GROUP_COLOURS["1"])
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    # A soft sun and a horizon give depth without noise.
    draw.ellipse([WIDTH - 260, -120, WIDTH + 60, 200], fill=shade(background, 1.4))
    draw.rectangle([0, 300, WIDTH, 400], fill=shade(background, 0.93))
    MOTIFS.get(motif, MOTIFS["box"])(draw, WIDTH // 2, 200, 140, accent)

    draw.rounded_rectangle([40, 390, WIDTH - 40, HEIGHT - 24], radius=24, fill=WHITE)
    face = font(40)
    lines = _wrap(draw, name, face, WIDTH - 140)[:2]
    y = 410 if len(lines) == 2 else 436
    for line in lines:
        draw.text((WIDTH // 2, y), line, font=face, fill=INK, anchor="mt")
        y += 50
    size = 24
    while size > 12 and draw.textlength(caption, font=font(size)) > WIDTH - 120:
        size -= 2
    draw.text((WIDTH // 2, HEIGHT - 44), caption, font=font(size), fill=accent, anchor="ms")
    return image


def initials(name: str) -> str:
    skip = {"htx", "công", "ty", "tnhh", "cp", "hộ", "kinh", "doanh", "cơ", "sở", "xưởng", "tổ", "hợp", "tác"}
    words = [w for w in name.split() if w.lower() not in skip]
    return "".join(w[0] for w in words[-2:]).upper() or name[:2].upper()


def draw_logo(name: str, seed_text: str) -> Image.Image:
    """A round badge with the producer's initials, its colour picked from its slug."""
    palette = [accent for _, accent in GROUP_COLOURS.values()]
    colour = palette[int(hashlib.sha256(seed_text.encode()).hexdigest(), 16) % len(palette)]
    image = Image.new("RGB", (LOGO_SIZE, LOGO_SIZE), WHITE)
    draw = ImageDraw.Draw(image)
    draw.ellipse([8, 8, LOGO_SIZE - 8, LOGO_SIZE - 8], fill=colour)
    draw.ellipse([22, 22, LOGO_SIZE - 22, LOGO_SIZE - 22], outline=WHITE, width=4)
    draw.text((LOGO_SIZE // 2, LOGO_SIZE // 2), initials(name), font=font(92), fill=WHITE, anchor="mm")
    return image


def save(image: Image.Image, media_root: str, relative_path: str) -> tuple[int, int]:
    """Write under MEDIA_ROOT (JPEG or PNG by extension) unless the file is there; return its size."""
    target = Path(media_root) / relative_path
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        if relative_path.endswith(".png"):
            image.save(tmp, format="PNG", optimize=True)
        else:
            image.save(tmp, format="JPEG", quality=85, optimize=True, progressive=True)
        os.replace(tmp, target)  # a reader never sees half a file
    return image.size


def ensure_product_picture(
    media_root: str, relative_path: str, name: str, caption: str, group_code: str, motif: str
) -> tuple[int, int]:
    """Draw the picture only when its file is missing: drawing is the slow part of seeding."""
    if (Path(media_root) / relative_path).exists():
        return WIDTH, HEIGHT
    return save(draw_product(name, caption, group_code, motif), media_root, relative_path)


def ensure_logo(media_root: str, relative_path: str, name: str, slug: str) -> tuple[int, int]:
    if (Path(media_root) / relative_path).exists():
        return LOGO_SIZE, LOGO_SIZE
    return save(draw_logo(name, slug), media_root, relative_path)
