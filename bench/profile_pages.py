"""Where a cold page's time goes, in one process: the Flask test client over distinct addresses, profiled.

    .venv/bin/python bench/profile_pages.py                      # 300 distinct product pages, SQLite
    .venv/bin/python bench/profile_pages.py --workload listings  # distinct filtered listings
    .venv/bin/python bench/profile_pages.py --workload suggest   # distinct type-ahead prefixes
    .venv/bin/python bench/profile_pages.py --workload home      # the home page again and again (warm)
    .venv/bin/python bench/profile_pages.py --workload product   # one product page again and again (warm)
    .venv/bin/python bench/profile_pages.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_storefront

Uses the benchmark's database (bench/run.py builds it in bench/out/). Prints the wall and CPU time per
request, the share spent in SQL (cursor execution and fetching), and the cProfile functions that cost the
most. Unlike bench/run.py it measures no server and no network: it is the steadiest view of what a
request costs in Python on a machine that others share.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from inprocess import DEFAULT_DATABASE, WARM, WORKLOADS, shop_app, workload_paths  # noqa: E402
from workloads import database_url  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", choices=sorted([*WORKLOADS, *WARM]), default="products")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--lang", default="vi")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime, ...")
    parser.add_argument("--no-profile", action="store_true", help="timings only (cProfile slows Python ~2x)")
    parser.add_argument(
        "--new-visitors",
        action="store_true",
        help="send no cookies back, as bench/loadgen.py does (default: one visitor keeping its cookies)",
    )
    parser.add_argument("--dump", metavar="FILE", help="also write the raw profile here (for pstats or snakeviz)")
    args = parser.parse_args()
    args.database_url = database_url(args.database_url)

    from sqlalchemy import event

    from storefront.extensions import db

    app = shop_app(args.database_url)
    paths = workload_paths(app, args.database_url, args.workload, args.requests + args.warmup)
    sql_seconds = [0.0]

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _started(conn: Any, cursor: Any, statement: Any, parameters: Any, context: Any, executemany: Any) -> None:
        context._profile_started = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _ended(conn: Any, cursor: Any, statement: Any, parameters: Any, context: Any, executemany: Any) -> None:
        sql_seconds[0] += time.perf_counter() - context._profile_started

    client = app.test_client(use_cookies=not args.new_visitors)
    headers = {"Cookie": f"lang={args.lang}"} if args.new_visitors else {}
    if not args.new_visitors:
        client.set_cookie("lang", args.lang)
    for path in paths[: args.warmup]:
        client.get(path, headers=headers)
    measured = paths[args.warmup : args.warmup + args.requests]
    sql_seconds[0] = 0.0
    profiler = None if args.no_profile else cProfile.Profile()
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    statuses: dict[int, int] = {}
    for path in measured:
        status = client.get(path, headers=headers).status_code
        statuses[status] = statuses.get(status, 0) + 1
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    n = len(measured)
    print(
        f"{n} requests ({statuses}): {wall * 1000 / n:.2f} ms wall, {cpu * 1000 / n:.2f} ms CPU per request; "
        f"SQL execute {sql_seconds[0] * 1000 / n:.2f} ms{' (profiled: Python ~2x slower)' if profiler else ''}"
    )
    if profiler and args.dump:
        profiler.dump_stats(args.dump)
    if profiler:
        pstats.Stats(profiler).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
