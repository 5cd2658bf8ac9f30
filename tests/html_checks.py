"""Every page the suite renders is valid HTML, and every template and macro renders a balanced tree.

Two checks, on for the whole suite (tests/conftest.py uses `html_is_balanced` for every test):

- each HTML response a test client receives is parsed by html5lib in strict mode: any parse error
  (a stray end tag, an unclosed element, a bad attribute) fails the test that asked for the page;
- each output of a template (`render_template`, the fragments cached for the public pages) and of every
  macro call is checked alone: its elements close in the order they opened and nothing is left open
  or closed that it did not open itself. A macro that opens an `<a>` for its caller to close fails here.

A page is parsed once per distinct body, a macro output once per distinct text, so the cost stays small.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import flask.templating
import html5lib
import jinja2.runtime
import pytest
from flask.testing import FlaskClient
from html5lib.constants import voidElements

#: Elements whose content is raw text: a `<` inside them is not a tag.
RAW_TEXT = frozenset({"script", "style", "textarea", "title"})
_TAG = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<!(?:doctype|DOCTYPE)[^>]*>"
    r"|<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*(/?)>",
    re.S,
)


#: Where a tag, comment or doctype may start; `<` before anything else is text.
_TAG_START = re.compile(r"<(?:(/?[A-Za-z])|(!))")


class Unbalanced(AssertionError):
    pass


def balance_problem(html: str) -> str | None:
    """Why `html` is not a balanced element tree on its own, or None when it is.

    Stricter than HTML: every non-void element needs its end tag (the templates always write them), so
    an element left for another template to close is caught even where a browser would close it.
    """
    stack: list[str] = []
    position = 0
    while True:
        start = _TAG_START.search(html, position)
        if start is None:
            break
        match = _TAG.match(html, start.start())
        if match is None:
            if start.group(1) or start.group(2):
                return f"a tag is cut off (at {start.start()}: {html[start.start() : start.start() + 60]!r})"
            position = start.end()  # a lone `<` in text
            continue
        position = match.end()
        closing, name, _attrs, self_closing = match.groups()
        if name is None:  # a comment, CDATA or doctype
            continue
        name = name.lower()
        if closing:
            if not stack:
                return f"</{name}> closes an element opened elsewhere (at {match.start()}: {_around(html, match)})"
            if stack[-1] != name:
                return f"</{name}> closes <{stack[-1]}> (at {match.start()}: {_around(html, match)})"
            stack.pop()
        elif name not in voidElements and not self_closing:  # `<path/>` in SVG closes itself
            if name in RAW_TEXT:
                end = html.lower().find(f"</{name}", position)
                if end < 0:
                    return f"<{name}> is never closed"
                position = end
            stack.append(name)
    if stack:
        return "left open for someone else to close: " + " ".join(f"<{name}>" for name in stack)
    return None


def _around(html: str, match: re.Match[str]) -> str:
    return repr(html[max(0, match.start() - 60) : match.end() + 20])


def parse_errors(page: str) -> list[str]:
    """html5lib's complaints about a whole page, as `line:col code`."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(page)
    return [f"{line}:{col} {code} {data or ''}" for (line, col), code, data in parser.errors]


class HtmlChecks:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self._pages_seen: set[int] = set()
        self._parts_seen: set[int] = set()

    def page(self, url: str, body: str) -> None:
        key = hash(body)
        if key in self._pages_seen:
            return
        self._pages_seen.add(key)
        errors = parse_errors(body)
        if errors:
            self.problems.append(f"{url}: html5lib parse errors: {errors[:5]}")
        problem = balance_problem(body)
        if problem:
            self.problems.append(f"{url}: {problem}")

    def part(self, what: str, html: str) -> None:
        key = hash((what, html))
        if key in self._parts_seen:
            return
        self._parts_seen.add(key)
        problem = balance_problem(html)
        if problem:
            self.problems.append(f"{what}: {problem}")


CHECKS = HtmlChecks()


def _checked_open(original: Any) -> Any:
    def open(self: FlaskClient, *args: Any, **kwargs: Any) -> Any:
        response = original(self, *args, **kwargs)
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:  # redirects: Werkzeug's body
            body = response.get_data(as_text=True)
            if body.lstrip()[:15].lower().startswith("<!doctype html"):
                CHECKS.page(f"{kwargs.get('method', 'GET')} {args[0] if args else kwargs.get('path', '')}", body)
            else:  # a fragment answered on its own (a fetch() target)
                CHECKS.part(f"response {args[0] if args else ''}", body)
        return response

    return open


def _checked_render(original: Any) -> Any:
    def render(app: Any, template: Any, context: Any) -> str:
        html = original(app, template, context)
        CHECKS.part(f"template {template.name}", html)
        return html

    return render


def _checked_macro(original: Any) -> Any:
    def invoke(self: jinja2.runtime.Macro, arguments: Any, autoescape: bool) -> Any:
        html = original(self, arguments, autoescape)
        where = getattr(getattr(self, "_func", None), "__code__", None)
        source = where.co_filename if where else "?"
        CHECKS.part(f"macro {self.name} ({source})", str(html))
        return html

    return invoke


@pytest.fixture(scope="session")
def _html_checks_installed() -> Iterator[HtmlChecks]:
    patches = pytest.MonkeyPatch()
    patches.setattr(FlaskClient, "open", _checked_open(FlaskClient.open))
    patches.setattr(flask.templating, "_render", _checked_render(flask.templating._render))
    patches.setattr(jinja2.runtime.Macro, "_invoke", _checked_macro(jinja2.runtime.Macro._invoke))
    try:
        yield CHECKS
    finally:
        patches.undo()


@pytest.fixture(autouse=True)
def html_is_balanced(_html_checks_installed: HtmlChecks) -> Iterator[None]:
    """Fails the test during which a page, a template or a macro rendered unbalanced or invalid HTML."""
    _html_checks_installed.problems.clear()
    yield
    problems = list(_html_checks_installed.problems)
    _html_checks_installed.problems.clear()
    if problems:
        raise Unbalanced("HTML rendered by this test is not whole:\n" + "\n".join(problems[:10]))
