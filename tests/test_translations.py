"""Vietnamese is the default language: every message the code and templates can show has a translation."""

from __future__ import annotations

from pathlib import Path

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
