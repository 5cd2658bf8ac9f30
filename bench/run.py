"""`make bench`: the shop over 100,000 products beside a minimal Flask "fortunes" page, on loopback.

1. Builds (once; cached in bench/out/) a SQLite database with the migrations and
   `seed bulk --products 100000 --orders 1000`.
2. Serves the shop and bench/fortunes_app.py, each with gunicorn and the project's gunicorn.conf.py, with the
   same workers and threads.
3. Loads each page in turn from 127.0.0.1 only (wrk when installed, else bench/loadgen.py), for a bounded
   time, then reads each worker's memory from /proc.
4. Prints requests/second and p50/p99 latency per page, the ratios to fortunes, and pass/fail against the
   target: every page >= 0.5 x fortunes' rps, p99 < 2 x fortunes' p99, every worker < 150 MB RSS.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import runpy
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import fortunes_app  # noqa: E402  (bench/ is not a package: its modules are found through sys.path)
from loadgen import Result, run_python, run_wrk, time_one  # noqa: E402
from procmem import worker_rss_mb, workers_cpu_seconds  # noqa: E402

SHOP_PORT, FORTUNES_PORT = 8811, 8812
TARGET_RPS_RATIO, TARGET_P99_RATIO, TARGET_RSS_MB = 0.5, 2.0, 150.0
# Searches and pages asked for once each: what a visitor pays when no cache has the answer yet.
FIRST_TIME_URLS = [
    "/products?q=tra+hoa+vang",
    "/products?q=ba+kich",
    "/products?q=mien+dong",
    "/products?q=nuoc+mam",
    "/products?q=sa+sung",
    "/products?page=7",
    "/products?page=40&sort=price_asc",
    "/products?stars=5&page=2",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1_000)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per page")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load per page first")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="load every page this many times, interleaved; the best round counts (a busy machine)",
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's, one per core)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: gunicorn.conf.py's); 1 = sync")
    parser.add_argument("--rebuild", action="store_true", help="build the benchmark database anew")
    parser.add_argument("--python-loadgen", action="store_true", help="use bench/loadgen.py even if wrk exists")
    return parser.parse_args()


def database_key(products: int, orders: int) -> str:
    """The cached database is reused while the schema and the seed code are the same."""
    digest = hashlib.sha256(f"{products}:{orders}".encode())
    sources = sorted((ROOT / "migrations" / "versions").glob("*.py")) + sorted((ROOT / "storefront").rglob("seed*.py"))
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def shop_env(db_path: Path, port: int, args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("REDIS_URL", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "SMTP_HOST"):
        env[name] = ""  # empty, not absent: a .env file never overrides a variable that is set
    env.update(
        DATABASE_URL=f"sqlite:///{db_path}",
        SECRET_KEY="benchmark-secret-key-0123456789abcdefghij",  # noqa: S106  a throwaway local server
        MEDIA_ROOT=str(OUT / "media"),
        FLASK_DEBUG="0",
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        HOST="127.0.0.1",
        PORT=str(port),
        GUNICORN_ACCESSLOG="off",
        GUNICORN_LOGLEVEL="warning",
        GUNICORN_MAX_REQUESTS="0",  # no recycling mid-run: the CPU count per worker must not reset
        FORTUNES_DATABASE_URL=f"sqlite:///{OUT / 'fortunes.sqlite3'}",
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


def build_database(args: argparse.Namespace, env: dict[str, str]) -> Path:
    db_path = OUT / "shop.sqlite3"
    stamp = OUT / "shop.key"
    key = database_key(args.products, args.orders)
    if not args.rebuild and db_path.exists() and stamp.exists() and stamp.read_text() == key:
        print(f"Reusing {db_path.relative_to(ROOT)} ({args.products:,} products; --rebuild to make it anew)")
        return db_path
    for path in OUT.glob("shop.sqlite3*"):
        path.unlink()
    shutil.rmtree(OUT / "media", ignore_errors=True)
    started = time.monotonic()
    flask(env, "db", "upgrade")
    flask(env, "seed", "bulk", "--products", str(args.products), "--orders", str(args.orders))
    print(f"Built the benchmark database in {time.monotonic() - started:.1f} s")
    stamp.write_text(key)
    return db_path


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


def load(url: str, server_pid: int, args: argparse.Namespace, warm: bool) -> Result:
    """The load on one page; also the workers' CPU per request, which a busy machine disturbs far less."""
    use_wrk = shutil.which("wrk") and not args.python_loadgen
    runner = run_wrk if use_wrk else run_python
    if not warm:
        runner(url, args.warmup, args.connections)  # every worker warms its caches, unmeasured
    cpu_before = workers_cpu_seconds(server_pid)
    result = runner(url, args.duration, args.connections)
    cpu = workers_cpu_seconds(server_pid) - cpu_before
    result.cpu_ms = cpu * 1000 / result.requests if result.requests else float("inf")
    return result


