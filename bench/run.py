"""`make bench`: the shop beside a minimal Flask "fortunes" page, on loopback, warm and cold.

1. Builds (once; cached) a database with the migrations and `seed bulk --products N --orders 1000`:
   SQLite in bench/out/, or with `--postgres` a PostgreSQL database it creates itself
   (`bench_storefront` on 127.0.0.1:5432; `--postgres-url` names another server).
2. Serves the shop and bench/fortunes_app.py (on the same kind of database), each with gunicorn and the
   project's gunicorn.conf.py, with the same workers and threads.
3. Loads, in interleaved rounds, warm pages (one address again and again: what a cache serves) and cold
   workloads (distinct product pages, searches of 1-3 words of real product names, filtered listings and
   type-ahead prefixes, each address about once, drawn from the whole catalogue: see workloads.py), from
   127.0.0.1 only (wrk when installed, else bench/loadgen.py), for a bounded time; then reads each
   worker's memory from /proc.
4. Prints req/s, p50/p99, the ratios to fortunes and the workers' CPU per request, judged against the
   targets in report.py, and the load average (the machine may be shared). Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import runpy
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import fortunes_app  # noqa: E402  (bench/ is not a package: its modules are found through sys.path)
from loadgen import Result, run_python, run_wrk  # noqa: E402
from procmem import worker_rss_mb, workers_cpu_seconds  # noqa: E402
from report import print_report  # noqa: E402
from workloads import Pool, build_pools  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
#: The type-ahead again, at one connection per core: its latency, which the target is about.
LATENCY_CONNECTIONS = 2
LATENCY_NAME = f"type-ahead at {LATENCY_CONNECTIONS} connections"
#: Requests a cold load run may ask for at most (more than any run here makes); what it leaves is reused.
MAX_COLD_REQUESTS = 15_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1_000)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite (a database of its own)")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES, help="server for --postgres, without a database")
    parser.add_argument(
        "--postgres-db",
        default="",
        help="the shop's database name for --postgres (default bench_storefront[_N]): several people share a server",
    )
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per workload")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load per workload first")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="load every workload this many times, interleaved; the best round counts (a busy machine)",
    )
    parser.add_argument("--only", default="", help="comma-separated words: run only workloads whose name has one")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's, one per core)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: gunicorn.conf.py's); 1 = sync")
    parser.add_argument("--rebuild", action="store_true", help="build the benchmark database anew")
    parser.add_argument("--python-loadgen", action="store_true", help="use bench/loadgen.py even if wrk exists")
    return parser.parse_args()


def free_port() -> int:
    """A port no one listens on: several people may run the benchmark on one machine."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_names(args: argparse.Namespace) -> tuple[str, str]:
    """(the shop's database URL, the fortunes database URL) for this run's size and engine."""
    suffix = "" if args.products == 100_000 else f"_{args.products}"
    if args.postgres:
        base = args.postgres_url.rstrip("/")
        return f"{base}/{args.postgres_db or 'bench_storefront' + suffix}", f"{base}/bench_fortunes"
    return f"sqlite:///{OUT / f'shop{suffix}.sqlite3'}", f"sqlite:///{OUT / 'fortunes.sqlite3'}"


def database_key(products: int, orders: int) -> dict[str, Any]:
    """What the cached database was built from: the seed (size and code) and each migration file's digest."""
    seed = hashlib.sha256(f"{products}:{orders}".encode())
    for path in sorted((ROOT / "storefront").rglob("seed*.py")):
        seed.update(path.read_bytes())
    migrations = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted((ROOT / "migrations" / "versions").glob("*.py"))
    }
    return {"seed": seed.hexdigest()[:16], "migrations": migrations}


def _read_stamp(stamp: Path) -> dict[str, Any] | None:
    try:
        found = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def shop_env(database_url: str, fortunes_url: str, port: int, args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("REDIS_URL", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "SMTP_HOST"):
        env[name] = ""  # empty, not absent: a .env file never overrides a variable that is set
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="benchmark-secret-key-0123456789abcdefghij",  # noqa: S106  a throwaway local server
        MEDIA_ROOT=str(OUT / "media"),
        FLASK_DEBUG="0",
        RATELIMIT_ENABLED="false",  # thousands of requests from one address are the point here
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        HOST="127.0.0.1",
        PORT=str(port),
        GUNICORN_ACCESSLOG="off",
        GUNICORN_LOGLEVEL="warning",
        GUNICORN_MAX_REQUESTS="0",  # no recycling mid-run: the CPU count per worker must not reset
        FORTUNES_DATABASE_URL=fortunes_url,
    )
    # gunicorn.conf.py keeps the settings; only what the command line names is changed.
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    return env


