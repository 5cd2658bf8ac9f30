"""Pictures: the good one is stored in three sizes without its metadata; everything else is refused."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import Any

from PIL import Image

from storefront.catalog.models import ProductImage
from tests.factories import make_product


def _jpeg(size: tuple[int, int] = (1600, 1200), **save: Any) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(out, format="JPEG", **save)
    return out.getvalue()


def _with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 1.0)}  # GPSInfo
    return _jpeg(exif=exif.tobytes())


def _png_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` × `height` pixels: the decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


def _upload(client: Any, product_id: int, data: bytes, name: str = "photo.jpg", **extra: Any) -> Any:
    return client.post(
        f"/portal/products/{product_id}/pictures",
        data={"picture": (io.BytesIO(data), name), **extra},
        content_type="multipart/form-data",
    )


def _stored(app: Any) -> list[Path]:
    """The pictures uploads stored (under products/: the media folder is the session's, shared with other tests)."""
    root = Path(app.config["MEDIA_ROOT"]) / "products"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_real_photo_is_stored_in_three_sizes_without_metadata(app, client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer)
    db.session.commit()  # a refused upload rolls the request back; the test's rows stay
    response = _upload(client, product.id, _with_gps(), name="../../etc/passwd.jpg", alt_vi="Mực khô")
    assert response.status_code == 302
    (picture,) = db.session.query(ProductImage).filter_by(product_id=product.id).all()
    assert ".." not in picture.path and picture.path.startswith(f"products/{product.id}/")
    assert (picture.width, picture.height, picture.alt_vi) == (1600, 1200, "Mực khô")
    root = Path(app.config["MEDIA_ROOT"])
    sizes = {}
    for size in ("card", "page", "zoom"):
        path = root / picture.path.replace("-page.", f"-{size}.")
        with Image.open(path) as image:
            assert image.format == "WEBP"
            assert not image.getexif() and "exif" not in image.info
            sizes[size] = max(image.size)
    assert sizes == {"card": 480, "page": 1200, "zoom": 1600}  # never enlarged past the original
    served = client.get("/media/" + picture.path)
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert served.cache_control.max_age == 365 * 24 * 3600
    assert not (root.parent / "etc").exists()


def test_reorder_and_delete(app, client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer)
    db.session.commit()  # a refused upload rolls the request back; the test's rows stay
    for _ in range(3):
        assert _upload(client, product.id, _jpeg()).status_code == 302
    db.session.expire_all()
    first, second, third = product.images
    client.post(f"/portal/products/{product.id}/pictures/{third.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [i.id for i in product.images] == [first.id, third.id, second.id]
    files_before = len(_stored(app))
    client.post(f"/portal/products/{product.id}/pictures/{first.id}/delete")
    db.session.expire_all()
    assert [i.id for i in product.images] == [third.id, second.id]
    assert [i.position for i in product.images] == [0, 1]
    assert len(_stored(app)) == files_before - 3


def _refused(client: Any, product: Any, data: bytes, name: str, db: Any) -> str:
    response = _upload(client, product.id, data, name=name)
    assert response.status_code == 422, name
    assert db.session.query(ProductImage).filter_by(product_id=product.id).count() == 0
    return response.get_data(as_text=True)


def test_a_small_file_declaring_a_gigantic_pixel_count_is_refused(client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer)
    db.session.commit()  # a refused upload rolls the request back; the test's rows stay
    for width, height in ((100_000, 100_000), (7_000, 7_000)):  # past Pillow's guard; past only ours
        page = _refused(client, product, _png_header(width, height), "bomb.png", db)
        assert "too large (more than 40 megapixels)" in page


def test_a_truncated_file_is_refused(client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer)
    db.session.commit()  # a refused upload rolls the request back; the test's rows stay
    whole = _jpeg()
    page = _refused(client, product, whole[: len(whole) // 2], "cut.jpg", db)
    assert "not a JPEG, PNG or WebP picture" in page


def test_a_script_renamed_jpg_and_an_svg_are_refused(client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer)
    db.session.commit()  # a refused upload rolls the request back; the test's rows stay
    _refused(client, product, b"<script>alert(document.cookie)</script>", "photo.jpg", db)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><script>alert(1)</script></svg>'
    _refused(client, product, svg, "drawing.svg", db)
    _refused(client, product, b"GIF89a" + b"\x00" * 600, "anim.gif", db)


def test_a_polyglot_keeps_only_its_pixels(app, client, producer_user, db) -> None:
    """A valid JPEG with HTML after its end marker: stored re-encoded, the script left behind."""
    product = make_product(producer=producer_user.producer)
    db.session.commit()  # a refused upload rolls the request back; the test's rows stay
    assert _upload(client, product.id, _jpeg() + b"<html><script>alert(1)</script></html>").status_code == 302
    for path in _stored(app):
        assert b"<script" not in path.read_bytes()


def test_a_file_over_the_limit_gets_413_with_a_message_in_the_portal(app, client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer)
    db.session.commit()  # a refused upload rolls the request back; the test's rows stay
    app.config["IMAGE_MAX_BYTES"], limit = 64 * 1024, app.config["IMAGE_MAX_BYTES"]
    try:
        response = _upload(client, product.id, _jpeg((2000, 2000), quality=100) + b"\x00" * 70_000)
    finally:
        app.config["IMAGE_MAX_BYTES"] = limit
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "This file is too large: pictures may be up to 64 kB." in page
    assert 'aria-label="Producer portal"' in page  # the portal's page, with its navigation
    assert db.session.query(ProductImage).filter_by(product_id=product.id).count() == 0


def test_a_request_over_max_content_length_gets_the_portal_page_too(app, client, producer_user, db) -> None:
    product = make_product(producer=producer_user.producer)
    db.session.commit()  # a refused upload rolls the request back; the test's rows stay
    app.config["MAX_CONTENT_LENGTH"], limit = 32 * 1024, app.config["MAX_CONTENT_LENGTH"]
    try:
        response = _upload(client, product.id, b"\xff" * 40_000)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "This file is too large: pictures may be up to 8 MB." in page
    assert 'aria-label="Producer portal"' in page


def test_a_failed_save_leaves_no_orphaned_files(app, client, producer_user, db, monkeypatch) -> None:
    """The three sizes are written before the row is committed; when the commit fails they go too."""
    from sqlalchemy.exc import OperationalError

    product = make_product(producer=producer_user.producer)
    db.session.commit()

    def lost_connection() -> None:
        raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))

    before = _stored(app)  # other tests' pictures share the media folder
    monkeypatch.setattr(db.session(), "commit", lost_connection)
    response = _upload(client, product.id, _jpeg(), alt_vi="Mực khô")
    monkeypatch.undo()
    assert response.status_code == 503  # the database's trouble, said as such, never a 500
    assert _stored(app) == before
    assert db.session.query(ProductImage).filter_by(product_id=product.id).count() == 0
    # The next upload, with the database back, is stored whole.
    assert _upload(client, product.id, _jpeg()).status_code == 302
    assert len(_stored(app)) == len(before) + 3
