"""Checking and resizing uploaded pictures. Pure: bytes in, bytes out, or ImageRefused with a message.

What a file is comes from its content, decoded by Pillow, never from its name or declared type. Only
JPEG, PNG and WebP are opened at all. Our own pixel limit is checked on the header before any decoding
(Pillow only warns below twice its limit). Every copy is re-encoded from the pixels alone, so metadata
(EXIF with GPS, comments) and anything riding after the image data (a script in a polyglot) is left behind.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from storefront.errors import DomainError

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
#: 40 megapixels: more than any phone camera; a 24-megapixel photo decodes to ~72 MB, which is the budget.
MAX_PIXELS = 40_000_000
MIN_SIDE = 200
#: The longest side of each copy: a card in a grid, the product page, the zoom.
SIZES = {"card": 480, "page": 1200, "zoom": 2000}
OUTPUT_EXTENSION = "webp"


class ImageRefused(DomainError):
    code = "image_refused"
    status = 400


@dataclass(frozen=True)
class ProcessedImage:
    width: int
    height: int
    copies: dict[str, bytes]


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS))
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise ImageRefused(_too_many_pixels(), code="too_many_pixels", field="picture") from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ImageRefused(_not_an_image(), code="not_an_image", field="picture") from exc
    return image


def _not_an_image() -> str:
    return _("This file is not a JPEG, PNG or WebP picture (or it is damaged). Please choose a photo.")


def _too_many_pixels() -> str:
    return _("This picture is too large (more than 40 megapixels). Please send a smaller one.")


def process(data: bytes, *, max_bytes: int) -> ProcessedImage:
    if len(data) > max_bytes:
        raise ImageRefused(too_large_message(max_bytes), code="file_too_large", field="picture")
    image = _open(data)
    if image.format not in ALLOWED_FORMATS:
        raise ImageRefused(_not_an_image(), code="not_an_image", field="picture")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ImageRefused(_too_many_pixels(), code="too_many_pixels", field="picture")
    if min(width, height) < MIN_SIDE:
        raise ImageRefused(
            _("This picture is too small (less than 200 pixels on a side)."), code="too_small", field="picture"
        )
    try:
        image.load()  # a truncated or corrupt file fails here, before anything is stored
        if getattr(image, "n_frames", 1) > 1:
            image.seek(0)
        image = ImageOps.exif_transpose(image)  # keep the photo upright once its EXIF is gone
        image = _flatten(image)
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageRefused(_not_an_image(), code="not_an_image", field="picture") from exc
    return ProcessedImage(width=image.width, height=image.height, copies=copies_of(image))


def copies_of(image: Image.Image) -> dict[str, bytes]:
    """The WebP copy of each of SIZES (card, page, zoom), never enlarged."""
    return {name: _encode(image, side) for name, side in SIZES.items()}


def _flatten(image: Image.Image) -> Image.Image:
    """Pixels only, in RGB: transparency on white (a product on a white card), palettes expanded."""
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, side: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    copy.info = {}
    out = io.BytesIO()
    copy.save(out, format="WEBP", quality=82, method=4)
    return out.getvalue()


def too_large_message(max_bytes: int) -> str:
    return _(
        "This file is too large: pictures may be up to %(size)s. Please send a smaller photo.",
        size=size_text(max_bytes),
    )


def size_text(size: int) -> str:
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} kB"
