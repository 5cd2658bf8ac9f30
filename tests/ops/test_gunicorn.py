"""gunicorn.conf.py: limits on what slow clients can hold, and an access log without order tokens."""

from __future__ import annotations

import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def gunicorn_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setenv("GUNICORN_ACCESSLOG", str(tmp_path / "access.log"))
    config = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_slow_clients_are_bounded(gunicorn_config: Config) -> None:
    assert gunicorn_config.keepalive <= 5
    assert gunicorn_config.worker_connections <= 1000
    assert gunicorn_config.limit_request_line <= 4094 and gunicorn_config.limit_request_fields <= 100


def test_the_access_log_never_shows_an_order_token(gunicorn_config: Config, tmp_path: Path) -> None:
    logger = gunicorn_config.logger_class(gunicorn_config)
    token = "Bo8LhT-nvdT23FibWRWO1YOyMEAW4SK7fApmliwORfc"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/orders/{token}?lang=en",
        "PATH_INFO": f"/orders/{token}",
        "QUERY_STRING": "lang=en",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://shop.example/orders/{token}/card",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = (tmp_path / "access.log").read_text()
    assert "GET /orders/…?lang=en HTTP/1.1" in line and "/orders/…/card" in line and "200" in line
    assert token not in line


def test_a_worker_keeps_its_loaded_app_out_of_the_collectors_walks(gunicorn_config: Config) -> None:
    """After loading the app, a worker freezes what it holds: a full collection of a worker walked its
    ~110,000 objects, 110-160 ms during which no thread of it answered (bench/run.py's p99)."""
    import gc

    gc.unfreeze()
    before = gc.get_freeze_count()
    try:
        gunicorn_config.post_worker_init(SimpleNamespace())
        assert gc.get_freeze_count() > before + 10_000  # the test process's own modules, at least
    finally:
        gc.unfreeze()


def test_a_worker_compiles_every_template_before_its_first_visitor(
    gunicorn_config: Config, app, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new worker (gunicorn starts one every few thousand requests) compiled a template when a page
    first needed it: 0.6 s of CPU in all, in its first visitors' time."""
    import gc

    app.jinja_env.cache.clear()  # as in a new worker: other tests have rendered pages already
    try:
        gunicorn_config.post_worker_init(SimpleNamespace(wsgi=app))
    finally:
        gc.unfreeze()

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("a template was compiled while a page was asked for")

    monkeypatch.setattr(app.jinja_env, "compile", compile_again)
    for path in ("/", "/products", "/products?q=muc", "/producers", "/login", "/cart", "/no-such-page"):
        assert client.get(path).status_code in {200, 404}