def gunicorn_settings(env: dict[str, str]) -> dict[str, Any]:
    """What gunicorn.conf.py makes of this environment (it reads os.environ at import)."""
    saved = dict(os.environ)
    try:
        os.environ.update(env)
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def flask(env: dict[str, str], *command: str) -> None:
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *command], cwd=ROOT, env=env, check=True)


def _postgres_recreate(url: str) -> None:
    """Drop and create the database `url` names (it is the benchmark's own), through the server's `postgres`."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            name = target.database
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


def _postgres_exists(url: str) -> bool:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"))
    try:
        with admin.connect() as connection:
            found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database})
            return found.first() is not None
    finally:
        admin.dispose()


def build_database(args: argparse.Namespace, env: dict[str, str]) -> None:
    """Reuse, upgrade or build the benchmark database.

    Seeding a million products takes long, so a database whose seed is unchanged and whose applied
    migrations are all still there, unchanged, only gets the new ones (`db upgrade`), as production would.
    A migration edited or removed since (a re-pointed down_revision, say) means building anew.
    """
    url = env["DATABASE_URL"]
    name = url.rsplit("/", 1)[-1]
    stamp = OUT / (f"{name}.key" if args.postgres else name.replace(".sqlite3", ".key"))
    key = database_key(args.products, args.orders)
    exists = _postgres_exists(url) if args.postgres else Path(url.removeprefix("sqlite:///")).exists()
    built = _read_stamp(stamp) if exists and not args.rebuild else None
    if built is not None and built.get("seed") == key["seed"]:
        applied: dict[str, str] = built.get("migrations", {})
        if applied == key["migrations"]:
            print(f"Reusing {name} ({args.products:,} products; --rebuild to make it anew)")
            return
        if all(key["migrations"].get(file) == digest for file, digest in applied.items()):
            started = time.monotonic()
            flask(env, "db", "upgrade")
            if args.postgres:
                _analyze(url)
            print(f"Upgraded {name} to the new migrations in {time.monotonic() - started:.1f} s")
            stamp.write_text(json.dumps(key))
            return
    if args.postgres:
        _postgres_recreate(url)
    else:
        for path in OUT.glob(name + "*"):
            path.unlink()
    started = time.monotonic()
    flask(env, "db", "upgrade")
    flask(env, "seed", "bulk", "--products", str(args.products), "--orders", str(args.orders))
    if args.postgres:
        _analyze(url)
    print(f"Built the benchmark database {name} in {time.monotonic() - started:.1f} s")
    stamp.write_text(json.dumps(key))


def _analyze(url: str) -> None:
    """Fresh statistics, as autovacuum would gather soon after a bulk load on a real server."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()


def start_gunicorn(app: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "--pythonpath", str(HERE), app]
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "PORT": str(port)},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"{app} did not start:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"{app} did not answer /healthz in 60 s:\n{log.read_text(errors='replace')}")