def print_report(
    results: dict[str, Result],
    cold: dict[str, float],
    first_time: dict[str, float],
    memory: dict[str, list[float]],
    args: argparse.Namespace,
    gunicorn: dict[str, Any],
) -> bool:
    base = results["fortunes"]
    print(
        f"\ngunicorn: {gunicorn['workers']} {gunicorn['worker_class']} workers x {gunicorn['threads']} threads, "
        f"{args.connections} connections, {args.duration:.0f} s per page, best of {args.rounds} rounds\n"
    )
    header = (
        f"{'page':<34}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}{'rps/fort':>10}{'p99/fort':>10}{'errors':>8}"
        f"{'cpu ms':>8}{'cpu/fort':>9}{'first ms':>10}  verdict"
    )
    print(header)
    print("-" * len(header))
    passed = True
    for name, result in results.items():
        rps_ratio = result.rps / base.rps if base.rps else 0.0
        p99_ratio = result.p99_ms / base.p99_ms if base.p99_ms else float("inf")
        ok = result.errors == 0 and (
            name == "fortunes" or (rps_ratio >= TARGET_RPS_RATIO and p99_ratio < TARGET_P99_RATIO)
        )
        passed &= ok
        print(
            f"{name:<34}{result.rps:>9.0f}{result.p50_ms:>9.1f}{result.p99_ms:>9.1f}"
            f"{rps_ratio:>10.2f}{p99_ratio:>10.2f}{result.errors:>8}{result.cpu_ms:>8.2f}"
            f"{result.cpu_ms / base.cpu_ms:>9.2f}{cold[name]:>10.0f}  {'pass' if ok else 'FAIL'}"
        )
    print(
        "(cpu ms: the workers' CPU time per request, steadier than rps on a busy machine; first ms: the very\n"
        " first request for that address, before any cache held it. Neither is judged.)\n"
    )
    print("Addresses asked for once each, nothing cached (not judged):")
    for url, ms in first_time.items():
        print(f"  {url:<40}{ms:>9.0f} ms")
    print()
    for server, sizes in memory.items():
        worst = max(sizes, default=0.0)
        ok = bool(sizes) and worst < TARGET_RSS_MB
        passed &= ok or server == "fortunes"
        listed = ", ".join(f"{s:.0f}" for s in sizes)
        print(f"{server} worker RSS (MB): {listed}  {'pass' if ok else 'FAIL'} (target < {TARGET_RSS_MB:.0f})")
    print(
        f"\nTarget: every page >= {TARGET_RPS_RATIO} x fortunes rps and p99 < {TARGET_P99_RATIO} x fortunes p99; "
        f"worker RSS < {TARGET_RSS_MB:.0f} MB.  Overall: {'PASS' if passed else 'FAIL'}"
    )
    return passed


def main() -> int:
    args = parse_args()
    OUT.mkdir(exist_ok=True)
    env = shop_env(OUT / "shop.sqlite3", SHOP_PORT, args)
    build_database(args, env)
    fortunes_app.create_database(env["FORTUNES_DATABASE_URL"])
    if not shutil.which("wrk") or args.python_loadgen:
        print("wrk is not installed (apt-get install wrk): using the slower Python load generator")

    shop = start_gunicorn("wsgi:app", SHOP_PORT, env, OUT / "shop-gunicorn.log")
    fortunes = start_gunicorn("fortunes_app:app", FORTUNES_PORT, env, OUT / "fortunes-gunicorn.log")
    try:
        slug = a_product_slug(SHOP_PORT)
        shop_url = f"http://127.0.0.1:{SHOP_PORT}"
        pages = {
            "fortunes": f"http://127.0.0.1:{FORTUNES_PORT}/fortunes",
            "home /": f"{shop_url}/",
            "catalogue /products?page=3": f"{shop_url}/products?page=3",
            "search /products?q=muc+kho": f"{shop_url}/products?q=muc+kho",
            "product /products/<slug>": f"{shop_url}/products/{slug}",
        }
        results: dict[str, Result] = {}
        cold: dict[str, float] = {}
        for round_no in range(args.rounds):
            for name, url in pages.items():
                print(f"Round {round_no + 1}/{args.rounds}: {name} ...", flush=True)
                if round_no == 0:
                    cold[name] = time_one(url)  # the first request, before anything is cached
                pid = fortunes.pid if name == "fortunes" else shop.pid
                result = load(url, pid, args, warm=round_no > 0)
                if name not in results or result.rps > results[name].rps:
                    results[name] = result
        first_time = {url: time_one(shop_url + url) for url in FIRST_TIME_URLS}
        memory = {"shop": worker_rss_mb(shop.pid), "fortunes": worker_rss_mb(fortunes.pid)}
    finally:
        for server in (shop, fortunes):
            server.terminate()
        for server in (shop, fortunes):
            server.wait(timeout=30)

    gunicorn = gunicorn_settings(env)
    passed = print_report(results, cold, first_time, memory, args, gunicorn)
    report: dict[str, Any] = {
        "workers": gunicorn["workers"],
        "threads": gunicorn["threads"],
        "connections": args.connections,
        "product": slug,
        "pages": {name: {**vars(result), "first_ms": cold[name]} for name, result in results.items()},
        "first_time_ms": first_time,
        "worker_rss_mb": memory,
        "passed": passed,
    }
    (OUT / "results.json").write_text(json.dumps(report, indent=2))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
