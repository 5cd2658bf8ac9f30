"""Load and fault: N buyers race for a little stock on PostgreSQL while a gunicorn worker is killed mid-run.

Not part of `make test`. `python bench/race.py [--buyers 100 --stock 25 --database-url URL]`:

1. makes the database `--database-url` anew (PostgreSQL), applies the migrations and `seed demo`, and sets
   one product's stock to `--stock`;
2. serves the shop with gunicorn.conf.py (2 workers x 4 threads, RATELIMIT_ENABLED=false) on a free port;
3. starts `--buyers` buyers at once, each with its own cookies, going through the pages as a person does:
   the product page, Add to cart, the checkout page, Place order (cash on delivery, 1 to 3 units);
4. once a third of the buyers are done, kills one worker by its PID (SIGKILL); gunicorn starts another;
5. prints orders placed, units sold, refusals (the stock ran out: a 409 with a message, or a product page
   already sold out), errors (a 5xx or a dropped connection, each counted apart), and the stock invariant: units sold + stock left = the stock at the start, and the
   stock movements add up to the same.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
HIDDEN = re.compile(r'name="(submission_key|quoted)" type="hidden" value="([^"]*)"')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--buyers", type=int, default=100)
    parser.add_argument("--stock", type=int, default=25)
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_race")
    parser.add_argument("--no-kill", action="store_true", help="leave the workers alone (a baseline run)")
    return parser.parse_args()


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def make_database(url: str) -> None:
    parts = urllib.parse.urlsplit(libpq(url))
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(url: str, port: int, media: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("REDIS_URL", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "SMTP_HOST"):
        env[name] = ""
    env.update(
        DATABASE_URL=url,
        SECRET_KEY="race-benchmark-secret-key-0123456789abcdefghij",  # noqa: S106  a throwaway local server
        FLASK_DEBUG="0",
        MEDIA_ROOT=str(media),
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="4",
        GUNICORN_ACCESSLOG="off",
        GUNICORN_LOGLEVEL="warning",
        RATELIMIT_ENABLED="false",
    )
    return env


def prepare(url: str, env: dict[str, str], stock: int) -> tuple[str, int]:
    """The demo shop; one shippable product gets `stock` units. Returns (slug, product id)."""
    for command in (["db", "upgrade"], ["seed", "demo"]):
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *command], cwd=ROOT, env=env, check=True)
    with psycopg.connect(libpq(url)) as conn:
        row = conn.execute(
            "SELECT p.id, p.slug FROM products p JOIN product_groups g ON g.id = p.top_group_id"
            " WHERE p.status = 'published' AND g.is_shippable ORDER BY p.id LIMIT 1"
        ).fetchone()
        assert row, "the demo has a product sold through the cart"
        conn.execute("UPDATE products SET stock = %s WHERE id = %s", (stock, row[0]))
    return str(row[1]), int(row[0])


def start_server(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = env["PUBLIC_BASE_URL"]
    for _ in range(300):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310  loopback
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"gunicorn did not start:\n{log.read_text(errors='replace')}")


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


class LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Send `Secure` cookies to http://127.0.0.1 too, as browsers do for loopback (the shop sets them)."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def buy(base: str, slug: str, n: int, quantity: int) -> str:
    """One buyer through the pages; returns placed, refused or error."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(LoopbackIsSecure())), NoRedirect()
    )

    def call(path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with opener.open(base + path, data=body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    try:
        status, page = call(f"/products/{slug}?lang=en")
        token = CSRF.search(page)
        if status == 200 and not token and "Sold out" in page:
            return "refused"  # the stock ran out before this buyer saw the page: no form to send
        if status != 200 or not token:
            return "error"
        status, _ = call("/cart/add", {"csrf_token": token.group(1), "product": slug, "quantity": str(quantity)})
        if status >= 500:
            return "error"
        if status not in (302, 303):
            return f"cart-{status}"
        status, page = call("/checkout?lang=en")
        if status == 303:
            return "refused"  # the cart is empty or has a problem: the stock ran out before the cart
        fields = dict(HIDDEN.findall(page))
        token = CSRF.search(page)
        if status != 200 or not token or len(fields) != 2:
            return "error"
        form = {
            "csrf_token": token.group(1),
            **fields,
            "full_name": f"Người mua {n}",
            "phone": f"09{n:08d}",
            "email": f"buyer{n}@example.com",
            "address": f"{n} Trần Hưng Đạo",
            "province": "22",
            "ward": "6688",
            "payment_method": "cod",
        }
        status, page = call("/checkout?lang=en", form)
    except (OSError, http.client.HTTPException):
        return "dropped"  # the connection went down with a killed worker (counted as an error)
    if status in (302, 303):
        return "placed"
    if status in (409, 422):
        return "refused"
    return "error"


def last_order_id(url: str) -> int:
    with psycopg.connect(libpq(url)) as conn:
        row = conn.execute("SELECT COALESCE(MAX(id), 0) FROM orders").fetchone()
    return int(row[0]) if row else 0


def invariant(url: str, product_id: int, after_order: int) -> tuple[int, int, int]:
    """(units held by the run's live orders, stock left, sum of the run's stock movements) for the product;
    the demo's own orders (ids up to `after_order`) are left out."""
    with psycopg.connect(libpq(url)) as conn:
        sold = conn.execute(
            "SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id"
            " WHERE l.product_id = %s AND o.id > %s AND o.status NOT IN ('cancelled', 'expired')",
            (product_id, after_order),
        ).fetchone()
        left = conn.execute("SELECT stock FROM products WHERE id = %s", (product_id,)).fetchone()
        moved = conn.execute(
            "SELECT COALESCE(SUM(delta), 0) FROM stock_movements WHERE product_id = %s AND order_id > %s",
            (product_id, after_order),
        ).fetchone()
    assert sold and left and moved
    return int(sold[0]), int(left[0]), int(moved[0])


def main() -> int:
    args = parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = server_env(args.database_url, port, out / "race-media")
    make_database(args.database_url)
    slug, product_id = prepare(args.database_url, env, args.stock)
    baseline = last_order_id(args.database_url)
    server = start_server(env, out / "race-gunicorn.log")
    base = env["PUBLIC_BASE_URL"]
    rng = random.Random(12)
    quantities = [rng.randint(1, 3) for _ in range(args.buyers)]
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    killed: list[int] = []

    def run(n: int) -> None:
        outcome = buy(base, slug, n, quantities[n])
        with lock:
            outcomes[outcome] += 1
            done = sum(outcomes.values())
            if not args.no_kill and not killed and done >= args.buyers // 3:
                victim = worker_pids(server.pid)[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

    started = time.monotonic()
    try:
        threads = [threading.Thread(target=run, args=(n,)) for n in range(args.buyers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    sold, left, moved = invariant(args.database_url, product_id, baseline)
    holds = sold + left == args.stock and args.stock + moved == left
    print(f"\n{args.buyers} buyers for {args.stock} units of {slug} (1-3 each), gunicorn 2 workers x 4 threads")
    print(f"worker killed mid-run: {killed[0] if killed else 'none'}; {elapsed:.1f} s in all")
    errors = outcomes["error"] + outcomes["dropped"]
    print(
        f"orders placed {outcomes['placed']}, refusals {outcomes['refused']}, errors {errors} "
        f"({outcomes['dropped']} connections dropped, {outcomes['error']} bad answers)"
    )
    others = {k: v for k, v in outcomes.items() if k not in ("placed", "refused", "error", "dropped")}
    if others:
        print(f"other outcomes (each an error too): {others}")
    print(f"units sold {sold}, stock left {left}, stock movements {moved:+d}")
    print(f"invariant sold + left = start ({sold} + {left} = {args.stock}): {'holds' if holds else 'BROKEN'}")
    return 0 if holds else 1


if __name__ == "__main__":
    sys.exit(main())
