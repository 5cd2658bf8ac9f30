"""Vietnam's calendar. Certificates expire, reports group and pages change on Vietnamese days (UTC+7)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from storefront.db import utcnow

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def vn_now(now: datetime | None = None) -> datetime:
    """`now` (aware; the current time when omitted) as a time in Vietnam."""
    now = utcnow() if now is None else now
    if now.tzinfo is None:
        raise ValueError("a naive datetime has no place on Vietnam's calendar")
    return now.astimezone(VN_TZ)


def vn_today(now: datetime | None = None) -> date:
    """The date in Vietnam at `now`: 23:30 UTC on the 1st is already the 2nd in Hà Nội."""
    return vn_now(now).date()
