"""The programme office's sales report over a million order lines, beside the same aggregation in raw SQL.

    .venv/bin/python bench/sales_report.py                      # SQLite and PostgreSQL, 1,000,000 lines
    .venv/bin/python bench/sales_report.py --database sqlite --lines 50000

Builds each database once (`flask db upgrade`, `seed bulk --products P --orders O`; SQLite in bench/out/,
PostgreSQL at --pg-url, both rebuilt with --rebuild), then times `storefront.sales.report.sales_report` by
month and by locality, over the whole year of data and over one month, against hand-written SQL doing the
same work (the range of sale lines by `order_lines.sold_at`, the grouped sums and the totals; for
localities the join to their names) in the same process, best of --repeat runs each. Prints the times
and the ratio; targets: report at most 1.5x the raw SQL, a one-month report under 0.25 s. Exits 1 when a
target is missed. Results also go to bench/out/sales_report.json. Heavy: run it once, not in a loop.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
LINES_PER_ORDER = 1.75  # seed bulk: 1, 1, 2 or 3 lines per order
RATIO_TARGET, MONTH_TARGET_S = 1.5, 0.25

SALES = """
  SELECT l.order_id AS order_id, l.product_id AS product_id, l.producer_id AS producer_id,
         l.locality_id AS locality_id, l.quantity AS quantity, l.line_total_vnd AS revenue_vnd, l.sold_at AS sold_at
  FROM order_lines l
  WHERE l.sold_at >= :start AND l.sold_at < :end AND l.refunded_at IS NULL
"""
SUMS = "count(DISTINCT s.order_id), coalesce(sum(s.quantity), 0), coalesce(sum(s.revenue_vnd), 0)"
MONTH_KEY = {
    "sqlite": "strftime('%Y-%m', s.sold_at, '+7 hours')",
    "postgresql": "to_char(s.sold_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')",
}


def raw_queries(dialect: str, by: str) -> list[str]:
    # Only this file's constants go into these strings; the period is bound as parameters.
    totals = f"SELECT {SUMS} FROM ({SALES}) s"  # noqa: S608
    if by == "month":
        key = MONTH_KEY[dialect]
        return [f"SELECT {key} AS k, {SUMS} FROM ({SALES}) s GROUP BY k", totals]  # noqa: S608
    grouped = f"""
        SELECT loc.slug, loc.name, loc.province_name, {SUMS}
        FROM ({SALES}) s
        LEFT JOIN localities loc ON loc.id = s.locality_id
        GROUP BY loc.id, loc.slug, loc.name, loc.province_name"""  # noqa: S608
    return [grouped, totals]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000, help="order lines to build (about)")
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/t_program_bench"),
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def flask(url: str, *command: str) -> None:
    env = dict(os.environ, DATABASE_URL=url, FLASK_DEBUG="1", RATELIMIT_ENABLED="false", REDIS_URL="")
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *command], cwd=ROOT, env=env, check=True)


def build(url: str, args: argparse.Namespace) -> None:
    orders = int(args.lines / LINES_PER_ORDER)
    started = time.perf_counter()
    flask(url, "db", "upgrade")
    flask(url, "seed", "bulk", "--products", str(args.products), "--orders", str(orders))
    analyze(url)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


def analyze(url: str) -> None:
    """What a live database has by itself (autovacuum, or an occasional ANALYZE): statistics for the
    planner and, on PostgreSQL, the visibility map that lets an index-only scan skip the table."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    engine.dispose()


def sqlite_url(args: argparse.Namespace) -> str:
    path = OUT / f"sales-{args.lines}-{args.products}.sqlite3"
    url = f"sqlite:///{path}"
    if args.rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"building {path.name} (once)...", flush=True)
        build(url, args)
    return url


