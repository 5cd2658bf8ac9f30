"""Production settings for `gunicorn wsgi:app` (gunicorn reads this file from the working directory).

Every value can be changed from the environment, so one file serves a laptop, a host and the benchmark:

- `HOST`, `PORT` (127.0.0.1:8000) or `GUNICORN_BIND` (for example `0.0.0.0:8000` or `unix:/run/shop.sock`);
- `WEB_CONCURRENCY` worker processes (default: one per core);
- `GUNICORN_THREADS` threads per worker (default 1, gunicorn's sync worker; more picks the gthread worker);
- `GUNICORN_ACCESSLOG` (`-` for stdout, a path, or `off`), `GUNICORN_TIMEOUT` seconds;
- `GUNICORN_KEEPALIVE` seconds (2), `GUNICORN_WORKER_CONNECTIONS` per worker (200): with threads only.

TLS ends at the proxy in front. Set `TRUSTED_PROXIES` (the app's setting) to the number of proxies that
append to `X-Forwarded-For`/`X-Forwarded-Proto`, so the app sees the client's address and `https`.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = _int("WEB_CONCURRENCY", os.cpu_count() or 1)
# One request at a time per worker (gunicorn's sync worker), one worker per core. Threads shared the
# GIL: a cold page waited for the other thread's, and a gthread worker takes connections whether or
# not a thread is free, so one worker could hold most of them while the other idled. In interleaved
# runs (bench/run.py --threads 1 against 2, SQLite and PostgreSQL, 100k products, 8 connections), the
# sync worker's p99 was a half to a third: cold product pages 16 against 48 ms, cold listings 24
# against 58 ms, cold searches 36 against 67 ms on SQLite. Waits on dependencies are bounded
# (STRIPE_TIMEOUT_SECONDS and its breaker, the database's connect and statement timeouts), and the
# proxy in front buffers requests and keeps clients' connections alive (README, Production), as
# gunicorn's documentation advises for its sync workers. More workers than cores made each cold page
# dearer (four on PostgreSQL: 5.1-6.8 ms of CPU against 2.6-5.1), the database's processes needing
# the cores too.
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
# Slow clients. gunicorn reads a request's headers with no deadline of its own, so a client trickling
# bytes holds the worker (or, with threads, one of its threads): the proxy in front must buffer whole
# requests (README, Production). What gunicorn can bound, it does: a request line, header count and
# header size past these limits are refused with a 4xx before the app sees them; with threads, an
# idle keep-alive connection goes after 2 s and a worker holds at most `GUNICORN_WORKER_CONNECTIONS`.
keepalive = _int("GUNICORN_KEEPALIVE", 2)
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 200)
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
# Recycle workers now and then, so a slow leak in any library never grows without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# The heartbeat file in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108  as gunicorn advises

_accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-").strip()
accesslog = None if _accesslog.lower() in {"", "off", "none"} else _accesslog
# Order links are bearer tokens: the access log shows `/orders/…` instead (storefront/accesslog.py).
logger_class = "storefront.accesslog.RedactingLogger"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# The app's own ProxyFix (TRUSTED_PROXIES) reads the forwarded headers; gunicorn trusts them only from
# the loopback proxy by default (FORWARDED_ALLOW_IPS widens that, as gunicorn documents).
proc_name = "storefront"
# Recent gunicorn releases open a control socket at one fixed path per user: several servers on a host would collide.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
control_socket_disable = not _control_socket
if _control_socket:
    control_socket = _control_socket


def post_worker_init(worker: object) -> None:
    """Once the worker has loaded the app, it does what its first requests would do (storefront.app's
    `warm_up`: every template compiled), so no visitor waits for that; then its hundred thousand
    objects (modules, the app, its templates and statements) go to the collector's permanent
    generation: a full collection walked them all, a pause of 110-160 ms for every thread of the
    worker, which made most of the p99 of a cold page."""
    import gc

    from flask import Flask

    app = getattr(worker, "wsgi", None)
    # Only the shop's app: bench/fortunes_app.py is served with this file too, and must not load the shop.
    if isinstance(app, Flask) and app.import_name.startswith("storefront."):
        from storefront.app import warm_up

        warm_up(app)
    gc.collect()
    gc.freeze()
