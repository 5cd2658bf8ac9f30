"""Instructions per request, counted by valgrind: the one figure that a busy machine does not move.

    .venv/bin/python bench/instructions.py                                  # fortunes, searches, listings, products
    .venv/bin/python bench/instructions.py --workload searches --requests 200
    .venv/bin/python bench/instructions.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_storefront

On this machine the time a cold search costs in one process moved from 5.5 to 9.5 ms within twenty
minutes, the load average near zero (others share the host): a change that saves a tenth is lost in that.
`valgrind --tool=callgrind` counts the instructions the process runs, the same for the same code and
addresses whatever the machine does. Each workload runs in a process of its own, through Flask's test
client as bench/profile_pages.py does: the warm-up addresses first, then `--requests` more inside one
call of `operator.call`, which nothing else in the shop or its libraries calls. Callgrind counts only
inside that call (`--toggle-collect`): start-up, imports and warm-up are not counted.

The ratio printed is fortunes' instructions over the page's, in process: a guide to bench/run.py's ratio
to fortunes, not that ratio. A server adds about the same work to every request (parsing it, writing
the answer), which brings served ratios nearer 1; and on PostgreSQL the server's own work is not
counted (it runs in another process; fortunes then reads its own PostgreSQL database, as in
bench/run.py). Under valgrind a process runs some 50 times slower: the default
counts take about three minutes.
"""

from __future__ import annotations

import argparse
import operator
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from inprocess import DEFAULT_DATABASE, WARM, WORKLOADS, shop_app, workload_paths  # noqa: E402
from workloads import database_url  # noqa: E402

FORTUNES = "fortunes"
DEFAULT_WORKLOADS = [FORTUNES, "searches", "listings", "products"]
_TOTALS = re.compile(r"^(?:summary|totals):\s+(\d+)", re.MULTILINE)


def run_requests(workload: str, database: str, warmup: int, requests: int) -> None:
    """The child: ask for the workload's first `warmup + requests` addresses in order, the last
    `requests` of them inside `operator.call`, where callgrind counts."""
    if workload == FORTUNES:
        os.environ.setdefault("FORTUNES_DATABASE_URL", fortunes_database(database))
        import fortunes_app

        client, paths = fortunes_app.app.test_client(), ["/fortunes"] * (warmup + requests)
    else:
        app = shop_app(database)
        paths = workload_paths(app, database, workload, warmup + requests)
        client = app.test_client()
        client.set_cookie("lang", "vi")

    def ask(addresses: list[str]) -> None:
        for path in addresses:
            status = client.get(path).status_code
            if status != 200:
                raise SystemExit(f"{path} answered {status}: the count would be an error page's")

    ask(paths[:warmup])
    operator.call(ask, paths[warmup:])


def fortunes_database(shop_database: str) -> str:
    """fortunes' database beside the shop's, as bench/run.py makes it: on PostgreSQL `bench_fortunes` on
    the same server (a `bench/run.py --postgres` run creates it), else SQLite in bench/out/."""
    url = make_url(shop_database)
    if url.get_backend_name() == "postgresql":
        return url.set(database="bench_fortunes").render_as_string(hide_password=False)
    return f"sqlite:///{HERE / 'out' / 'fortunes.sqlite3'}"


def counted(workload: str, database: str, warmup: int, requests: int) -> int:
    """Instructions of the child's counted requests, under callgrind."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=_operator_call",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            "--child",
            "--workload",
            workload,
            "--database-url",
            database,
            "--warmup",
            str(warmup),
            "--requests",
            str(requests),
        ]
        # The same hash seed in every run: set and dict orders, and so the work, repeat exactly.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            raise SystemExit(f"{workload}: the counted process failed\n{done.stderr[-2000:]}")
        found = _TOTALS.search(out.read_text())
        if not found:
            raise SystemExit(f"{workload}: no total in callgrind's output")
        return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--workload",
        action="append",
        choices=[FORTUNES, *sorted([*WORKLOADS, *WARM])],
        help=f"repeatable (default: {', '.join(DEFAULT_WORKLOADS)})",
    )
    parser.add_argument("--requests", type=int, default=100, help="counted requests per workload")
    parser.add_argument("--warmup", type=int, default=30, help="requests before them, not counted")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    database = database_url(args.database_url)
    if args.child:
        run_requests(args.workload[0], database, args.warmup, args.requests)
        return 0

    workloads = args.workload or DEFAULT_WORKLOADS
    if FORTUNES not in workloads:
        workloads = [FORTUNES, *workloads]
    per_request = {}
    for workload in workloads:
        per_request[workload] = counted(workload, database, args.warmup, args.requests) / args.requests
        print(f"  {workload}: {per_request[workload] / 1e6:.3f} M instructions per request", flush=True)

    fortunes = per_request[FORTUNES]
    engine = database.split(":", 1)[0]
    print(f"\nInstructions per request, in one process ({engine}; {args.requests} requests after {args.warmup}):")
    print(f"{'workload':12s} {'M instr':>9s} {'fortunes/page':>14s}")
    for workload, instructions in per_request.items():
        print(f"{workload:12s} {instructions / 1e6:9.3f} {fortunes / instructions:14.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
