"""Product descriptions in a small, safe subset of HTML: what producers may write, and how it is shown.

Descriptions are cleaned with nh3 when saved, and again when shown (a row written by an older version or
by hand goes through the same filter). Plain text, the seeders' kind, keeps its blank-line paragraphs.
"""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup, escape

#: Paragraphs, line breaks, emphasis and lists. No links, images, styles or attributes of any kind:
#: nothing a script, a tracker or a phishing link could ride on.
ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "ul", "ol", "li"})
MAX_LENGTH = 8000
_TAG = re.compile(r"<[a-zA-Z/!]")


def clean_description(text: str) -> str:
    """What is stored: the allowed tags only, no attributes, comments dropped, ends trimmed."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not _TAG.search(text):
        return text
    return nh3.clean(text, tags=set(ALLOWED_TAGS), attributes={}, strip_comments=True, link_rel=None).strip()


def render_description(text: str) -> Markup:
    """HTML for a page: cleaned markup as is, plain text as escaped paragraphs."""
    text = (text or "").strip()
    if _TAG.search(text):
        return Markup(clean_description(text))  # noqa: S704  nh3's output: only the allowed tags, no attributes
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return Markup("").join(Markup("<p>%s</p>") % escape(p) for p in paragraphs)


def plain_text(text: str) -> str:
    """The words without any markup: for meta descriptions, CSV exports and search."""
    if not _TAG.search(text or ""):
        return text or ""
    return " ".join(nh3.clean(text.replace("<", " <"), tags=set()).split())
