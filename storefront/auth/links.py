"""Signed, expiring, single-use links: password reset, email confirmation and change of email.

A link carries what it is for, the account, when it was made, and a fingerprint of the account's state
that using it changes (the password hash for a reset, the current address for a change of email), so a
used link no longer matches: single use without a table of spent tokens. Expiry is checked against the
caller's `now`, so tests need no clock tricks.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from storefront.auth.models import User

RESET = "reset"
CONFIRM_EMAIL = "confirm-email"
CHANGE_EMAIL = "change-email"

LIFETIMES = {
    RESET: timedelta(hours=1),
    CONFIRM_EMAIL: timedelta(days=7),
    CHANGE_EMAIL: timedelta(hours=24),
}

#: A link is under 300 characters; anything much longer is refused before it is decoded.
_MAX_TOKEN_LENGTH = 600


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"storefront.auth.{purpose}")


def fingerprint(user: User, purpose: str) -> str:
    """What using the link changes: once it has, the link is spent."""
    if purpose == RESET:
        state = f"{user.email}|{user.password_hash}"
    elif purpose == CHANGE_EMAIL:
        state = user.email
    else:
        state = f"{user.email}|{user.email_confirmed_at is None}"
    return hashlib.sha256(state.encode("utf-8")).hexdigest()[:24]


def make_token(user: User, purpose: str, now: datetime, **extra: str) -> str:
    payload: dict[str, Any] = {"u": user.id, "f": fingerprint(user, purpose), "t": int(now.timestamp()), **extra}
    return str(_serializer(purpose).dumps(payload))


def read_token(token: str, purpose: str, now: datetime) -> dict[str, Any] | None:
    """The payload of a genuine, unexpired link for `purpose`, or None. The caller still compares the
    fingerprint with the account's (see `fingerprint`), which is what makes it single-use."""
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    try:
        payload = _serializer(purpose).loads(token)
    except BadData:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int) or not isinstance(payload.get("t"), int):
        return None
    issued = datetime.fromtimestamp(payload["t"], tz=now.tzinfo)
    if issued > now + timedelta(minutes=5) or now - issued > LIFETIMES[purpose]:
        return None
    return payload


def public_url(path: str) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL']}{path}"
