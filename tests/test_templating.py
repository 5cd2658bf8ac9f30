"""The template environment's shortcuts keep Jinja's meaning: globals reach every template and import, and
every value still goes out without control characters, however often it is shown."""

from __future__ import annotations

import re

from flask import Flask, render_template_string
from markupsafe import Markup

from storefront.templating import _LONG, _LONG_REMEMBERED, _long_seen, known_clean
from tests.factories import make_producer, make_product


def test_templates_read_the_environment_s_globals_even_those_added_later(app: Flask) -> None:
    env = app.jinja_env
    base = env.get_template("base.html")
    assert base.globals is env.globals  # no ChainMap read key by key at each render
    env.globals["late_global"] = "added after the templates were loaded"
    try:
        with app.test_request_context("/"):
            page = render_template_string(
                '{% from "_macros/layout.html" import language_switch %}{{ late_global }}'
                "{{ language_switch([('vi', '/?lang=vi', true)]) }}"
            )
        assert page.startswith("added after the templates were loaded") and "VI</strong>" in page
    finally:
        del env.globals["late_global"]


def test_a_long_block_with_control_characters_is_cleaned_every_time_it_is_shown(app: Flask) -> None:
    clean = Markup("<p>" + "Mực khô Cô Tô. " * (_LONG // 10) + "</p>")  # noqa: S704  our own constant
    dirty = Markup("<p>" + "Mực khô\x00 Cô\x1b Tô\x9f. " * (_LONG // 10) + "</p>")  # noqa: S704  likewise
    with app.test_request_context("/"):
        for _ in range(3):  # the second and third time from what is remembered
            assert render_template_string("{{ block }}", block=clean) == clean
            shown = render_template_string("{{ block }}", block=dirty)
            assert shown == dirty.replace("\x00", "").replace("\x1b", "").replace("\x9f", "")
            assert render_template_string("{{ text }}", text=str(dirty)[:100]).count("\x00") == 0


def test_every_control_character_goes_and_every_other_character_stays(app: Flask) -> None:
    controls = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]]
    kept = "Mực\tkhô\nCô\r Tô\xa0đ\u200b\u2028€ ★"  # tab, line breaks, no-break and zero-width spaces
    with app.test_request_context("/"):
        for control in controls:
            assert render_template_string("{{ text }}", text=f"Mực{control}khô") == "Mựckhô", repr(control)
        assert render_template_string("{{ text }}", text=kept) == kept
        assert render_template_string("{{ n }} {{ none }}", n=125000, none=None) == "125000 None"


def test_underscore_translates_as_jinja_s_newstyle_gettext(app: Flask) -> None:
    from jinja2.ext import _gettext_alias

    sources = [
        "{{ _('Add to cart') }}",
        "{{ _('Hotline') }}: {{ _('%(fee)s per producer', fee='<b>30.000 ₫</b>') }}",
        "{{ _('100%% OCOP') }} {{ _('Search: squid, noodles, morinda…') }}",
        "{% autoescape false %}{{ _('%(fee)s per producer', fee='<b>') }}{% endautoescape %}",  # as in e-mails
    ]
    env = app.jinja_env
    for language in ("vi", "en"):
        with app.test_request_context(f"/?lang={language}"):
            ours = [env.from_string(source).render() for source in sources]
            saved = env.globals["_"]
            env.globals["_"] = _gettext_alias  # what jinja2.ext.i18n installs
            try:
                jinja_s = [env.from_string(source).render() for source in sources]
            finally:
                env.globals["_"] = saved
        assert ours == jinja_s
    assert "&lt;b&gt;" in ours[1] and "100% OCOP" in ours[2] and ours[3].startswith("<b>")
    from flask_babel import force_locale

    with app.test_request_context("/?lang=vi"):
        assert env.from_string("{{ _('Add to cart') }}").render() == "Thêm vào giỏ"
        with force_locale("en"):  # the texts made once per catalogue follow the locale in force
            assert env.from_string("{{ _('Add to cart') }}").render() == "Add to cart"
        assert env.from_string("{{ _('Add to cart') }}").render() == "Thêm vào giỏ"


def test_a_catalogue_page_shows_no_control_character_that_stored_names_hold(client, db, memory_cache) -> None:
    """The grid and the page are shown without being scanned again (`known_clean`): what keeps them clean is
    that each name passed the scan as it was rendered. Names written around the forms (an import, a SQL
    console) hold control characters that the forms would refuse."""
    producer = make_producer(name="HTX\x01 Miến\x1b dong Bình Liêu")  # no NUL: PostgreSQL refuses it in text
    for n in range(30):  # more than a page, so the grid is long and a second page exists
        make_product(producer=producer, name_vi=f"Miến\x9f dong\x07 số {n}")
    db.session.commit()
    for path in ("/products", "/products?q=mien+dong", "/products?q=mien&page=2"):
        for _shown in range(2):  # a miss, then what the cache keeps
            html = client.get(path).get_data(as_text=True)
            assert "Miến dong số" in html and "HTX Miến dong Bình Liêu" in html, path
            assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", html), path


def test_texts_known_clean_are_shown_as_they_are_and_at_most_a_bounded_number_is_remembered(app: Flask) -> None:
    with app.test_request_context("/"):
        for n in range(_LONG_REMEMBERED * 3):
            rendered = render_template_string("<p>{{ n }}</p>" + "Mực khô Cô Tô. " * (_LONG // 10), n=n)
            assert render_template_string("{{ block }}", block=known_clean(Markup(rendered))) == rendered  # noqa: S704
            dirty = Markup(f"<p>{n}\x1b</p>" + "Mực khô Cô Tô. " * (_LONG // 10))  # noqa: S704  not known clean
            assert "\x1b" not in render_template_string("{{ block }}", block=dirty)
        assert len(_long_seen) <= _LONG_REMEMBERED
