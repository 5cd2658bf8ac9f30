"""One error hierarchy for the rules of the shop, and the handlers that show errors to people and programs."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, SecurityError

from storefront.extensions import db

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the shop refused something. `code` is stable snake_case; `message` is for people.

    `field` names the form field the message belongs on, when there is one.
    """

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Conflict(DomainError):
    code = "conflict"
    status = 409


class OutOfStock(Conflict):
    code = "out_of_stock"


class QuantityLimit(DomainError):
    """More units of one product than one order may hold (MAX_UNITS_PER_PRODUCT): said the same way by the
    cart, as the shopper adds, and by checkout, as the order is placed."""

    code = "quantity_limit"

    def __init__(self, name: str, cap: int, *, field: str | None = None) -> None:
        super().__init__(
            _("You can buy at most %(count)s of “%(name)s” in one order.", count=cap, name=name), field=field
        )


class PaymentError(DomainError):
    code = "payment_failed"
    status = 502


def wants_json() -> bool:
    if request.path.startswith("/api/") or request.path.startswith("/webhooks/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def json_error(code: str, message: str, status: int, **extra: Any) -> tuple[Response, int]:
    body: dict[str, Any] = {"code": code, "message": message}
    body.update(extra)
    return jsonify({"error": body}), status


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    503: "unavailable",
}


def _http_message(status: int) -> str:
    messages = {
        400: _("The request could not be understood."),
        401: _("Please log in to continue."),
        403: _("You are not allowed to do that."),
        404: _("We could not find that page."),
        405: _("That action is not allowed here."),
        413: _("What you sent is too large."),
        429: _("Too many requests. Please wait a moment and try again."),
        503: _("The shop is briefly unavailable. Please try again shortly."),
    }
    return messages.get(status, _("Something went wrong. Please try again."))


def _render(status: int, message: str) -> tuple[str, int]:
    return render_template("errors/error.html", status=status, message=message), status


def _database_unavailable(error: Exception) -> Any:
    """The database is down, hung (a timeout fired) or locked: a short 503 and one log line, no traceback."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    log.warning(
        "database unavailable: %s %s: %s: %s",
        request.method,
        request.path,
        type(getattr(error, "orig", None) or error).__name__,
        reason[0] if reason else "",
    )
    with contextlib.suppress(Exception):  # the connection is already gone; teardown discards the session
        db.session.rollback()
    message = _("We'll be back in a few minutes: the shop cannot reach its records right now.")
    headers = {"Retry-After": "60", "Cache-Control": "no-store"}
    if wants_json():
        response, status = json_error("unavailable", message, 503)
        return response, status, headers
    return render_template("errors/error.html", status=503, message=message), 503, headers


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> Any:
        if wants_json():
            return json_error(error.code, error.message, error.status)
        return _render(error.status, error.message)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Any:
        message = _("Your form expired or was sent from elsewhere. Please go back, reload the page and try again.")
        if wants_json():
            return json_error("csrf_failed", message, 400)
        return _render(400, message)

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError) -> Any:
        # A Host outside TRUSTED_HOSTS: nothing is routed or linked for it (no page, no redirect there).
        return "Bad request: unknown host.\n", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if error.response is not None:  # made for the occasion (a limit's on_breach page)
            return error.response
        status = error.code or 500
        if status >= 500 and status != 503:
            status = 500
        message = _http_message(status)
        allow = [(k, v) for k, v in error.get_headers() if k == "Allow"]  # a 405 says what is allowed
        if wants_json():
            response, code = json_error(_HTTP_CODES.get(status, "error"), message, status)
            return response, code, allow
        body, code = _render(status, message)
        return body, code, allow

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def database_unavailable(error: Exception) -> Any:
        return _database_unavailable(error)

    # Registered for 500 rather than Exception, so tests (PROPAGATE_EXCEPTIONS) still see the traceback.
    @app.errorhandler(500)
    def unexpected(error: Exception) -> Any:
        message = _("Something went wrong on our side. Nothing was charged; please try again.")
        if wants_json():
            return json_error("internal_error", message, 500)
        return _render(500, message)
