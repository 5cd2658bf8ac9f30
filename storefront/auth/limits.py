"""Rate limits of the account forms, and the per-account ones of the portal and the QR images
(Flask-Limiter, in Redis when REDIS_URL is set).

Per address as well as per IP: a guesser spreading over many IPs still meets the per-address limit,
and many shoppers behind one carrier's NAT do not share one small budget of failed logins.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import request
from flask_limiter.util import get_remote_address
from flask_login import current_user

#: Per IP: generous, since one carrier-grade NAT hides many shoppers.
LOGIN_LIMITS = "10 per minute;100 per hour"
#: Resets and sign-ups send mail: fewer.
RESET_LIMITS = "5 per minute;30 per hour"
#: Per typed address: the guesses one account can take, and the reset mails one inbox can get.
LOGIN_PER_EMAIL = "5 per minute;30 per hour"
RESET_PER_EMAIL = "3 per 10 minutes;10 per day"
#: Looking an order up by reference and phone.
LOOKUP_LIMITS = "10 per minute;60 per hour"
#: Every POST of the producers' portal (its QR pages included), per account, all of them together: a
#: person at work (confirming and shipping a morning's orders, editing listings) stays far below; a
#: script or a stolen session writing history rows in a loop does not. Uploads keep their own, lower ones.
PORTAL_POST_LIMITS = "60 per minute;1000 per hour"
#: Every POST of the programme office, per officer: the same budget as the portal's. An officer confirming a
#: morning's transfers stays far below; a stolen session cancelling or refunding in a loop does not.
OFFICE_POST_LIMITS = "60 per minute;1000 per hour"
#: Invitations send mail, on top of the office's budget.
INVITE_LIMITS = "20 per hour;100 per day"
#: CSV and XLSX exports: each reads a whole period of sales and builds a file.
EXPORT_LIMITS = "30 per minute;300 per hour"
#: QR images drawn on request (a product's public code, the portal's labels): per account, or per address
#: for a visitor. A printed sheet asks for one image; a CDN in front serves the public ones for a day.
QR_IMAGE_LIMITS = "60 per minute;600 per hour"


def email_key(scope: str) -> Callable[[], str]:
    """The limit's key: the typed address (lower-cased), or the IP when the form has none."""

    def key() -> str:
        typed = (request.form.get("email") or "").strip().lower()[:254]
        return f"{scope}:{typed}" if typed else f"{scope}-ip:{get_remote_address()}"

    return key


def user_key() -> str:
    """The limit's key: the signed-in account's id (never its session's secret), or the client address."""
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"
