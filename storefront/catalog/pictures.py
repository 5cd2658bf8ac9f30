"""A listing's pictures: add (checked and resized), reorder, delete. Services add and flush.

Files are named by the shop (`products/<id>/<random>-<size>.webp`), never after the upload, and a new
picture is always a new name, so the year-long cache headers of /media are safe.
"""

from __future__ import annotations

import functools
import secrets

from flask_babel import gettext as _
from sqlalchemy import func, select

from storefront.catalog.models import Product, ProductImage
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.media import images
from storefront.media.storage import Storage
from storefront.uow import on_rollback

MAX_PICTURES = 12


_PAGE_SUFFIX = f"-page.{images.OUTPUT_EXTENSION}"


def variant(path: str, size: str) -> str:
    """The path of another size of an uploaded picture; pictures made otherwise (the seed's) have one size."""
    if not path.endswith(_PAGE_SUFFIX):
        return path
    return path[: -len(_PAGE_SUFFIX)] + f"-{size}.{images.OUTPUT_EXTENSION}"


def copies(path: str, width: int, height: int, sizes: tuple[str, ...] = ("card", "page")) -> list[tuple[str, int, int]]:
    """(path, width, height) of each of `sizes` a picture was stored in, smallest first and each width once.

    An upload (and a seeded picture) has a copy per `images.SIZES`, each at most that long on its longest
    side and never enlarged; a picture made otherwise, or of unknown size, has its one file.
    """
    if not (width > 0 and height > 0) or not path.endswith(_PAGE_SUFFIX):
        return [(path, width, height)]
    found: list[tuple[str, int, int]] = []
    longest = max(width, height)
    for size in sorted(sizes, key=images.SIZES.__getitem__):
        scale = min(1.0, images.SIZES[size] / longest)
        copy = (variant(path, size), max(1, round(width * scale)), max(1, round(height * scale)))
        if not found or copy[1] > found[-1][1]:
            found.append(copy)
    return found


def add_picture(product: Product, data: bytes, *, alt_vi: str, store: Storage, max_bytes: int) -> ProductImage:
    count = db.session.scalar(select(func.count()).where(ProductImage.product_id == product.id)) or 0
    if count >= MAX_PICTURES:
        raise DomainError(_("A product may have at most 12 pictures."), code="too_many_pictures", field="picture")
    processed = images.process(data, max_bytes=max_bytes)
    stem = f"products/{product.id}/{secrets.token_hex(8)}"
    for size, content in processed.copies.items():
        path = f"{stem}-{size}.{images.OUTPUT_EXTENSION}"
        store.save(path, content)
        # Written before the row is committed: a rollback (a failed flush or commit) takes the file away too.
        on_rollback(functools.partial(store.delete, path))
    last = db.session.scalar(select(func.max(ProductImage.position)).where(ProductImage.product_id == product.id))
    picture = ProductImage(
        product_id=product.id,
        path=f"{stem}-page.{images.OUTPUT_EXTENSION}",
        alt_vi=(alt_vi or product.name_vi).strip()[:300],
        alt_en=product.name_en[:300],
        width=processed.width,
        height=processed.height,
        position=(last if last is not None else -1) + 1,
    )
    db.session.add(picture)
    db.session.flush()
    db.session.expire(product, ["images"])
    return picture


def move_picture(product: Product, picture: ProductImage, offset: int) -> None:
    """Move one place earlier (-1) or later (+1); the first picture is the one on cards."""
    ordered = list(product.images)
    index = ordered.index(picture)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    for position, image in enumerate(ordered):
        image.position = position
    db.session.flush()
    db.session.expire(product, ["images"])


def delete_picture(product: Product, picture: ProductImage) -> list[str]:
    """Remove the row; returns the files to delete once the change is committed."""
    paths = (
        [variant(picture.path, size) for size in images.SIZES]
        if picture.path != variant(picture.path, "card")
        else [picture.path]
    )
    product.images.remove(picture)
    db.session.flush()
    for position, image in enumerate(product.images):
        image.position = position
    db.session.flush()
    return paths
