"""Pictures drawn by the project itself: there is no internet to fetch photographs from.

Each product gets a flat illustration: its group's colours, a simple motif of what it is, and its name.
Drawing is deterministic, so the same data gives the same files; an existing file is kept, which makes
a second `seed demo` fast.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select, update

from storefront.catalog.models import ProductImage
from storefront.catalog.pictures import variant
from storefront.extensions import db
from storefront.media import images as media_images
from storefront.media.storage import LocalStorage
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


@lru_cache(maxsize=32)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in _FONT_CANDIDATES:
        if os.path.exists(candidate):
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


#: Bumped whenever the drawing changes: it is part of every picture's file name (`versioned`), so a media
#: folder from an older seed gets the new pictures instead of keeping the old files forever.
#: 4: stored as uploads are, a WebP copy per size (the card's 480 px one for the grids).
DRAWING_VERSION = 4

#: The white card under the motif, and how far text keeps from its edges. The shop shows pictures in
#: square frames (object-fit: cover), which crop 100 px off each side: the card stays inside that square.
SQUARE = ((WIDTH - HEIGHT) // 2, 0, (WIDTH + HEIGHT) // 2, HEIGHT)
CARD = (SQUARE[0] + 16, 384, SQUARE[2] - 16, HEIGHT - 20)
TEXT_MARGIN = 20
NAME_SIZES = (40, 22)  # largest and smallest font size for the name
CAPTION_SIZES = (24, 14)

Face = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True)
class TextPlacement:
    """One line of text and where it goes: what `draw_product` draws and what the tests measure."""

    text: str
    xy: tuple[int, int]
    face: Face
    role: str  # "name" or "caption": they differ in colour
    anchor: str = "mt"


def versioned(path_without_extension: str) -> str:
    """A product picture's path: its page-sized copy, named as an upload's (catalog.pictures.variant finds
    the others)."""
    return f"{path_without_extension}-v{DRAWING_VERSION}-page.{media_images.OUTPUT_EXTENSION}"


def _width(draw: ImageDraw.ImageDraw, text: str, face: Face) -> float:
    left, _, right, _ = draw.textbbox((0, 0), text, font=face)
    return right - left


def _wrap(draw: ImageDraw.ImageDraw, text: str, face: Face, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and _width(draw, f"{lines[-1]} {word}", face) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _ellipsize(draw: ImageDraw.ImageDraw, text: str, face: Face, width: int) -> str:
    if _width(draw, text, face) <= width:
        return text
    while text and _width(draw, f"{text}…", face) > width:
        text = text[:-1].rstrip()
    return f"{text}…"


def _balance(draw: ImageDraw.ImageDraw, lines: list[str], face: Face) -> list[str]:
    """Two lines of even length read better than a full line and a lone "1 kg"."""
    words = " ".join(lines).split()
    splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    best = min(splits, key=lambda pair: max(_width(draw, pair[0], face), _width(draw, pair[1], face)))
    return list(best)


def fit_lines(
    draw: ImageDraw.ImageDraw, text: str, sizes: tuple[int, int], width: int, max_lines: int = 2
) -> tuple[Face, list[str]]:
    """The largest font (down to the smallest size) at which `text` wraps into `max_lines` lines of `width`.

    Text too long even at the smallest size is cut with an ellipsis rather than drawn past the card.
    """
    largest, smallest = sizes
    for size in range(largest, smallest - 1, -2):
        face = font(size)
        lines = _wrap(draw, text, face, width)
        if len(lines) <= max_lines and all(_width(draw, line, face) <= width for line in lines):
            return face, _balance(draw, lines, face) if len(lines) == 2 else lines
    face = font(smallest)
    lines = _wrap(draw, text, face, width)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])]
    return face, [_ellipsize(draw, line, face, width) for line in lines]


def _line_height(face: Face) -> int:
    return int(getattr(face, "size", 12) * 1.22)


def layout_text(draw: ImageDraw.ImageDraw, name: str, caption: str) -> list[TextPlacement]:
    """Place the name (one or two lines) and the caption (one or two lines) inside the white card."""
    left, top, right, bottom = CARD
    width = right - left - 2 * TEXT_MARGIN
    caption_face, caption_lines = fit_lines(draw, caption, CAPTION_SIZES, width) if caption.strip() else (font(14), [])
    caption_height = len(caption_lines) * _line_height(caption_face)
    # The name gets what the caption leaves, with a gap between them.
    room = bottom - top - 2 * (TEXT_MARGIN - 8) - caption_height - (12 if caption_lines else 0)
    largest = min(NAME_SIZES[0], max(NAME_SIZES[1], int(room / 2 / 1.22)))
    name_face, name_lines = fit_lines(draw, name, (largest, NAME_SIZES[1]), width)
    name_height = len(name_lines) * _line_height(name_face)
    used = name_height + caption_height + (12 if caption_lines else 0)
    y = top + max(TEXT_MARGIN - 8, (bottom - top - used) // 2)
    placements: list[TextPlacement] = []
    for line in name_lines:
        placements.append(TextPlacement(line, (WIDTH // 2, y), name_face, "name"))
        y += _line_height(name_face)
    y += 12
    for line in caption_lines:
        placements.append(TextPlacement(line, (WIDTH // 2, y), caption_face, "caption"))
        y += _line_height(caption_face)
    return placements


def draw_product(name: str, caption: str, group_code: str, motif: str) -> Image.Image:
    """An 800×600 card: the group's colours, a motif, the product's name and a caption (its group)."""
    background, accent = GROUP_COLOURS.get(group_code, GROUP_COLOURS["1"])
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    # A soft sun and a horizon give depth without noise.
    draw.ellipse([WIDTH - 260, -120, WIDTH + 60, 200], fill=shade(background, 1.4))
    draw.rectangle([0, 300, WIDTH, 400], fill=shade(background, 0.93))
    MOTIFS.get(motif, MOTIFS["box"])(draw, WIDTH // 2, 200, 140, accent)

    draw.rounded_rectangle(list(CARD), radius=24, fill=WHITE)
    for placement in layout_text(draw, name, caption):
        colour = INK if placement.role == "name" else accent
        draw.text(placement.xy, placement.text, font=placement.face, fill=colour, anchor=placement.anchor)
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
    """Draw the picture only when its file is missing: drawing is the slow part of seeding.

    A `versioned` path gets every size an upload gets (the small card copy above all), any other path
    one JPEG or PNG.
    """
    if (Path(media_root) / relative_path).exists():
        return WIDTH, HEIGHT
    image = draw_product(name, caption, group_code, motif)
    if variant(relative_path, "card") == relative_path:
        return save(image, media_root, relative_path)
    store = LocalStorage(media_root)
    # The page copy last: its file is what says the picture is complete.
    for size, data in sorted(media_images.copies_of(image).items(), key=lambda item: item[0] == "page"):
        store.save(variant(relative_path, size), data)
    return image.size


def ensure_logo(media_root: str, relative_path: str, name: str, slug: str) -> tuple[int, int]:
    if (Path(media_root) / relative_path).exists():
        return LOGO_SIZE, LOGO_SIZE
    return save(draw_logo(name, slug), media_root, relative_path)


def older_versions(path_without_extension: str) -> list[str]:
    """The names earlier drawings used (JPEGs): unversioned first, then every version before this one."""
    older = [f"{path_without_extension}.jpg"]
    return older + [f"{path_without_extension}-v{n}.jpg" for n in range(2, DRAWING_VERSION)]


def repoint_pictures(renames: dict[str, str]) -> int:
    """Point existing products' pictures from files of an older drawing to the new ones; return how many."""
    if not renames:
        return 0
    stale = set(db.session.scalars(select(ProductImage.path).where(ProductImage.path.in_(list(renames))).distinct()))
    for old in stale:
        db.session.execute(update(ProductImage).where(ProductImage.path == old).values(path=renames[old]))
    return len(stale)
