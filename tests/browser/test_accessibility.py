"""Every page type, in Vietnamese and English, on phones: axe-core finds no violation, and nothing scrolls
sideways at 390 px, 360 px, or 320 px with the text at 200 %.

axe runs its default rules (WCAG 2.x A and AA, best practices) at 390 × 844, and the header's and footer's
text at AAA contrast (7:1, for reading outdoors).

axe comes from npm (package-lock.json) and is given to each document as a Playwright init script, which the
DevTools protocol runs beside the page: the shop's Content-Security-Policy stays as strict as for any
visitor (a script it refused would still fail the test through the console).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.tour import stops_for, walk

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}
#: WCAG's reflow width, with the browser's default text size doubled (Chromium's own setting, which the
#: phone's text-size preference maps to: 16 px → 32 px; rem and em follow it, media queries in rem too).
NARROWEST = {"width": 320, "height": 640}
LARGE_TEXT = {"standard": 32, "fixed": 26}
DEFAULT_TEXT = {"standard": 16, "fixed": 13}

#: The innermost elements reaching past the right edge: what makes the page scroll sideways.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const past = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > width + 1);
  const leaves = past.filter((e) => !past.some((o) => o !== e && e.contains(o)));
  return document.documentElement.scrollWidth + ' px wide: ' + leaves.slice(0, 4).map((e) =>
    e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined ? '.' + e.className.split(' ').join('.') : '')
    + ' (right ' + Math.round(e.getBoundingClientRect().right) + ')').join(', ');
}"""

RUN_AXE = """async (withFrame) => {
  const report = (results) => results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').slice(1).join(' ')),
  }));
  const all = await axe.run(document, { resultTypes: ['violations'] });
  if (!withFrame) return report(all);
  const frame = ['.site-header', '.site-footer'].filter((s) => document.querySelector(s)).map((s) => [s]);
  const aaa = frame.length ? await axe.run({ include: frame }, {
    runOnly: { type: 'rule', values: ['color-contrast-enhanced'] }, resultTypes: ['violations'],
  }) : { violations: [] };
  return [...report(all), ...report(aaa)];
}"""


def _sideways(page: Any) -> list[str]:
    """Where the page scrolls sideways at 390 px, 360 px and 320 px with doubled text (then back to 390 px)."""
    found = []
    if overflow := page.evaluate(OVERFLOW):
        found.append(f"at 390 px: {overflow}")
    page.set_viewport_size(SMALL_PHONE)
    if overflow := page.evaluate(OVERFLOW):
        found.append(f"at 360 px: {overflow}")
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Page.setFontSizes", {"fontSizes": LARGE_TEXT})
        page.set_viewport_size(NARROWEST)
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 32, "text not doubled"
        if overflow := page.evaluate(OVERFLOW):
            found.append(f"at 320 px, text 200 %: {overflow}")
        cdp.send("Page.setFontSizes", {"fontSizes": DEFAULT_TEXT})
    finally:
        cdp.detach()
    page.set_viewport_size(PHONE)
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_type_passes_axe_and_fits_narrow_phones(
    open_context: Any, axe_source: str, placed_orders: dict[str, str], lang: str
) -> None:
    def context_for(role: str) -> Any:
        context = open_context(role, viewport=PHONE, is_mobile=True, has_touch=True, locale=f"{lang}-VN")
        context.add_init_script(script=axe_source)
        return context

    # rule -> node and what is wrong with it -> the page types it is on: one line per fault, not per page.
    found: dict[str, dict[str, list[str]]] = {}
    sideways: list[str] = []
    seen = 0
    for stop, page in walk(context_for, lang, placed_orders):
        seen += 1
        # The header and footer are the same on every page of a role: their AAA check once per role is enough.
        first_of_role = stop is stops_for(stop.role)[0]
        for violation in page.evaluate(RUN_AXE, first_of_role):
            rule = f"{violation['id']} [{violation['impact']}] {violation['help']}"
            for node in violation["nodes"]:
                found.setdefault(rule, {}).setdefault(node, []).append(stop.name)
        sideways += [f"{stop.name}: {where}" for where in _sideways(page)]
    assert seen > 30
    report = [f"axe violations ({lang}):"] if found else []
    for rule, nodes in found.items():
        report.append(rule)
        report += [f"    {node}\n        on: {', '.join(stops)}" for node, stops in nodes.items()]
    if sideways:
        report += [f"pages scrolling sideways ({lang}):", *sideways]
    assert not report, "\n".join(report)
