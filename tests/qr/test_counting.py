"""Scans are counted for the programme with nothing personal kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect, select

from storefront.catalog.search_index import is_search_object
from storefront.qr import counting
from storefront.qr.models import ScanSalt, ScanVisit
from tests.factories import make_batch, make_product
from tests.qr.support import ANDROID, PHONE, phone, scan_count, scans


def test_one_scan_is_counted_with_its_coarse_facts(client, db) -> None:
    product = make_product(qr_code="SCAN2345")
    batch = make_batch(product, lot="L7")
    assert client.get("/q/SCAN2345/L7", headers=phone("en-GB,en;q=0.9")).status_code == 200
    [scan] = scans(db)
    assert (scan.product_id, scan.batch_id, scan.language, scan.device, scan.source) == (
        product.id,
        batch.id,
        "en",
        "mobile",
        "qr",
    )


def test_the_same_visitor_the_same_day_counts_once(client, db) -> None:
    product = make_product(qr_code="SCAN2345", gtin="8930000000019")
    other = make_product(qr_code="OTHR2345")
    for _ in range(3):
        client.get("/q/SCAN2345", headers=phone())
    client.get("/01/08930000000019", headers=phone())  # the same pack through its GS1 code
    assert [s.product_id for s in scans(db)] == [product.id]
    client.get("/q/OTHR2345", headers=phone())  # another product
    client.get("/q/SCAN2345", headers=phone(agent=ANDROID))  # another phone
    client.get("/q/SCAN2345", headers=phone(), environ_base={"REMOTE_ADDR": "203.0.113.9"})  # another address
    assert [s.product_id for s in scans(db)] == [product.id, other.id, product.id, product.id]


def test_a_gs1_scan_is_counted_by_the_resolver_once(client, db) -> None:
    make_product(qr_code="SCAN2345", gtin="8930000000019")
    response = client.get("/01/08930000000019", headers=phone())
    client.get(response.headers["Location"].removeprefix("https://shop.example"), headers=phone())
    assert [s.source for s in scans(db)] == ["gs1"]


def test_the_next_day_counts_again_and_yesterdays_salt_is_gone(db) -> None:
    product = make_product()
    day_one = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    args: dict[str, Any] = {"visitor": "198.51.100.7\n" + PHONE, "language": "vi", "device": "mobile", "source": "qr"}
    assert counting.count_scan(product.id, now=day_one, **args) is not None
    assert counting.count_scan(product.id, now=day_one + timedelta(hours=6), **args) is None
    first_salt = db.session.scalar(select(ScanSalt.salt))
    # 17:30 UTC is 00:30 the next day in Vietnam: a new day, a new salt.
    next_day = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)
    assert counting.count_scan(product.id, now=next_day, **args) is not None
    assert [s.day.isoformat() for s in db.session.scalars(select(ScanSalt))] == ["2026-12-01"]
    assert db.session.scalar(select(ScanSalt.salt)) != first_salt
    assert {v.day.isoformat() for v in db.session.scalars(select(ScanVisit))} == {"2026-12-01"}


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; Zalobot/1.0)",
        "TelegramBot (like TwitterBot)",
        "curl/8.5.0",
        "",
    ],
)
def test_bots_and_link_previews_are_not_counted(client, db, agent: str) -> None:
    make_product(qr_code="SCAN2345", gtin="8930000000019")
    assert client.get("/q/SCAN2345", headers={"User-Agent": agent}).status_code == 200
    assert client.get("/01/08930000000019", headers={"User-Agent": agent}).status_code == 307
    assert scan_count(db) == 0


def test_head_prefetch_and_link_set_requests_are_not_counted(client, db) -> None:
    make_product(qr_code="SCAN2345", gtin="8930000000019")
    client.head("/q/SCAN2345", headers=phone())
    client.head("/01/08930000000019", headers=phone())
    client.get("/q/SCAN2345", headers=phone(**{"Sec-Purpose": "prefetch"}))
    client.get("/01/08930000000019?linkType=linkset", headers=phone())
    client.get("/01/08930000000019", headers=phone(Accept="application/linkset+json"))
    assert scan_count(db) == 0


def test_an_unknown_code_is_a_friendly_404_counted_nowhere(client, db) -> None:
    make_product(qr_code="SCAN2345")
    english = client.get("/q/NOPE2345", headers=phone("en"))
    assert english.status_code == 404
    assert "We do not know this code" in english.get_data(as_text=True)
    vietnamese = client.get("/q/NOPE2345", headers=phone("vi"))
    assert vietnamese.status_code == 404 and "We do not know this code" not in vietnamese.get_data(as_text=True)
    assert client.get("/q/SCAN2345/bad%20lot!", headers=phone()).status_code == 404
    assert scan_count(db) == 0
    assert db.session.scalar(select(ScanVisit.digest)) is None


def test_no_table_holds_an_address_or_a_user_agent(client, db) -> None:
    make_product(qr_code="SCAN2345", gtin="8930000000019")
    address = "198.51.100.77"
    client.get("/q/SCAN2345", headers=phone(agent=ANDROID), environ_base={"REMOTE_ADDR": address})
    client.get("/01/08930000000019", headers=phone(agent=PHONE), environ_base={"REMOTE_ADDR": address})
    assert scan_count(db) == 2  # two phones
    connection = db.session.connection()
    needles = [address, "Android", "iPhone", "Mozilla", "Safari"]
    columns = {"ip", "ip_address", "remote_addr", "user_agent", "ua", "address_hash", "visitor"}
    for table in inspect(connection).get_table_names():
        if table == "alembic_version" or is_search_object(table):
            continue  # the text index's own tables hold only the products' folded text, read below
        names = {c["name"] for c in inspect(connection).get_columns(table)}
        assert not names & columns, table
        for row in db.session.execute(select(db.metadata.tables[table])):
            text = " ".join(str(value) for value in row)
            assert not any(needle in text for needle in needles), (table, row)


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (PHONE, "mobile"),
        (ANDROID, "mobile"),
        ("Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148", "tablet"),
        ("Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 Chrome/124.0 Safari/537.36", "tablet"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36", "desktop"),
        ("SomethingElse/1.0", "other"),
    ],
)
def test_device_classes(agent: str, device: str) -> None:
    assert counting.device_class(agent) == device


def test_the_forget_command_deletes_past_days(runner, db) -> None:
    from datetime import date

    db.session.add_all(
        [ScanSalt(day=date(2020, 1, 1), salt=b"x" * 32), ScanVisit(day=date(2020, 1, 1), digest=b"y" * 16)]
    )
    db.session.flush()
    result = runner.invoke(args=["qr", "forget"])
    assert result.exit_code == 0 and "1 past day" in result.output
    assert db.session.scalar(select(ScanSalt)) is None and db.session.scalar(select(ScanVisit)) is None
