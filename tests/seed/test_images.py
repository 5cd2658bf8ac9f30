"""The drawn pictures, without a database."""

from __future__ import annotations

from PIL import Image

from storefront.catalog.pictures import copies
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


def _longest(texts, n: int = 6) -> list[str]:
    return sorted(set(texts), key=len, reverse=True)[:n]


def test_the_longest_demo_names_and_captions_fit_inside_the_card() -> None:
    from PIL import ImageDraw

    from storefront.seed.data.places import GROUPS
    from storefront.seed.demo import PRODUCTS

    names = _longest([p.name_vi for p in PRODUCTS] + ["Hộp quà chả mực Hạ Long 1 kg", "Mực khô Cô Tô loại đặc biệt"])
    captions = _longest(f"OCOP Quảng Ninh · {g.name_vi}" for g in GROUPS)
    left, top, right, bottom = images.CARD
    margin = 12
    # The card itself stays inside the square the shop's frames crop the picture to.
    assert images.SQUARE[0] < left and right < images.SQUARE[2]
    draw = ImageDraw.Draw(Image.new("RGB", (images.WIDTH, images.HEIGHT)))
    for name in names:
        for caption in captions:
            placements = images.layout_text(draw, name, caption)
            drawn_name = " ".join(p.text for p in placements if p.role == "name")
            drawn_caption = " ".join(p.text for p in placements if p.role == "caption")
            # Nothing is cut: the whole name and caption are there, each on at most two lines.
            assert drawn_name == " ".join(name.split()) and drawn_caption == " ".join(caption.split())
            assert sum(p.role == "name" for p in placements) <= 2
            assert sum(p.role == "caption" for p in placements) <= 2
            boxes = [draw.textbbox(p.xy, p.text, font=p.face, anchor=p.anchor) for p in placements]
            for (x0, y0, x1, y1), placement in zip(boxes, placements, strict=True):
                assert x0 >= left + margin and x1 <= right - margin, (placement.text, x0, x1)
                assert y0 >= top + margin and y1 <= bottom - margin, (placement.text, y0, y1)
            for upper, lower in zip(boxes, boxes[1:], strict=False):
                assert upper[3] <= lower[1], "lines overlap"


def test_text_too_long_for_two_lines_is_cut_with_an_ellipsis_not_at_the_edge() -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(Image.new("RGB", (images.WIDTH, images.HEIGHT)))
    placements = images.layout_text(draw, "Mực khô Cô Tô loại đặc biệt " * 6, "Chú thích " * 30)
    assert placements[-1].text.endswith("…")
    for p in placements:
        x0, _, x1, y1 = draw.textbbox(p.xy, p.text, font=p.face, anchor=p.anchor)
        assert images.CARD[0] < x0 and x1 < images.CARD[2] and y1 < images.CARD[3]
    one_word = images.layout_text(draw, "Mực" * 60, "")
    assert len(one_word) == 1 and one_word[0].text.endswith("…")


def test_a_new_drawing_gets_a_new_file_name(tmp_path) -> None:
    old = tmp_path / "demo" / "products" / "muc.jpg"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"an old drawing")
    path = images.versioned("demo/products/muc")
    assert path == f"demo/products/muc-v{images.DRAWING_VERSION}-page.webp"
    assert "demo/products/muc.jpg" in images.older_versions("demo/products/muc")
    assert path not in images.older_versions("demo/products/muc")
    assert images.ensure_product_picture(str(tmp_path), path, "Mực", "OCOP", "1", "squid") == (800, 600)
    with Image.open(tmp_path / path) as picture:
        assert picture.size == (800, 600) and picture.format == "WEBP"
    # Stored as an upload is: the grids' cards get the small copy (catalog.pictures.copies).
    for copy_path, width, height in copies(path, 800, 600):
        with Image.open(tmp_path / copy_path) as copy:
            assert copy.size == (width, height) and copy.format == "WEBP"
    assert copies(path, 800, 600)[0] == (f"demo/products/muc-v{images.DRAWING_VERSION}-card.webp", 480, 360)
