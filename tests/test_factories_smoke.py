from datetime import date

from tests.factories import make_product


def test_a_made_product_is_indexed_and_starred(db) -> None:
    product = make_product(name_vi="Mực khô Cô Tô", stars=5, today=date(2026, 1, 1))
    assert "muc kho co to" in product.search_name
    assert product.stars == 5 and product.stars_valid_until is not None
