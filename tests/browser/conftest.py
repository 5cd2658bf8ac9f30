"""Browser tests: the shop served for real (gunicorn, demo data) and driven in Debian's headless Chromium.

`live_server` builds a fresh SQLite database with the migrations and `seed demo`, serves it with the
production gunicorn.conf.py on a free loopback port and yields the base URL; `long_catalogue_server` is the
same with many pages of factory products instead. `page` is a new browser
context per test; any console error (a CSP-blocked inline script, a failed request, an uncaught exception)
fails the test. Without /usr/bin/chromium the tests are skipped, except under CI, where that is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.payments.fake_stripe import FakeStripe

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# As the machine's own probe starts it: root needs --no-sandbox; the rest keeps a closed network quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Reports every CSP violation to the console, where the `page` fixture collects it.
CSP_REPORTER = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
});
"""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Everything under tests/browser is a browser test, so `-m "not browser"` leaves it out."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    missing = None
    if not os.access(CHROMIUM, os.X_OK):
        missing = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is missing (pip install -e '.[test]')"
    if missing:
        if _in_ci():
            pytest.fail(f"browser tests cannot run under CI: {missing}")
        pytest.skip(f"browser tests skipped: {missing}")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(tmp: Path, base_url: str, port: int, stripe_base: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TEST_DATABASE_URL", None)
    # Empty, not absent: the app's .env loader never overrides a variable that is set.
    for name in ("REDIS_URL", "SMTP_HOST"):
        env[name] = ""
    env.update(
        # Card payment offered, against the suite's fake Stripe (tests/payments/fake_stripe.py) in this process.
        STRIPE_SECRET_KEY="sk_test_browser",
        STRIPE_WEBHOOK_SECRET="whsec_browser",
        STRIPE_API_BASE=stripe_base,
        # Every order comes from 127.0.0.1: the walks of every page type place more than a visitor may.
        ORDER_LIMIT_PER_ADDRESS="1000 per hour",
        ORDER_LIMIT_PER_PHONE="1000 per hour",
        DATABASE_URL=f"sqlite:///{tmp / 'shop.sqlite3'}",
        SECRET_KEY="browser-tests-secret-key-0123456789abcdef",
        MEDIA_ROOT=str(tmp / "media"),
        FLASK_DEBUG="0",
        PUBLIC_BASE_URL=base_url,
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        GUNICORN_ACCESSLOG="off",
        PYTHONUNBUFFERED="1",
    )
    return env


def _flask(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
    result = subprocess.run(
        command,
        check=False,
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310  our loopback URL
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    pytest.fail(f"the shop did not answer /healthz within {timeout:.0f} s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def fake_stripe_server() -> Iterator[FakeStripe]:
    fake = FakeStripe()
    server = fake.start()
    yield fake
    server.shutdown()
    server.server_close()


@contextmanager
def _serving(tmp: Path, stripe_base: str, fill: Callable[[dict[str, str]], None]) -> Iterator[str]:
    """A fresh SQLite database with the migrations, filled by `fill(env)`, served by gunicorn with the production
    gunicorn.conf.py on a free loopback port: yields the base URL."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = _server_env(tmp, base_url, port, stripe_base)
    _flask(env, "db", "upgrade")
    fill(env)
    log = tmp / "gunicorn.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        _wait_healthy(base_url, server, log)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def live_server(
    chromium_path: str, tmp_path_factory: pytest.TempPathFactory, fake_stripe_server: FakeStripe
) -> Iterator[str]:
    """The shop with the demo data, served by gunicorn on a free loopback port: yields its base URL."""
    with _serving(
        tmp_path_factory.mktemp("live"), fake_stripe_server.base_url, lambda env: _flask(env, "seed", "demo")
    ) as base_url:
        yield base_url


def _fill_long_catalogue(env: dict[str, str]) -> None:
    """LONG_CATALOGUE_PAGES pages of published products (tests/factories.py), of one producer in one group."""
    from storefront.app import create_app
    from storefront.extensions import db
    from storefront.web.fragments import PER_PAGE
    from tests.factories import make_group, make_producer, make_product

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": env["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"],
            "MEDIA_ROOT": env["MEDIA_ROOT"],
        }
    )
    with app.app_context():
        producer, group = make_producer(), make_group()
        for _ in range(PER_PAGE * (LONG_CATALOGUE_PAGES - 1) + 1):
            make_product(producer=producer, group=group)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


#: How many catalogue pages `long_catalogue_server` has: enough for page 3 to show five page numbers.
LONG_CATALOGUE_PAGES = 9


@pytest.fixture(scope="session")
def long_catalogue_server(
    chromium_path: str, tmp_path_factory: pytest.TempPathFactory, fake_stripe_server: FakeStripe
) -> Iterator[str]:
    """The shop with LONG_CATALOGUE_PAGES pages of products and nothing else (the demo data has a page or
    two), served like `live_server`: yields its base URL."""
    with _serving(tmp_path_factory.mktemp("long"), fake_stripe_server.base_url, _fill_long_catalogue) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture()
def browser_context_args() -> dict[str, Any]:
    """Options for each test's browser context; a test module overrides this fixture (phone, language)."""
    return {"viewport": {"width": 1280, "height": 800}, "locale": "vi-VN"}


class ConsoleErrors(list[str]):
    """Console errors and uncaught exceptions seen by a page; a test that expects one (a 404) clears it."""


@pytest.fixture()
def console_errors() -> ConsoleErrors:
    return ConsoleErrors()


@pytest.fixture()
def page(
    browser: Any, live_server: str, browser_context_args: dict[str, Any], console_errors: ConsoleErrors
) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server, **browser_context_args)
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_REPORTER)
    page = context.new_page()
    page.on("console", lambda msg: console_errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console_errors.append(f"uncaught: {exc}"))
    try:
        yield page
    finally:
        context.close()
    if console_errors:
        pytest.fail("the page reported errors:\n" + "\n".join(console_errors), pytrace=False)


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where tests leave screenshots for people to look at (`SCREENSHOT_DIR`); no assertion reads them."""
    path = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/storefront-screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _node_module(relative: str) -> Path:
    """A file of the checkers `npm ci` installs from package-lock.json; skipped (failed under CI) if missing."""
    path = PROJECT_ROOT / "node_modules" / relative
    if not path.is_file():
        message = f"{path} is missing: run `npm ci` at the repository's root"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, from npm (package-lock.json pins the version)."""
    return _node_module("axe-core/axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def signed_in(browser: Any, live_server: str) -> dict[str, Any]:
    """The demo producer's and officer's cookies (Playwright storage states), each logged in once a session:
    login is rate-limited, and every walk of the pages would otherwise log in again."""
    from tests.browser.tour import log_in

    states: dict[str, Any] = {}
    for role in ("producer", "officer"):
        context = browser.new_context(base_url=live_server)
        try:
            log_in(context.new_page(), role)
            states[role] = context.storage_state()
        finally:
            context.close()
    return states


@pytest.fixture(scope="session")
def placed_orders(browser: Any, live_server: str, fake_stripe_server: FakeStripe) -> dict[str, str]:
    """An order of each way to pay, placed once a session by a guest: their pages' paths by method."""
    from tests.browser.tour import place_order

    orders: dict[str, str] = {}
    context = browser.new_context(base_url=live_server, locale="en-US")
    # Stripe Checkout's page (the fake's address) is not ours: the buyer comes back without paying.
    context.route("https://checkout.stripe.com/**", lambda route: route.fulfill(status=200, body="Stripe"))
    try:
        for method, label in (("cod", "Cash on delivery"), ("transfer", "Bank transfer (VietQR)"), ("card", "Card")):
            url = place_order(context.new_page(), label)
            if "checkout.stripe.com" in url:
                session = fake_stripe_server.sessions[url.rsplit("/", 1)[-1]]
                url = session["cancel_url"].split("?")[0]
            orders[method] = "/" + url.split("/", 3)[3]
    finally:
        context.close()
    return orders


@pytest.fixture()
def open_context(browser: Any, live_server: str, signed_in: dict[str, Any]) -> Iterator[Callable[..., Any]]:
    """`open_context(role, **options)`: a new browser context for a guest or signed in as the demo producer or
    officer, reporting CSP violations to the console like `page`'s. Closed at the end of the test."""
    opened: list[Any] = []

    def open_(role: str = "guest", **options: Any) -> Any:
        state = signed_in.get(role)
        context = browser.new_context(base_url=live_server, storage_state=state, **options)
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_REPORTER)
        opened.append(context)
        return context

    yield open_
    for context in opened:
        context.close()
