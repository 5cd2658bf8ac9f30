"""Rate limits of the addresses an order's link opens besides its page: the status its page polls and the
QR picture of a bank transfer (Flask-Limiter, in Redis when REDIS_URL is set).

Per order as well as per IP: one order's tabs cannot poll faster than this whatever their addresses, and
the many shoppers behind one carrier's NAT do not share one order's small budget. The per-IP limit bounds
a sweep of guessed tokens (which never finds one: they are 256 bits).
"""

from __future__ import annotations

from flask import request

#: The order page asks every 5 seconds while it is visible: room for two tabs of one order.
PROGRESS_PER_ORDER = "30 per minute;600 per hour"
PROGRESS_PER_ADDRESS = "300 per minute"
#: Saving the QR picture is once or twice an order.
QR_PER_ORDER = "10 per minute;60 per hour"
QR_PER_ADDRESS = "60 per minute"


def order_token_key() -> str:
    """The limit's key: the order's token from the URL (cut short: a 5,000-character guess is one key)."""
    token = str((request.view_args or {}).get("token", ""))[:64]
    return f"order:{token}"
