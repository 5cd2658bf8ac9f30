"""A small fake of Stripe's HTTP API, so tests run the real `stripe` library over a real socket.

It speaks just enough of /v1 for the shop: Checkout Sessions (create, retrieve, expire) and Refunds.
Like Stripe, a repeated Idempotency-Key returns the first answer, and the same key with other parameters
is refused with an `idempotency_error`. It records every request it receives, and can be told to fail.
"""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    form: dict[str, str]
    headers: dict[str, str]

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get("idempotency-key")


@dataclass
class FakeStripe:
    base_url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Modes for the next requests, one popped per request: "500", "402", "drop" (close the socket without
    #: answering: the request never arrived) or "lost" (do the work, then close the socket: the answer is lost).
    failures: list[str] = field(default_factory=list)
    #: While set, every request is accepted and never answered (until `reset`): Stripe as slow as it gets.
    hanging: bool = False
    released: threading.Event = field(default_factory=threading.Event)
    _by_key: dict[str, tuple[dict[str, str], int, dict[str, Any]]] = field(default_factory=dict)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, count: int, mode: str = "500") -> None:
        self.failures.extend([mode] * count)

    def hang(self) -> None:
        self.released.clear()
        self.hanging = True

    def reads(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == "GET" and r.path == path]

    def posts(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST" and r.path == path]

    def set_session(self, session_id: str, **values: Any) -> dict[str, Any]:
        self.sessions[session_id].update(values)
        return self.sessions[session_id]

    def reset(self) -> None:
        self.hanging = False
        self.released.set()
        self.requests.clear()
        self.sessions.clear()
        self.refunds.clear()
        self.failures.clear()
        self._by_key.clear()

    # -- the API --------------------------------------------------------------------------------------

    def handle(self, method: str, path: str, form: dict[str, str], key: str | None) -> tuple[int, dict[str, Any]]:
        if method == "POST" and key is not None and key in self._by_key:
            first_form, status, body = self._by_key[key]
            if first_form != form:
                return 400, _error(
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                )
            return status, body
        status, body = self._route(method, path, form)
        if method == "POST" and key is not None and status < 500:
            self._by_key[key] = (form, status, body)
        return status, body

    def _route(self, method: str, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        parts = path.strip("/").split("/")
        if method == "POST" and path == "/v1/checkout/sessions":
            return 200, self._create_session(form)
        if len(parts) == 4 and parts[:3] == ["v1", "checkout", "sessions"] and method == "GET":
            session = self.sessions.get(parts[3])
            return (200, dict(session)) if session else (404, _error("resource_missing", "No such checkout.session"))
        if len(parts) == 5 and parts[:3] == ["v1", "checkout", "sessions"] and parts[4] == "expire":
            session = self.sessions.get(parts[3])
            if not session:
                return 404, _error("resource_missing", "No such checkout.session")
            if session["status"] != "open":
                return 400, _error("checkout_session_not_open", "Only open sessions can be expired.")
            session["status"] = "expired"
            return 200, dict(session)
        if method == "POST" and path == "/v1/refunds":
            return self._create_refund(form)
        return 404, _error("resource_missing", f"Unrecognized request URL ({method} {path}).")

    def _create_session(self, form: dict[str, str]) -> dict[str, Any]:
        n = next(self._ids)
        total = 0
        i = 0
        while f"line_items[{i}][quantity]" in form:
            total += int(form[f"line_items[{i}][price_data][unit_amount]"]) * int(form[f"line_items[{i}][quantity]"])
            i += 1
        session_id = f"cs_test_{n:04d}"
        session = {
            "id": session_id,
            "object": "checkout.session",
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
            "mode": form.get("mode"),
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": total,
            "currency": form.get("line_items[0][price_data][currency]", "vnd"),
            "client_reference_id": form.get("client_reference_id"),
            "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")},
            "expires_at": int(form["expires_at"]) if "expires_at" in form else None,
            "payment_intent": None,
            "success_url": form.get("success_url"),
            "cancel_url": form.get("cancel_url"),
        }
        self.sessions[session_id] = session
        return dict(session)

    def _create_refund(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        n = next(self._ids)
        if not form.get("payment_intent"):
            return 400, _error("parameter_missing", "Missing payment_intent")
        refund = {
            "id": f"re_test_{n:04d}",
            "object": "refund",
            "amount": int(form["amount"]) if "amount" in form else None,
            "currency": "vnd",
            "payment_intent": form["payment_intent"],
            "status": "succeeded",
            "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")},
        }
        self.refunds[str(refund["id"])] = refund
        return 200, refund

    # -- the server -----------------------------------------------------------------------------------

    def start(self) -> ThreadingHTTPServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep the test output quiet
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                split = urlsplit(self.path)
                form = dict(parse_qsl(raw or split.query, keep_blank_values=True))
                headers = {k.lower(): v for k, v in self.headers.items()}
                if fake.hanging:
                    with fake.lock:
                        fake.requests.append(Recorded(self.command, split.path, form, headers))
                    fake.released.wait(30)
                    self.close_connection = True
                    return
                with fake.lock:
                    fake.requests.append(Recorded(self.command, split.path, form, headers))
                    mode = fake.failures.pop(0) if fake.failures else None
                    if mode == "drop":
                        self.close_connection = True
                        self.connection.shutdown(2)
                        return
                    if mode == "500":
                        status, body = 500, _error("api_error", "Something went wrong on Stripe's end.", "api_error")
                    elif mode == "402":
                        status, body = 402, _error("card_declined", "Your card was declined.", "card_error")
                    else:
                        status, body = fake.handle(self.command, split.path, form, headers.get("idempotency-key"))
                    if mode == "lost":
                        self.close_connection = True
                        self.connection.shutdown(2)
                        return
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("Request-Id", f"req_fake_{len(fake.requests)}")
                self.end_headers()
                self.wfile.write(payload)

            do_GET = _serve
            do_POST = _serve
            do_DELETE = _serve

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, name="fake-stripe", daemon=True).start()
        return server


def _error(code: str, message: str, kind: str = "invalid_request_error") -> dict[str, Any]:
    return {"error": {"type": kind, "code": code, "message": message}}
