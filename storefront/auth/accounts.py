"""A person's account over its life: sign-up, login, logout, reset, change of password and of email.

Rules only: each function takes what it needs (`now`, the visitor's `language` for the messages it
queues) and never reads the request. Nothing here tells a caller whether an address has an account unless
the caller has proved it owns the account: the messages to show are the same either way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from storefront.auth import links, mail
from storefront.auth.models import Role, User, UserSession
from storefront.auth.passwords import check_password_rules, needs_rehash, spend_verification_time
from storefront.auth.services import create_user, find_user_by_email, normalize_email
from storefront.auth.sessions import open_session, revoke_all_sessions, revoke_session
from storefront.errors import DomainError
from storefront.extensions import db


class BadLink(DomainError):
    code = "bad_link"


def _bad_link() -> BadLink:
    return BadLink(_("This link has expired or has already been used. Please ask for a new one."))


def register_customer(email: str, password: str, name: str, *, now: datetime, language: str | None) -> User | None:
    """A shopper's own account, its address to be confirmed by a link; None when the address already has
    an account (its owner gets a message saying so, and the caller shows the same page either way)."""
    address = normalize_email(email)
    check_password_rules(password, email=address)
    existing = find_user_by_email(address)
    if existing is not None:
        spend_verification_time(password)  # the new account's hashing, so both answers take as long
        mail.send_already_registered(
            address, links.public_url("/login"), links.public_url("/password/reset"), now, language
        )
        return None
    user = create_user(address, Role.CUSTOMER, password=password, name=name, now=now)
    user.email_confirmed_at = None
    db.session.flush()
    send_confirmation(user, now=now, language=language)
    return user


def send_confirmation(user: User, *, now: datetime, language: str | None) -> None:
    token = links.make_token(user, links.CONFIRM_EMAIL, now)
    mail.send_confirmation_link(user.email, links.public_url(f"/account/confirm/{token}"), now, language)


def confirm_email(token: str, *, now: datetime) -> User:
    """Mark the address confirmed: from now on guest orders placed with it show in the account."""
    user = _user_for_link(token, links.CONFIRM_EMAIL, now)
    user.email_confirmed_at = now
    db.session.flush()
    return user


def authenticate(email: str, password: str, *, now: datetime) -> User | None:
    """The active account with this email and password, or None, in about the same time whichever part
    is wrong. A hash made with older settings (or by werkzeug) is replaced by Argon2id here."""
    user = find_user_by_email(email)
    if user is None:
        spend_verification_time(password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.set_password(password)
    return user


def log_in(user: User, *, now: datetime) -> UserSession:
    """Open the session the login cookie will name."""
    return open_session(user, now)


def log_out(user: User, *, now: datetime) -> None:
    """End the session this request came with: its cookie, copied or not, signs nobody in again."""
    revoke_session(user.current_session, now)


def change_password(user: User, current_password: str, new_password: str, *, now: datetime) -> UserSession:
    """Set a new password once the current one is given; every other session of the account ends. Returns
    the fresh session that replaces the current one (the caller signs the browser in with it)."""
    if not user.check_password(current_password):
        raise DomainError(_("That is not your current password."), code="wrong_password", field="current_password")
    _set_password(user, new_password, now=now)
    return open_session(user, now)


def _set_password(user: User, new_password: str, *, now: datetime) -> None:
    check_password_rules(new_password, email=user.email)
    user.set_password(new_password)
    user.password_changed_at = now
    revoke_all_sessions(user, now)
    user.current_session = None


def request_password_reset(email: str, *, now: datetime, language: str | None) -> None:
    """Send a reset link if the address has an active account; say nothing about it either way."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    token = links.make_token(user, links.RESET, now)
    mail.send_reset_link(user.email, links.public_url(f"/password/reset/{token}"), now, language)


def check_reset_link(token: str, *, now: datetime) -> User:
    """The account a reset link is for, or BadLink (forged, expired, used, or the account disabled)."""
    user = _user_for_link(token, links.RESET, now)
    if not user.is_active:
        raise _bad_link()
    return user


def reset_password(token: str, new_password: str, *, now: datetime) -> User:
    """Set the password from a reset link, once: the new hash no longer matches the link's fingerprint.
    Every session ends; the address is confirmed (the link reached it)."""
    user = check_reset_link(token, now=now)
    _set_password(user, new_password, now=now)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    db.session.flush()
    return user


def request_email_change(user: User, password: str, new_email: str, *, now: datetime, language: str | None) -> None:
    """Send a confirmation link to the new address; the account changes only when it is followed.

    An address that already has an account gets a notice instead, and the caller says the same thing."""
    if not user.check_password(password):
        raise DomainError(_("That is not your current password."), code="wrong_password", field="password")
    address = normalize_email(new_email)
    if address == user.email:
        raise DomainError(_("That is already your email address."), code="same_email", field="email")
    if find_user_by_email(address) is not None:
        mail.send_email_taken(address, now, language)
        return
    token = links.make_token(user, links.CHANGE_EMAIL, now, e=address)
    mail.send_email_change_link(address, links.public_url(f"/account/email/{token}"), now, language)


def confirm_email_change(token: str, *, now: datetime, language: str | None) -> User:
    """Move the account to the address the link was sent to; the old address is told."""
    payload = links.read_token(token, links.CHANGE_EMAIL, now)
    user = _user_for_payload(payload, links.CHANGE_EMAIL)
    address = payload.get("e") if payload else None
    if not isinstance(address, str) or find_user_by_email(address) is not None:
        raise _bad_link()
    old = user.email
    user.email = address
    user.email_confirmed_at = now
    db.session.flush()
    mail.send_email_changed_notice(old, address, now, language)
    return user


def _user_for_link(token: str, purpose: str, now: datetime) -> User:
    return _user_for_payload(links.read_token(token, purpose, now), purpose)


def _user_for_payload(payload: dict[str, Any] | None, purpose: str) -> User:
    user = db.session.get(User, payload["u"]) if payload else None
    if user is None or payload is None or payload.get("f") != links.fingerprint(user, purpose):
        raise _bad_link()
    return user
