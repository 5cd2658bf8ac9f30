"""Production settings for `gunicorn wsgi:app` (gunicorn reads this file from the working directory).

Every value can be changed from the environment, so one file serves a laptop, a host and the benchmark:

- `HOST`, `PORT` (127.0.0.1:8000) or `GUNICORN_BIND` (for example `0.0.0.0:8000` or `unix:/run/shop.sock`);
- `WEB_CONCURRENCY` worker processes (default: one per core);
- `GUNICORN_THREADS` threads per worker (default 4, gunicorn's gthread worker; 1 picks the sync worker);
- `GUNICORN_ACCESSLOG` (`-` for stdout, a path, or `off`), `GUNICORN_TIMEOUT` seconds.

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
# Threads: a request waiting on the database (an uncached search) does not hold up the worker's others,
# and keep-alive connections are served; bench/run.py measured it no slower per CPU than the sync worker.
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"
keepalive = 5
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
# Recycle workers now and then, so a slow leak in any library never grows without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# The heartbeat file in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108  as gunicorn advises

_accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-").strip()
accesslog = None if _accesslog.lower() in {"", "off", "none"} else _accesslog
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