def pg_ready(url: str, args: argparse.Namespace) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database})
        if exists and args.rebuild:
            conn.execute(text(f'DROP DATABASE "{target.database}"'))
            exists = None
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    engine = create_engine(url)
    with engine.connect() as conn:
        has_orders = conn.scalar(text("SELECT to_regclass('public.order_lines')")) is not None
        lines = conn.scalar(text("SELECT count(*) FROM order_lines")) if has_orders else 0
    engine.dispose()
    if not lines:
        print(f"building {target.database} (once)...", flush=True)
        build(url, args)
    return url


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(url: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    from sqlalchemy import func, select, text

    from storefront.app import create_app
    from storefront.extensions import db
    from storefront.orders.models import Order, OrderLine
    from storefront.sales.definition import month_days, vn_bounds, vn_date
    from storefront.sales.report import sales_report

    os.environ.update(SECRET_KEY=secrets.token_urlsafe(48), REDIS_URL="", RATELIMIT_ENABLED="false", DATABASE_URL=url)
    app = create_app()
    results = []
    with app.app_context():
        dialect = db.engine.dialect.name
        lines = db.session.scalar(select(func.count()).select_from(OrderLine))
        last = db.session.scalar(select(func.max(Order.paid_at)))
        today = vn_date(last or datetime.now(UTC))
        year = (today - timedelta(days=364), today)
        previous = today.replace(day=1) - timedelta(days=1)
        month = month_days(previous.year, previous.month)
        print(f"{dialect}: {lines:,} order lines; year {year[0]}..{year[1]}, month {month[0]}..{month[1]}", flush=True)
        for label, (first, final) in (("year", year), ("one month", month)):
            start, end = vn_bounds(first, final)
            params: dict[str, Any] = {"start": start, "end": end}
            if dialect == "sqlite":  # the text SQLAlchemy stores for a UTC datetime on SQLite
                params = {k: v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") for k, v in params.items()}
            for by in ("month", "locality"):
                raw_sql = [text(q) for q in raw_queries(dialect, by)]

                def orm(by: str = by, first: date = first, final: date = final) -> Any:
                    return sales_report(by, first, final)

                def raw(raw_sql: list[Any] = raw_sql, params: dict[str, Any] = params) -> Any:
                    return [db.session.execute(q, params).all() for q in raw_sql]

                report = orm()
                rows = raw()
                assert len(report.rows) == len(rows[0]), (by, len(report.rows), len(rows[0]))
                assert report.totals.revenue_vnd == int(rows[1][0][2]), "the two agree on the revenue"
                orm_s, raw_s = best(orm, args.repeat), best(raw, args.repeat)
                results.append(
                    {
                        "database": dialect,
                        "lines": lines,
                        "period": label,
                        "by": by,
                        "rows": len(report.rows),
                        "sale_lines_revenue_vnd": report.totals.revenue_vnd,
                        "report_s": round(orm_s, 4),
                        "raw_sql_s": round(raw_s, 4),
                        "ratio": round(orm_s / raw_s, 3) if raw_s else None,
                    }
                )
                print(
                    f"  {label:>9} by {by:<8} {len(report.rows):>4} rows  report {orm_s:7.3f} s  "
                    f"raw SQL {raw_s:7.3f} s  ratio {orm_s / raw_s:5.2f}",
                    flush=True,
                )
        db.session.remove()
        db.engine.dispose()
    return results


def main() -> int:
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    urls = []
    if args.database in ("sqlite", "both"):
        urls.append(sqlite_url(args))
    if args.database in ("postgresql", "both"):
        urls.append(pg_ready(args.pg_url, args))
    results = []
    for url in urls:
        results += measure(url, args)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "sales_report.json").write_text(json.dumps(results, indent=2))
    missed = [r for r in results if (r["ratio"] or 0) > RATIO_TARGET]
    missed += [r for r in results if r["period"] == "one month" and r["report_s"] > MONTH_TARGET_S]
    print(f"targets: report <= {RATIO_TARGET}x raw SQL, one month < {MONTH_TARGET_S} s: ", end="")
    print("met" if not missed else f"missed in {len(missed)} case(s)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
