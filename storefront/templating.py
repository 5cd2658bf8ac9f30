"""Everything templates may call beyond Jinja's own: registered once, from the factory.

An area that needs a helper of its own adds it here (or in a `register_template_helpers` of its own,
called from `create_app`), never from a blueprint's setup, so one file says what a template can use.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Hashable, MutableMapping
from typing import Any

from flask import Flask, current_app, get_template_attribute, has_request_context, request
from flask.templating import Environment as FlaskEnvironment
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from storefront import i18n
from storefront.cart import cart as carts
from storefront.cart import store as cart_store
from storefront.catalog import cards
from storefront.catalog.queries import shown_stars
from storefront.media.views import media_url
from storefront.web import labels

LAYOUT_MACROS = "_macros/layout.html"


#: C0 and C1 controls and DEL but tab and line breaks: HTML has no place for them (a parse error), and a person
#: never sees them. Typed values shown back (a refused form, the search words) may carry them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _without_controls(value: Any) -> Any:
    """Every `{{ ... }}` passes here (Jinja's `finalize`): text goes out without control characters.

    Most values are short printable texts (names, prices, links): `isprintable` tells so in C, in half
    the time of the pattern, and a printable text has no control character. A page shows 500 of them.
    """
    if not isinstance(value, str) or value.isprintable():
        return value
    if _has_control_long(value) if len(value) > _LONG else _CONTROL.search(value):
        cleaned = _CONTROL.sub("", value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned  # noqa: S704  was Markup already
    return value


#: Past this many characters a value is looked up among the last ones seen: a block of HTML shown on
#: every page (the footer, a cached part of a page) is scanned once, not at every request. Scanning
#: costs about 3 µs a kilobyte of Vietnamese text (a warm home page shows 15 kB of such blocks: a tenth
#: of its time); hashing it, a tenth of that.
_LONG = 512
#: How many long texts are remembered (a megabyte or two at most).
_LONG_REMEMBERED = 64
_long_seen: OrderedDict[str, bool] = OrderedDict()
_long_seen_lock = threading.Lock()  # gthread workers render in several threads


def _has_control_long(value: str) -> bool:
    """Whether a long text has a control character, remembered by the text itself (equal texts are
    equally clean), the least recently shown forgotten first."""
    with _long_seen_lock:
        found = _long_seen.get(value)
        if found is not None:
            _long_seen.move_to_end(value)
            return found
    found = _CONTROL.search(value) is not None
    _remember_long(value, found)
    return found


def _remember_long(value: str, found: bool) -> None:
    with _long_seen_lock:
        _long_seen[value] = found
        _long_seen.move_to_end(value)
        while len(_long_seen) > _LONG_REMEMBERED:
            _long_seen.popitem(last=False)


def known_clean(html: Markup) -> Markup:
    """`html`, remembered as having no control character: only for a template's whole output, each value
    of which passed `_without_controls` as it was rendered. A page missed by the cache then shows its
    block without scanning it again (about 70 µs for a catalogue page's 23 kB: with the grid, 8% of a cold
    search's instructions went to these scans).
    """
    if len(html) > _LONG:
        _remember_long(html, False)
    return html


class Environment(FlaskEnvironment):
    """Flask's Jinja environment, with each template reading the environment's globals directly.

    Jinja lays a template's own globals over the environment's in a `ChainMap`, which it then reads key by
    key in Python: copied into every render's context and subtracted from a set at every `{% from ... import
    %}`, 40–65 µs each for our 38 globals, a tenth of a warm page. The shop's templates have no globals of
    their own, so they share the environment's dict (a global added later still reaches them).

    A template given globals of its own still gets Jinja's `ChainMap`. Nothing in the shop passes them to
    `get_template`: for a template already loaded without them, Jinja would write them into its
    globals, here the environment's, for every template.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return self.globals if not d else super().make_globals(d)


def register_template_helpers(app: Flask) -> None:
    env = app.jinja_env
    env.finalize = _without_controls
    # Templates translate a dozen strings per page; look the catalogue up once per locale, not per string.
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        gettext=lambda s: i18n.translations().ugettext(s),
        ngettext=lambda s, p, n: i18n.translations().ungettext(s, p, n),
        newstyle=True,
    )
    env.globals["_"] = _translate
    env.filters["vnd"] = lambda amount: i18n.format_vnd_cached(amount, i18n.current_language())
    env.filters["number"] = lambda count: i18n.format_count(count, i18n.current_language())
    # Flask-Babel's own, replaced: days as shoppers here write them (07/10/2025, 7 Oct 2025).
    env.filters["dateformat"] = i18n.format_day
    env.filters["datetimeformat"] = i18n.format_moment
    env.filters["machine_time"] = i18n.machine_time
    env.filters["local_terms"] = i18n.explain_local_terms
    env.globals.update(
        # language
        localized=i18n.localized,
        current_language=i18n.current_language,
        LANGUAGES=i18n.LANGUAGES,
        url_with_lang=i18n.url_with_lang,
        language_choices=i18n.language_choices,
        canonical_url=i18n.canonical_url,
        # layout
        layout_block=layout_block,
        cart_count=cart_count,
        # catalogue
        media_url=media_url,
        shown_stars=shown_stars,
        card_sizes=cards.CARD_SIZES,
        producer_kind_label=labels.producer_kind,
        issuer_level_label=labels.issuer_level,
        stock_state=labels.stock_state,
        last_valid_day=labels.last_valid_day,
    )
    # Areas with helpers of their own register them from here, so this function names them all.
    from storefront.portal import views as portal_views
    from storefront.reviews import views as reviews_views

    portal_views.register_template_helpers(app)
    reviews_views.register_template_helpers(app)


def compile_templates(app: Flask) -> None:
    """Load every template of `app` into its Jinja cache.

    A worker compiles a template the first time a page needs it: 70 templates, 0.6 s of CPU, paid by
    the first visitors of every new worker, which gunicorn starts again every few thousand requests
    (`max_requests`). `storefront.app.warm_up` calls this before a worker takes its first request.
    """
    env = app.jinja_env
    names = env.list_templates()
    if env.cache is not None and getattr(env.cache, "capacity", len(names)) < len(names):
        return  # they would push one another out of Jinja's LRU cache
    for name in names:
        env.get_template(name)


@pass_eval_context
def _translate(eval_ctx: EvalContext, string: str, **variables: Any) -> str:
    """`_()` in templates, as Jinja's newstyle gettext means it (Markup when autoescaping, always
    %-formatted) in one call: Jinja's `_` looks `gettext` up in the context and calls it through the
    context, which calls our function through the context again. A cold product page says `_()` 40 times.
    `{% trans %}`, `gettext` and `ngettext` stay Jinja's."""
    if not variables and eval_ctx.autoescape:
        return i18n.fixed_text(string)
    translated = i18n.translations().ugettext(string)
    if eval_ctx.autoescape:
        translated = Markup(translated)  # noqa: S704  as Jinja does: the catalogue's text is ours
    return translated % variables


def cart_count() -> int:
    """The header's count, from the cookie alone: no SQL on any page."""
    return carts.count_units(cart_store.read(request)) if has_request_context() else 0


#: How many blocks one process keeps at most (names × languages × the values of their arguments). A cart
#: count past the usual few is rendered afresh rather than kept: the dict never grows with the visitors.
LAYOUT_BLOCKS_KEPT = 256


def layout_block(name: str, *args: Hashable) -> Markup:
    """A whole element of the layout that is the same for every request in a language and with the same
    arguments (the main menu, the footer, the asset links, the cart link showing 0), rendered once per
    process, language and arguments.

    They were a third of a page's rendering, for output that only changes with the language (and a
    deploy). Each is a macro of `_macros/layout.html` that reads nothing of the request but its
    arguments, which take few values (a count, a flag), so nothing else of a visitor can reach it. When
    templates auto-reload (debug), every call renders afresh so an edit shows at once.
    """
    app: Any = current_app._get_current_object()  # type: ignore[attr-defined]  # the app, not its proxy
    blocks: dict[tuple[Hashable, ...], Markup] = app.extensions.setdefault("storefront_layout_blocks", {})
    key = (name, i18n.current_language(), *args)
    block = blocks.get(key)
    if block is None or app.jinja_env.auto_reload:
        block = get_template_attribute(LAYOUT_MACROS, name)(*args)  # a macro's output is Markup already
        if len(blocks) < LAYOUT_BLOCKS_KEPT:
            blocks[key] = block
    return block
