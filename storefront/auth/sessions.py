"""Signed-in sessions as rows, so that ending one is real: a copied cookie names a revoked row and signs
nobody in. The cookie carries a random secret; the database keeps its SHA-256.

A session lives at most `lifetime` after its login (the remember-me cookie's REMEMBER_COOKIE_DURATION,
30 days: no cookie of ours names it longer), even in a browser that never closes. Rows that are over
(revoked or past it) sign nobody in and are deleted by `prune_sessions` (`flask --app wsgi users
prune-sessions`): a deleted row refuses its cookie exactly as a revoked one does."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update

from storefront.auth.models import User, UserSession
from storefront.db import rows_changed
from storefront.extensions import db

#: token_urlsafe(32) is 43 characters; anything much longer is not ours and is never hashed or looked up.
_MAX_SECRET_LENGTH = 64


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def open_session(user: User, now: datetime) -> UserSession:
    """A new session for `user`, attached as `user.current_session`; its secret goes into the cookie."""
    secret = secrets.token_urlsafe(32)
    row = UserSession(user=user, secret_sha256=_digest(secret), created_at=now)
    row.secret = secret
    db.session.add(row)
    db.session.flush()
    user.current_session = row
    return row


def user_for_session(secret: str, *, now: datetime, lifetime: timedelta) -> User | None:
    """The active user whose unrevoked session, opened less than `lifetime` ago, has this secret (one
    query), or None."""
    if not secret or len(secret) > _MAX_SECRET_LENGTH or not secret.isascii():
        return None
    row = db.session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(
            UserSession.secret_sha256 == _digest(secret),
            UserSession.revoked_at.is_(None),
            UserSession.created_at > now - lifetime,
        )
    ).first()
    if row is None:
        return None
    session_row, user = row
    if not user.is_active:
        return None
    session_row.secret = secret
    user.current_session = session_row
    return user


def revoke_session(row: UserSession | None, now: datetime) -> None:
    if row is not None and row.revoked_at is None:
        row.revoked_at = now
        db.session.flush()


def revoke_all_sessions(user: User, now: datetime, *, keep: UserSession | None = None) -> int:
    """End every session of `user` (but `keep`, when given): other devices are signed out at once."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    result = db.session.execute(query.values(revoked_at=now).execution_options(synchronize_session="fetch"))
    db.session.flush()
    return rows_changed(result)


def prune_sessions(now: datetime, *, lifetime: timedelta) -> int:
    """Delete every session that is over: revoked (logout, a password change, a disabled account) or
    opened `lifetime` ago or more. Returns how many; running it twice deletes nothing more."""
    result = db.session.execute(
        delete(UserSession)
        .where(or_(UserSession.revoked_at.is_not(None), UserSession.created_at <= now - lifetime))
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return rows_changed(result)