def a_product_slug(port: int) -> str:
    """A real product, from the middle of the catalogue, through the public API."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/products?page=50&per_page=1", timeout=30) as r:
        return str(json.load(r)["items"][0]["slug"])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  a loopback http address
            return response.status == 200
    except (urllib.error.HTTPError, OSError):
        return False


def load(
    url: str, server_pid: int, args: argparse.Namespace, pool: Pool | None, first_round: bool, connections: int
) -> Result:
    """The load on one page or workload; also the workers' CPU per request, which a busy machine disturbs far less.

    A warm page is warmed up first in the first round (every worker fills its caches, unmeasured). A cold
    workload warms the code, never the answers: its warm-up asks for addresses of its own.
    """
    use_wrk = shutil.which("wrk") and not args.python_loadgen
    runner = run_wrk if use_wrk else run_python
    if pool is not None:
        offered = pool.take(MAX_COLD_REQUESTS)
        warm = runner(url, args.warmup, connections, offered)
        pool.consumed(warm.requests)
        offered = pool.take(MAX_COLD_REQUESTS)
    elif first_round:
        runner(url, args.warmup, connections)
    cpu_before = workers_cpu_seconds(server_pid)
    if pool is not None:
        result = runner(url, args.duration, connections, offered)
        pool.consumed(result.requests)
    else:
        result = runner(url, args.duration, connections)
    cpu = workers_cpu_seconds(server_pid) - cpu_before
    result.cpu_ms = cpu * 1000 / result.requests if result.requests else float("inf")
    return result


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    args = parse_args()
    OUT.mkdir(exist_ok=True)
    shop_port, fortunes_port = free_port(), free_port()
    database_url, fortunes_url = database_names(args)
    env = shop_env(database_url, fortunes_url, shop_port, args)
    build_database(args, env)
    if args.postgres and not _postgres_exists(fortunes_url):
        _postgres_recreate(fortunes_url)
    fortunes_app.create_database(fortunes_url)
    if not shutil.which("wrk") or args.python_loadgen:
        print("wrk is not installed (apt-get install wrk): using the slower Python load generator")
    print("Drawing the cold workloads' addresses from the catalogue ...", flush=True)
    pools = build_pools(database_url)

    load_before = load_average()
    shop = start_gunicorn("wsgi:app", shop_port, env, OUT / "shop-gunicorn.log")
    fortunes = start_gunicorn("fortunes_app:app", fortunes_port, env, OUT / "fortunes-gunicorn.log")
    try:
        slug = a_product_slug(shop_port)
        shop_url = f"http://127.0.0.1:{shop_port}"
        pages: dict[str, tuple[str, Pool | None]] = {
            "fortunes": (f"http://127.0.0.1:{fortunes_port}/fortunes", None),
            "warm home /": (f"{shop_url}/", None),
            "warm catalogue /products?page=3": (f"{shop_url}/products?page=3", None),
            "warm search /products?q=muc+kho": (f"{shop_url}/products?q=muc+kho", None),
            "warm product /products/<slug>": (f"{shop_url}/products/{slug}", None),
        }
        for name, cold in pools.items():
            if name.startswith("type-ahead") and not answers(f"{shop_url}/api/v1/suggest?q=mu"):
                print(f"Skipping {name}: the shop has no /api/v1/suggest")
                continue
            pages[name] = (shop_url + "/", cold)
            if name.startswith("type-ahead"):
                # How long one suggestion takes, beside how many the shop serves: with a request per core
                # in flight none waits for another (at 8 connections on 2 cores each waits for about 3).
                pages[LATENCY_NAME] = (shop_url + "/", cold)
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        if wanted:
            pages = {n: v for n, v in pages.items() if n == "fortunes" or any(w in n for w in wanted)}
        results: dict[str, Result] = {}
        for round_no in range(args.rounds):
            for name, (url, pool) in pages.items():
                print(f"Round {round_no + 1}/{args.rounds}: {name} ...", flush=True)
                pid = fortunes.pid if name == "fortunes" else shop.pid
                connections = LATENCY_CONNECTIONS if name == LATENCY_NAME else args.connections
                result = load(url, pid, args, pool, first_round=round_no == 0, connections=connections)
                if name not in results or result.rps > results[name].rps:
                    results[name] = result
        memory = {"shop": worker_rss_mb(shop.pid), "fortunes": worker_rss_mb(fortunes.pid)}
    finally:
        for server in (shop, fortunes):
            server.terminate()
        for server in (shop, fortunes):
            server.wait(timeout=30)

    gunicorn = gunicorn_settings(env)
    context = {
        "database": "PostgreSQL" if args.postgres else "SQLite",
        "products": args.products,
        "workers": gunicorn["workers"],
        "worker_class": gunicorn["worker_class"],
        "threads": gunicorn["threads"],
        "connections": args.connections,
        "duration": args.duration,
        "rounds": args.rounds,
        "load_before": load_before,
        "load_after": load_average(),
    }
    reused = {name: pool.reused for name, (_url, pool) in pages.items() if pool is not None}
    passed = print_report(results, reused, memory, context)
    report: dict[str, Any] = {
        **context,
        "product": slug,
        "pages": {name: vars(result) for name, result in results.items()},
        "addresses_reused": reused,
        "worker_rss_mb": memory,
        "passed": passed,
    }
    suffix = ("-postgres" if args.postgres else "-sqlite") + ("" if args.products == 100_000 else f"-{args.products}")
    (OUT / f"results{suffix}.json").write_text(json.dumps(report, indent=2))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
