"""The catalogue on a phone: filters folded in a <details>, the sort above the results, removable chips."""

from __future__ import annotations

import html as html_lib

from tests.factories import Shop


def test_filters_fold_into_a_panel_and_the_sort_sits_above_the_results(client, shop: Shop) -> None:
    page = client.get("/products?lang=en").get_data(as_text=True)
    panel = page.split('<details class="filter-panel"')[1].split("</details>")[0]
    assert '<form class="filters"' in panel and "<summary><h2>Filters" in panel
    results = page.split('<section class="catalogue-results"')[1]
    assert results.index('<form class="sort-bar"') < results.index('<ul class="grid"')


def test_each_filter_in_use_is_a_chip_that_removes_it(client, shop: Shop) -> None:
    page = html_lib.unescape(client.get("/products?lang=en&q=muc&stars=4&sort=price_asc").get_data(as_text=True))
    chips = page.split('<ul class="chips"')[1].split("</ul>")[0]
    assert 'href="/products?stars=4&sort=price_asc">Words: muc' in chips
    assert 'href="/products?q=muc&sort=price_asc">4 stars or more' in chips
    sort = page.split('<form class="sort-bar"')[1].split("</form>")[0]
    assert (
        '<input type="hidden" name="q" value="muc">' in sort and '<input type="hidden" name="stars" value="4">' in sort
    )
    assert '<option value="price_asc" selected>' in sort


def test_a_group_chip_and_a_place_chip_show_their_names_in_the_pages_language(client, shop: Shop) -> None:
    for lang, group in (("en", "Processed seafood"), ("vi", "Thủy sản chế biến")):
        page = client.get(f"/products?lang={lang}&group=thuy-san&locality=dac-khu-co-to").get_data(as_text=True)
        chips = html_lib.unescape(page.split('<ul class="chips"')[1].split("</ul>")[0])
        assert f'href="/products?locality=dac-khu-co-to">{group} ' in chips
        assert 'href="/products?group=thuy-san">Đặc khu Cô Tô ' in chips
