"""Vietnamese text folding for search and slugs, and the cleaning of text that comes from a URL."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# NFD leaves đ/Đ alone: they are letters of their own, not d plus a mark.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
MAX_SLUG_LENGTH = 160


def fold(text: str) -> str:
    """Lower-case, strip diacritics and map đ to d: `Mực Cô Tô` -> `muc co to`."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", stripped).split())


def slugify(text: str) -> str:
    return fold(text).replace(" ", "-")


def normalize_accented(text: str) -> str:
    """Lower-case, NFC, single spaces: what an exact accented match compares."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def is_plausible_name(value: str) -> bool:
    """A person's name as typed: some letter in it, and nothing invisible or reordering.

    Zero-width characters make a name that shows as nothing (or as someone else's), and bidirectional
    overrides (U+202E...) make it read backwards, e.g. a name that displays as an instruction to pay.
    """
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        return False
    return any(unicodedata.category(ch).startswith("L") for ch in value)


def printable(value: str) -> str:
    """Drop control characters (PostgreSQL refuses NUL in text) and collapse white space."""
    kept = "".join(ch for ch in value if not unicodedata.category(ch).startswith("C"))
    return " ".join(kept.split())


def clean_slug(value: Any) -> str | None:
    """A slug as it may appear in a URL, or None: no spaces, no control characters, bounded length."""
    if not isinstance(value, str):
        return None
    value = value.strip().lower()
    if not value or len(value) > MAX_SLUG_LENGTH or printable(value) != value or " " in value:
        return None
    return value
