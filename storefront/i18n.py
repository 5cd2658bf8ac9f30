"""Two languages: Vietnamese first, English for visitors. The chosen one is remembered in a cookie."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from babel.numbers import format_decimal
from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import format_date, format_datetime, get_locale, get_translations, refresh
from markupsafe import Markup, escape

from storefront.extensions import babel
from storefront.money import format_vnd
from storefront.security import SAME_FOR_EVERYONE

DEFAULT_LANGUAGE = "vi"
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


def available_languages(translations_dir: Path = TRANSLATIONS_DIR) -> tuple[str, ...]:
    """Vietnamese, English, then every language with a translation file: adding Chinese or Korean for the
    visitors who scan our packs is `translations/zh/LC_MESSAGES/messages.po`, not code."""
    found = sorted(p.parent.parent.name for p in translations_dir.glob("*/LC_MESSAGES/messages.po"))
    return (DEFAULT_LANGUAGE, "en", *(lang for lang in found if lang not in (DEFAULT_LANGUAGE, "en")))


LANGUAGES = available_languages()
LANG_COOKIE = "lang"


def select_locale() -> str:
    if not has_request_context():  # commands and background work: the default, unless force_locale says
        return DEFAULT_LANGUAGE
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(LANG_COOKIE, "")
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def current_language() -> str:
    # A page asks a dozen times; read the locale where Flask-Babel keeps it once chosen (the slow path
    # chooses it, and is taken whenever that place is empty or ever moves, and outside any context).
    # Empty (None) before the first choice and again after a `force_locale` block ends: choose then.
    try:
        locale = g._flask_babel.babel_locale
    except (AttributeError, RuntimeError):
        locale = None
    if locale is None:
        locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """`obj.<field>_<lang>`, falling back to English for a language the data has no column for (a visitor
    reading Korean reads English better than Vietnamese), then to Vietnamese."""
    language = language or current_language()
    value = getattr(obj, f"{field}_{language}", None)
    if value is None and language != DEFAULT_LANGUAGE:
        value = getattr(obj, f"{field}_en", None)
    return value or getattr(obj, f"{field}_{DEFAULT_LANGUAGE}") or ""


def _remember_language(response: Response) -> Response:
    asked = request.args.get("lang", "")
    if asked in LANGUAGES and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(
            LANG_COOKIE,
            asked,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure,
        )
    # Pages differ by language; tell caches in between. Files do not, and `Vary: Cookie` would keep
    # shared caches from holding them.
    if request.endpoint in SAME_FOR_EVERYONE:
        return response
    response.vary.update(("Accept-Language", "Cookie"))  # one read and one write of the header, not two
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
    # Babel caches the locale on the app context; a request must choose afresh even when it shares one
    # (a CLI command or a test serving several requests inside one context).
    app.before_request(refresh)
    app.after_request(_remember_language)


@lru_cache(maxsize=4096)
def format_count(number: int, language: str) -> str:
    """A count as readers of `language` write it: 37.953 in Vietnamese, 37,953 in English."""
    return format_decimal(number, locale=language)


@lru_cache(maxsize=8192)
def format_vnd_cached(amount: int, language: str) -> str:
    """Babel's currency formatting, remembered per amount and language: a listing shows the same prices
    again and again, and formatting one costs more than the rest of its card."""
    return format_vnd(amount, language)


def translations() -> Any:
    """Flask-Babel's translations for the current locale, remembered beside it on the context.

    Keyed on the locale object, so `force_locale` and `refresh` (a new locale) still take effect. The
    locale is read where Flask-Babel keeps it; if that ever moves, every call takes the slow path.
    """
    try:
        ctx = g._flask_babel
        locale, translations = ctx.storefront_translations
        if locale is ctx.babel_locale:
            return translations
    except (AttributeError, RuntimeError):
        pass
    locale = get_locale()
    translations = get_translations()
    ctx = g.get("_flask_babel")
    if ctx is not None:
        ctx.storefront_translations = (locale, translations)
    return translations


def gettext(string: str, **variables: Any) -> str:
    """Flask-Babel's `gettext` (the same catalogue, the same formatting), reading the catalogue that
    `translations()` keeps beside the locale instead of finding the domain and its cache at every call."""
    translated: str = translations().ugettext(string)
    return translated % variables if variables else translated


#: How many fixed texts one catalogue keeps made up (the templates' `_()` literals are a few hundred).
FIXED_TEXTS_KEPT = 2048


def fixed_text(string: str) -> Markup:
    """`_("...")` with nothing to fill in, as an autoescaping template shows it: the translation as Markup,
    `%%` read as `%` (Jinja's newstyle gettext always formats). The same on every page in a language, so
    made once per process and catalogue, and kept on the catalogue object itself: a `force_locale` or a
    new language reads another catalogue, so another set. A cold product page says `_()` some thirty
    times with nothing to fill in."""
    catalogue = translations()
    made: dict[str, Markup] | None = getattr(catalogue, "_storefront_fixed_texts", None)
    if made is None:
        made = {}
        catalogue._storefront_fixed_texts = made
    text = made.get(string)
    if text is None:
        text = Markup(catalogue.ugettext(string)) % {}  # noqa: S704  the catalogue's text is ours
        if len(made) < FIXED_TEXTS_KEPT:
            made[string] = text
    return text


def url_with_lang(lang: str) -> str:
    """This page in another language: the same path and query with `lang` set."""
    path, args = _this_page()
    return path + "?" + urlencode({**args, "lang": [lang]}, doseq=True)


def language_choices() -> list[tuple[str, str, bool]]:
    """(code, this page in that language, is the current one) for the header's language switch."""
    current = current_language()
    return [(lang, url_with_lang(lang), lang == current) for lang in LANGUAGES]


def canonical_url(lang: str | None = None) -> str:
    """The public address of this page; `lang` only when naming a language version on purpose."""
    path, args = _this_page()
    args = {k: v for k, v in args.items() if k != "lang"}
    if lang:
        args["lang"] = [lang]
    query = urlencode(args, doseq=True)
    return current_app.config["PUBLIC_BASE_URL"] + path + (f"?{query}" if query else "")


def _this_page() -> tuple[str, dict[str, list[str]]]:
    """This request's path as it goes in an address (a NUL or a space asked for is written %00 or %20,
    never raw) and its query's arguments: read once, though every page asks five times (its canonical
    address, one per language, and the language switch's links).

    Kept on `g` beside the request it was read from: a test or a command may serve several requests
    inside one application context, hence one `g`.
    """
    current = request._get_current_object()  # type: ignore[attr-defined]  # the request, not its proxy
    found = g.get("_storefront_page")
    if found is None or found[0] is not current:
        found = (current, quote(request.path, safe="/:@!$&'()*+,;=~"), request.args.to_dict(flat=False))
        g._storefront_page = found
    return found[1], found[2]


#: How shoppers here write a day: 07/10/2025 in Vietnamese, 7 Oct 2025 in English (Babel's "long" read
#: "ngày 7 tháng 10, 2025", its "short" 1/12/26). Another language gets Babel's medium format.
DAY_PATTERNS = {"vi": "dd/MM/y", "en": "d MMM y"}
MOMENT_PATTERNS = {"vi": "HH:mm dd/MM/y", "en": "d MMM y, HH:mm"}


def format_day(value: date | datetime | None, format: str | None = None) -> str:
    """The `dateformat` filter: a day the shop's way; a Babel pattern given by name other than
    short/medium/long/full is used as it is. Datetimes are shown on Vietnam's clock."""
    if value is None:
        return ""
    pattern = DAY_PATTERNS.get(current_language(), "medium") if format in _NAMED else format
    if isinstance(value, datetime):
        return format_datetime(value, pattern)
    return format_date(value, pattern)


def format_moment(value: datetime | None, format: str | None = None) -> str:
    """The `datetimeformat` filter: the time and the day on Vietnam's clock."""
    if value is None:
        return ""
    pattern = MOMENT_PATTERNS.get(current_language(), "medium") if format in _NAMED else format
    return format_datetime(value, pattern)


_NAMED = {None, "short", "medium", "long", "full"}


def machine_time(value: date | datetime) -> str:
    """For `<time datetime>`: a day as YYYY-MM-DD, a moment in UTC to the second (no microseconds)."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


#: Words of Vietnamese business and government that names keep in English too, with what they mean. The
#: footer explains each on every English page; `explain_local_terms` marks them where a name uses them.
LOCAL_TERMS = {
    "HTX": "hợp tác xã: a cooperative",
    "UBND": "Ủy ban nhân dân: a People's Committee, the local government",
    "Đặc khu": "a special zone (an island district)",
}
_LOCAL_TERM = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, LOCAL_TERMS)) + r")(?!\w)")


def explain_local_terms(text: str) -> Markup:
    """`text` escaped; in English each local term in it an `<abbr lang="vi">` whose title says what it
    means (for a pointer's hover and screen readers; the footer's glossary is what a phone shows)."""
    escaped = escape(text)
    if current_language() != "en":
        return escaped
    return Markup(  # noqa: S704  built from escaped text and our own constants
        _LOCAL_TERM.sub(
            lambda found: f'<abbr lang="vi" title="{escape(LOCAL_TERMS[found.group(1)])}">{found.group(1)}</abbr>',
            str(escaped),
        )
    )
