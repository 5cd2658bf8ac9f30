"""Place lists follow Vietnamese alphabetical order."""

from __future__ import annotations

from storefront.catalog.queries import localities_with_products
from tests.factories import make_locality, make_producer, make_product


def test_localities_sort_as_vietnamese_reads_them(db) -> None:
    for name in ("Xã Ba Chẽ", "Đặc khu Cô Tô", "Phường Hà An", "Đặc khu Vân Đồn", "Xã Đầm Hà"):
        make_product(producer=make_producer(locality=make_locality(name=name)))
    names = [locality.name for locality, _ in localities_with_products()]
    assert names == ["Đặc khu Cô Tô", "Đặc khu Vân Đồn", "Phường Hà An", "Xã Ba Chẽ", "Xã Đầm Hà"]
