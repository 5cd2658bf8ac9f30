"""A third language for the visitors who scan our packs is a translation file, not code."""

from __future__ import annotations

from pathlib import Path

from storefront.i18n import LANGUAGES, available_languages, localized
from tests.qr.support import phone


def test_a_translation_file_adds_a_language(tmp_path: Path) -> None:
    assert available_languages(tmp_path) == ("vi", "en")
    for lang in ("vi", "ko", "zh"):
        folder = tmp_path / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "messages.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    assert available_languages(tmp_path) == ("vi", "en", "ko", "zh")
    assert LANGUAGES[:2] == ("vi", "en")


class _Named:
    name_vi = "Mực khô"
    name_en = "Dried squid"


def test_data_in_a_third_language_falls_back_to_english() -> None:
    assert localized(_Named(), "name", "ko") == "Dried squid"
    assert localized(_Named(), "name", "vi") == "Mực khô"


def test_the_scan_page_follows_the_phone(client, db) -> None:
    from tests.factories import make_product

    make_product(qr_code="LANG2345", name_en="Dried squid", name_vi="Mực khô")
    assert "Dried squid" in client.get("/q/LANG2345", headers=phone("en-US,en;q=0.9")).get_data(as_text=True)
    assert "Mực khô" in client.get("/q/LANG2345", headers=phone("vi")).get_data(as_text=True)
    assert "Dried squid" in client.get("/q/LANG2345?lang=en", headers=phone("vi")).get_data(as_text=True)
