"""Two languages: Vietnamese first, English for visitors. The chosen one is remembered in a cookie."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, get_template_attribute, has_request_context, request
from flask_babel import get_locale, get_translations, refresh
from markupsafe import Markup

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
    # chooses it, and is taken whenever that place is empty or ever moves).
    locale = getattr(g.get("_flask_babel"), "babel_locale", None) if g else None
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
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
    # Babel caches the locale on the app context; a request must choose afresh even when it shares one
    # (a CLI command or a test serving several requests inside one context).
    app.before_request(refresh)
    app.after_request(_remember_language)
    # Templates translate a dozen strings per page; look the catalogue up once per locale, not per string.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
    )
    app.jinja_env.filters["vnd"] = lambda amount: _format_vnd(amount, current_language())
    app.jinja_env.globals["localized"] = localized
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.globals["url_with_lang"] = url_with_lang
    app.jinja_env.globals["canonical_url"] = canonical_url
    app.jinja_env.globals["layout_part"] = layout_part


@lru_cache(maxsize=8192)
def _format_vnd(amount: int, language: str) -> str:
    """Babel's currency formatting, remembered per amount and language: a listing shows the same prices
    again and again, and formatting one costs more than the rest of its card."""
    return format_vnd(amount, language)


def _translations() -> Any:
    """Flask-Babel's translations for the current locale, remembered beside it on the context.

    Keyed on the locale object, so `force_locale` and `refresh` (a new locale) still take effect. The
    locale is read where Flask-Babel keeps it; if that ever moves, every call takes the slow path.
    """
    ctx = g.get("_flask_babel")
    remembered = getattr(ctx, "storefront_translations", None)
    if remembered is not None and remembered[0] is getattr(ctx, "babel_locale", None):
        return remembered[1]
    locale = get_locale()
    translations = get_translations()
    ctx = g.get("_flask_babel")
    if ctx is not None:
        ctx.storefront_translations = (locale, translations)
    return translations


def url_with_lang(lang: str) -> str:
    """This page in another language: the same path and query with `lang` set."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    return request.path + "?" + urlencode(args, doseq=True)


def canonical_url(lang: str | None = None) -> str:
    """The public address of this page; `lang` only when naming a language version on purpose."""
    base = current_app.config["PUBLIC_BASE_URL"]
    args = {k: v for k, v in request.args.to_dict(flat=False).items() if k != "lang"}
    if lang:
        args["lang"] = [lang]
    query = urlencode(args, doseq=True)
    return base + request.path + (f"?{query}" if query else "")


LAYOUT_MACROS = "_macros/layout.html"


def layout_part(name: str) -> Markup:
    """A piece of base.html that is the same for every request in a language, rendered once per process.

    The header, footer and asset links were a third of a page's rendering, for output that only changes
    with the language (and a deploy). Nothing per visitor lives in `_macros/layout.html`. When templates
    auto-reload (debug), every call renders afresh so an edit shows at once.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # LocalProxy is typed as Flask
    parts: dict[tuple[str, str], Markup] = app.extensions.setdefault("storefront_layout_parts", {})
    key = (name, current_language())
    part = parts.get(key)
    if part is None or app.jinja_env.auto_reload:
        part = get_template_attribute(LAYOUT_MACROS, name)()  # a macro's output is Markup already
        parts[key] = part
    return part
