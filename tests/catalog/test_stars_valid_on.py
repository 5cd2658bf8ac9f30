"""`stars_valid_on`: a certificate counts until the day before its expiry, on both databases, and SQLite
compares the stored days as text, without converting each one to a number first."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storefront.catalog.models import Product, stars_valid_on
from storefront.extensions import db
from tests.factories import TODAY, make_product


def test_only_certificates_still_in_force_today_count(db) -> None:  # noqa: ANN001  the fixture
    until = {"none": None, "yesterday": -1, "today": 0, "tomorrow": 1, "next-year": 365}
    ids = {}
    for name, days in until.items():
        product = make_product(slug=f"valid-{name}")
        product.stars = 4
        product.stars_valid_until = None if days is None else TODAY + timedelta(days=days)
        ids[name] = product.id
    db.session.flush()
    found = db.session.scalars(select(Product.slug).where(Product.id.in_(ids.values()), stars_valid_on(TODAY)))
    assert sorted(found) == ["valid-next-year", "valid-tomorrow"]
    counted = db.session.scalar(select(func.count()).where(Product.id.in_(ids.values()), stars_valid_on(TODAY)))
    assert counted == 2


def test_sqlite_compares_the_days_without_the_column_s_numeric_affinity(app) -> None:  # noqa: ANN001
    statement = select(Product.id).where(stars_valid_on(TODAY))
    with app.app_context():
        sql, dialect = str(statement.compile(db.engine)), db.engine.dialect.name
    if dialect == "sqlite":
        assert "+products.stars_valid_until > " in sql
    else:
        assert "+products" not in sql and "products.stars_valid_until > " in sql
