"""Vietnamese is the default language: every message the code and templates can show has a translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("storefront/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def _msgids() -> set[str]:
    found: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_has_a_vietnamese_translation() -> None:
    with open(ROOT / "storefront/translations/vi/LC_MESSAGES/messages.po", "rb") as po_file:
        catalog = read_po(po_file)
    msgids = _msgids()
    assert len(msgids) > 200  # the extraction really ran over code and templates
    missing = sorted(m for m in msgids if not getattr(catalog.get(m), "string", None))
    assert missing == []


def test_the_language_after_a_forced_one_is_the_visitors_again(app) -> None:
    """Messages to a producer are written in their language inside `force_locale`; once it ends, the
    visitor's page (and its cache keys) are in the visitor's language, not the default (a bug seen in
    review: the fast path read the emptied locale as Vietnamese)."""
    from flask_babel import force_locale

    from storefront.i18n import current_language

    with app.test_request_context("/?lang=en"):
        with force_locale("vi"):
            assert current_language() == "vi"
        assert current_language() == "en"


@pytest.mark.parametrize(("lang", "shown"), [("vi", "37.953"), ("en", "37,953")])
def test_counts_are_written_as_readers_of_the_language_write_them(app, lang: str, shown: str) -> None:
    """A catalogue of tens of thousands says so in the reader's digits: "37953 sản phẩm" was hard to read."""
    from flask import render_template

    from storefront.catalog.filters import CatalogFilters
    from storefront.pagination import Page

    page: Page[object] = Page(items=[], page=9999, per_page=24, total=37_953)
    with app.test_request_context(f"/products?lang={lang}"):
        html = render_template(
            "web/_products.html",
            page=page,
            cards=[],
            filters=CatalogFilters(page=9999),
            title="x",
            groups=[],
            places=[],
            maker=None,
            page_url=lambda n: f"/products?page={n}",
            sorts=[],
            today=None,
        )
    assert shown in html and "37953" not in html
