"""Headers and cookie rules every response carries."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Flask, Response, current_app, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from itsdangerous import URLSafeTimedSerializer

STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com"
#: Responses that are the same for every visitor: no `Vary: Cookie` or `Accept-Language` on them, so
#: shared caches (the proxy, a CDN) may keep one copy.
SAME_FOR_EVERYONE = frozenset({"static", "media.file", "qr.product_qr"})


@lru_cache(maxsize=2)
def content_security_policy(stripe_enabled: bool) -> str:
    # Chrome applies form-action to the redirect after a POST, so the Stripe hop must be allowed.
    form_action = "'self'" + (f" {STRIPE_CHECKOUT_ORIGIN}" if stripe_enabled else "")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            f"form-action {form_action}",
        ]
    )


#: Headers every response carries unless its view set its own (a stricter Referrer-Policy, an SVG's CSP).
SECURE_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


def _secure_headers(response: Response) -> Response:
    headers = response.headers
    # The names already there, read once: five `setdefault`s each raised and caught a KeyError (an
    # HTTPException, in Werkzeug) for a header that is missing, as they all are, ~30 us of every page.
    present = {name.lower() for name in headers.keys()}  # noqa: SIM118  Headers iterate as (name, value)
    policy = content_security_policy(bool(current_app.config.get("STRIPE_SECRET_KEY")))
    for name, value in (("Content-Security-Policy", policy), *SECURE_HEADERS):
        if name.lower() not in present:
            headers.add(name, value)
    # Over https only (behind a proxy: TRUSTED_PROXIES makes X-Forwarded-Proto count); a browser told so
    # never tries http for the shop again, so a network in between cannot strip TLS.
    if request.is_secure and "strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", "max-age=63072000")
    return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with its signing serializer built once per key, not twice a request.

    Building it (and deriving its key) was a tenth of an anonymous product page, whose add-to-cart form
    puts a CSRF token in the session. Keyed on the secret key and its fallbacks, so a rotation applies.
    """

    def __init__(self) -> None:
        self._serializers: dict[tuple[Any, ...], URLSafeTimedSerializer | None] = {}

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        super().save_session(app, session, response)
        # Flask adds `Vary: Cookie` once anything looked at the session (Flask-Login does on every
        # request); a file reads nothing from it.
        if request.endpoint in SAME_FOR_EVERYONE and not session.modified:
            response.vary.discard("Cookie")

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if key not in self._serializers:
            self._serializers[key] = super().get_signing_serializer(app)
        return self._serializers[key]


def init_app(app: Flask) -> None:
    app.after_request(_secure_headers)
    app.session_interface = SessionInterface()
