"""Where a cold page's time goes, in-process: each request's wall time, its SQL time, and the slowest statements.

    .venv/bin/python bench/sqltime.py --database sqlite:///bench/out/shop.sqlite3 --workload searches -n 300
    .venv/bin/python bench/sqltime.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_storefront \
        --workload listings --explain

On a machine shared with others, req/s measures the others; the SQL and CPU time of one request in one
process does not. The addresses are the benchmark's own cold pools (workloads.py), asked for in order
through Flask's test client with the caches on (each address once, so every page is a miss). Prints the
median and 99th percentile of the request, of its SQL and of its process CPU time, then the statements
that took the most time in all, by shape (parameters aside), with `--explain` their plans.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workloads import build_pools, database_url  # noqa: E402  (bench/ is not a package)

_NUMBERS = re.compile(r"\b\d+\b")


def _short(statement: str) -> str:
    """A statement without its long column lists: what it filters and orders by is what costs."""
    statement = re.sub(r"SELECT (?:(?!\bFROM\b).){120,}? FROM", "SELECT ... FROM", statement)
    return statement[:900]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="the benchmark database's SQLAlchemy URL")
    parser.add_argument("--workload", default="searches", help="a word of the pool's name: searches, listings, ...")
    parser.add_argument("-n", type=int, default=300, help="addresses to ask for")
    parser.add_argument("--skip", type=int, default=0, help="addresses to leave out first (another sample)")
    parser.add_argument("--path", action="append", default=[], help="these addresses instead of a pool's")
    parser.add_argument("--full", action="store_true", help="print the statements whole")
    parser.add_argument("--explain", action="store_true", help="print the plans of the slowest statements")
    parser.add_argument("--top", type=int, default=6)
    parser.add_argument(
        "--slowest", type=int, default=0, help="also print this many slowest requests, statement by statement"
    )
    args = parser.parse_args()
    args.database = database_url(args.database)

    os.environ.update(
        DATABASE_URL=args.database,
        SECRET_KEY="sqltime-secret-key-0123456789abcdefghijklmn",  # noqa: S106  a local, throwaway app
        RATELIMIT_ENABLED="false",
        REDIS_URL="",
        FLASK_DEBUG="0",
    )
    from sqlalchemy import event

    from storefront.app import create_app
    from storefront.extensions import db

    if args.path:
        name, paths = "given addresses", [args.path[0], *args.path]
    else:
        pool = next(p for p in build_pools(args.database).values() if args.workload in p.name)
        name, paths = pool.name, pool.paths[args.skip : args.skip + args.n]
    app = create_app()
    client = app.test_client()
    statements: dict[str, list[float]] = defaultdict(list)
    examples: dict[str, tuple[str, Any]] = {}
    current: list[float] = []
    current_statements: list[tuple[float, str]] = []

    def before(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        conn.info["sqltime_started"] = time.perf_counter()

    def after(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        spent = time.perf_counter() - conn.info.pop("sqltime_started", time.perf_counter())
        current.append(spent)
        current_statements.append((spent, statement))
        shape = _NUMBERS.sub("N", " ".join(statement.split()))
        statements[shape].append(spent)
        examples.setdefault(shape, (statement, parameters))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", before)
        event.listen(db.engine, "after_cursor_execute", after)
        client.get(paths[0])  # imports, templates, the first connection: not what a cold page costs
        current.clear()
        statements.clear()
        walls, sqls, cpus, counts = [], [], [], []
        requests: list[tuple[float, str, list[tuple[float, str]]]] = []
        failed = 0
        for path in paths[1:]:
            current.clear()
            current_statements.clear()
            started, cpu_started = time.perf_counter(), time.process_time()
            status = client.get(path).status_code
            walls.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - cpu_started) * 1000)
            sqls.append(sum(current) * 1000)
            counts.append(len(current))
            requests.append((walls[-1], path, list(current_statements)))
            if status != 200:
                failed += 1
                print(f"{status} {path}")

        print(f"{name}: {len(walls)} addresses on {db.engine.dialect.name}")
        for label, values in (("request", walls), ("SQL", sqls), ("process CPU", cpus)):
            print(
                f"  {label:<12} median {statistics.median(values):7.2f} ms   p99 {_percentile(values, 0.99):7.2f} ms"
                f"   mean {statistics.fmean(values):7.2f} ms"
            )
        print(f"  statements per request: {statistics.fmean(counts):.1f}")
        for wall, path, spent_on in sorted(requests, key=lambda item: -item[0])[: args.slowest]:
            print(f"\n{wall:7.2f} ms {path}")
            for spent, statement in spent_on:
                print(f"  {spent * 1000:7.2f} ms  {_short(' '.join(statement.split()))[:400]}")
        slowest = sorted(statements.items(), key=lambda item: -sum(item[1]))[: args.top]
        for shape, times in slowest:
            print(
                f"\n{sum(times) * 1000:8.1f} ms in all, {len(times)} times, p99 {_percentile(times, 0.99) * 1000:.2f} ms, "
                f"max {max(times) * 1000:.2f} ms:\n  {shape if args.full else _short(shape)}"
            )
            if args.explain:
                statement, parameters = examples[shape]
                connection = db.session.connection()
                if db.engine.dialect.name == "postgresql":
                    rows = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).all()
                else:
                    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
                for row in rows:
                    print("    " + str(row[-1]))
                db.session.rollback()
    if failed:
        # An error page is quick to make: its figures are not a page's.
        print(f"\n{failed} of {len(walls)} addresses did not answer 200: the figures above are not the pages'")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
