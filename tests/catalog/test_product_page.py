"""The product page's plain data says what the entities say, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from storefront.catalog.models import IssuerLevel, ProductStatus
from storefront.catalog.product_page import product_page
from storefront.catalog.queries import get_product
from storefront.extensions import db
from tests.factories import (
    TODAY,
    make_certificate,
    make_group,
    make_image,
    make_locality,
    make_producer,
    make_product,
)


def _product(pictures: int, certificates: int, gtin: str | None = None) -> str:
    top = make_group()
    sub = make_group(parent=top, name_vi="Trà", name_en="Tea")
    maker = make_producer(locality=make_locality(former_district="Tiên Yên"), address="Thôn 3")
    made_in = make_locality()
    product = make_product(group=sub, producer=maker, locality=made_in, gtin=gtin, stars=4, today=TODAY)
    for position in reversed(range(pictures)):
        make_image(product, position=position, path=f"products/{product.slug}-{position}.png")
    for n in range(certificates):
        make_certificate(
            product, stars=3, decided_on=TODAY - timedelta(days=400 + n), issuer_level=IssuerLevel.PROVINCE
        )
    db.session.flush()
    db.session.expunge_all()
    return product.slug


def test_the_page_data_is_the_entities_data(db) -> None:
    slug = _product(pictures=3, certificates=2, gtin="8930000000017")
    entity, page = get_product(slug, TODAY), product_page(slug)
    assert entity is not None and page is not None
    for name in ("id", "slug", "name_vi", "name_en", "description_vi", "unit_en", "price_vnd", "stock", "gtin"):
        assert getattr(page, name) == getattr(entity, name), name
    assert (page.stars, page.stars_valid_until) == (entity.stars, entity.stars_valid_until)
    assert (page.group.slug, page.top_group.slug, page.top_group.code) == (
        entity.group.slug,
        entity.top_group.slug,
        entity.top_group.code,
    )
    assert page.group.id != page.top_group.id and page.is_shippable == entity.is_shippable
    assert (page.producer.name, page.producer.kind, page.producer.address) == (
        entity.producer.name,
        entity.producer.kind,
        entity.producer.address,
    )
    assert page.producer.locality.former_district == "Tiên Yên" == entity.producer.locality.former_district
    assert (page.locality.slug, page.locality.name) == (entity.locality.slug, entity.locality.name)
    assert [(i.path, i.alt_vi, i.width) for i in page.images] == [(i.path, i.alt_vi, i.width) for i in entity.images]
    assert [i.path for i in page.images] == [f"products/{slug}-{n}.png" for n in range(3)]
    assert [(c.number, c.decided_on, c.expires_on, c.issuer_level, c.revoked_on) for c in page.certificates] == [
        (c.number, c.decided_on, c.expires_on, c.issuer_level, c.revoked_on) for c in entity.certificates
    ]
    assert isinstance(page.certificates[-1].issuer_level, IssuerLevel)


def test_the_page_costs_two_queries_whatever_it_shows(db, count_queries) -> None:
    few, many = _product(pictures=0, certificates=0), _product(pictures=5, certificates=3)
    for slug, pictures, certificates in ((few, 0, 1), (many, 5, 4)):  # `stars=4` gave each one certificate
        with count_queries() as queries:
            page = product_page(slug)
        assert page is not None and (len(page.images), len(page.certificates)) == (pictures, certificates)
        assert len(queries) == 2


def test_a_draft_or_a_strange_slug_has_no_page(db) -> None:
    make_product(slug="ban-nhap", status=ProductStatus.DRAFT)
    db.session.flush()
    for slug in ("ban-nhap", "khong-co", "", "x" * 1000, "../etc"):
        assert product_page(slug) is None
