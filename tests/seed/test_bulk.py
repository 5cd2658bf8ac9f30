"""`flask seed bulk`: synthetic rows that look to the shop exactly like ones its services made."""

from __future__ import annotations

import os

from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from storefront.catalog import stars as star_rules
from storefront.catalog.models import Certificate, Product, ProductStatus
from storefront.catalog.services import index_product
from storefront.clock import vn_today
from storefront.orders.models import Order
from storefront.producers.models import Producer


def _products(db) -> list[Product]:
    return list(
        db.session.scalars(
            select(Product).options(
                selectinload(Product.images),
                selectinload(Product.certificates),
                selectinload(Product.group),
                selectinload(Product.top_group),
                selectinload(Product.producer),
                selectinload(Product.locality),
            )
        )
    )


def test_bulk_makes_n_products_consistent_with_the_services(runner, db, app) -> None:
    result = runner.invoke(args=["seed", "bulk", "--products", "500", "--orders", "40"])
    assert result.exit_code == 0, result.output
    assert "500 products" in result.output and "40 orders" in result.output and " s." in result.output

    products = _products(db)
    assert len(products) == 500
    today = vn_today()
    stars = set()
    for product in products:
        columns = ("search_name", "search_text", "search_body", "search_exact")
        stored = [getattr(product, c) for c in columns]
        index_product(product)
        assert [getattr(product, c) for c in columns] == stored, product.slug
        current = star_rules.current_certificate(product.certificates, today)
        assert product.stars == (current.stars if current else 0)
        assert product.stars_valid_until == (current.expires_on if current else None)
        assert product.top_group_id == (product.group.parent_id or product.group_id)
        stars.add(product.stars)
        assert product.images and product.images[0].width == 800
    db.session.rollback()  # index_product above touched the rows; keep nothing of it
    assert {0, 3, 4, 5} <= stars
    assert db.session.scalar(select(func.count()).select_from(Certificate)) > 200
    assert any(p.status == ProductStatus.DRAFT for p in products)

    paths = {p.images[0].path for p in products}
    assert len(paths) <= 25  # shared pictures, not one file per product
    for path in paths:
        with Image.open(os.path.join(app.config["MEDIA_ROOT"], path)) as picture:
            picture.verify()

    orders = db.session.scalars(select(Order).options(selectinload(Order.lines))).all()
    assert len(orders) == 40
    for order in orders:
        assert order.total_vnd == order.subtotal_vnd + order.shipping_vnd
        assert order.subtotal_vnd == sum(line.line_total_vnd for line in order.lines)


def test_bulk_runs_add_up_without_clashing(runner, db) -> None:
    for _ in range(2):
        result = runner.invoke(args=["seed", "bulk", "--products", "60", "--orders", "5"])
        assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Product)) == 120
    assert db.session.scalar(select(func.count()).select_from(Order)) == 10
    assert db.session.scalar(select(func.count()).select_from(Producer)) == 40


def test_bulk_refuses_negative_sizes(runner, db) -> None:
    result = runner.invoke(args=["seed", "bulk", "--products", "-5"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).select_from(Product)) == 0
