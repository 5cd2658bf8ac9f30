"""The drawn pictures, without a database."""

from __future__ import annotations

from PIL import Image

from storefront.seed import images
from storefront.seed.motifs import MOTIFS


def test_every_motif_draws_a_card_of_the_right_size() -> None:
    for code, motif in zip("123456" * 4, MOTIFS, strict=False):
        card = images.draw_product("Mực khô Cô Tô loại đặc biệt rất dài " * 3, "Chú thích " * 20, code, motif)
        assert card.size == (images.WIDTH, images.HEIGHT)


def test_an_unknown_motif_or_group_still_draws() -> None:
    card = images.draw_product("Sản phẩm", "", "9", "no-such-motif")
    assert card.size == (800, 600)


def test_logos_carry_the_producers_initials() -> None:
    assert images.initials("HTX Hải sản Thanh Lân") == "TL"
    assert images.initials("Công ty TNHH Thực phẩm Vịnh Xanh") == "VX"
    assert images.initials("HTX") == "HT"
    assert images.draw_logo("HTX Gà Tiên Yên", "htx-ga-tien-yen").size == (images.LOGO_SIZE, images.LOGO_SIZE)


def test_an_existing_picture_is_kept(tmp_path) -> None:
    size = images.ensure_product_picture(str(tmp_path), "a/b.jpg", "Trứng gà Tân An", "Thực phẩm", "1", "egg")
    path = tmp_path / "a" / "b.jpg"
    stamp = path.stat().st_mtime_ns
    assert size == (800, 600)
    assert images.ensure_product_picture(str(tmp_path), "a/b.jpg", "Other", "Other", "2", "bottle") == (800, 600)
    assert path.stat().st_mtime_ns == stamp
    with Image.open(path) as picture:
        assert picture.format == "JPEG"
    assert not list(tmp_path.rglob("*.tmp"))
