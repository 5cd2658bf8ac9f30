"""Making accounts and API tokens: rules only. Services add and flush; their caller commits."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from storefront.auth.models import ApiToken, Role, User
from storefront.auth.passwords import check_password_rules
from storefront.db import utcnow
from storefront.errors import Conflict, DomainError
from storefront.extensions import db
from storefront.producers.models import Producer

MAX_NAME_LENGTH = 200
MAX_TOKEN_NAME_LENGTH = 120


def normalize_email(email: str) -> str:
    """The one spelling an address is stored and looked up by: validated, lower-cased.

    Deliverability is not checked: that needs the network, and a shop must start without it.
    """
    raw = (email or "").strip()
    if not raw or len(raw) > 254:
        raise DomainError(_("Enter a valid email address."), code="invalid_email", field="email")
    try:
        normalized = validate_email(raw, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise DomainError(_("Enter a valid email address."), code="invalid_email", field="email") from exc
    return normalized.lower()


def parse_role(value: str) -> Role:
    try:
        return Role((value or "").strip().lower())
    except ValueError as exc:
        choices = ", ".join(r.value for r in Role)
        raise DomainError(
            _("Unknown role %(role)s: choose one of %(choices)s.", role=value, choices=choices),
            code="invalid_role",
            field="role",
        ) from exc


def find_user_by_email(email: str) -> User | None:
    try:
        normalized = normalize_email(email)
    except DomainError:
        return None
    return db.session.scalar(select(User).where(User.email == normalized))


def create_user(
    email: str,
    role: Role | str,
    *,
    password: str,
    producer_slug: str | None = None,
    name: str = "",
    now: datetime | None = None,
) -> User:
    """A new account. A producer account must name an existing producer; no other role may.

    Accounts made here (by an operator's command, the demo data or an accepted invitation) have their
    address confirmed; a shopper's self-registration (`accounts.register_customer`) clears that.
    """
    address = normalize_email(email)
    role = role if isinstance(role, Role) else parse_role(role)
    check_password_rules(password, email=address)
    name = (name or "").strip()
    if len(name) > MAX_NAME_LENGTH:
        raise DomainError(_("That name is too long."), code="name_too_long", field="name")

    producer: Producer | None = None
    if role == Role.PRODUCER:
        if not producer_slug:
            raise DomainError(
                _("A producer account needs the producer it manages (its slug)."),
                code="producer_required",
                field="producer",
            )
        producer = db.session.scalar(select(Producer).where(Producer.slug == producer_slug.strip()))
        if producer is None:
            raise DomainError(
                _("There is no producer with the slug %(slug)s.", slug=producer_slug),
                code="unknown_producer",
                field="producer",
            )
    elif producer_slug:
        raise DomainError(
            _("Only producer accounts belong to a producer."), code="producer_not_allowed", field="producer"
        )

    if find_user_by_email(address) is not None:
        raise Conflict(_("An account with that email already exists."), code="email_taken", field="email")

    user = User(email=address, role=role, name=name, producer=producer, email_confirmed_at=now or utcnow())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_api_token(user: User, name: str, now: datetime) -> str:
    """A new bearer token for an officer. Only its SHA-256 is kept: the caller shows it once."""
    if user.role != Role.OFFICER:
        raise DomainError(_("API tokens are only for programme officers."), code="not_officer", field="email")
    if not user.is_active:
        raise DomainError(_("That account is disabled."), code="account_disabled", field="email")
    name = (name or "").strip()
    if not name:
        raise DomainError(
            _("Give the token a name, so it can be recognised later."), code="name_required", field="name"
        )
    if len(name) > MAX_TOKEN_NAME_LENGTH:
        raise DomainError(_("That name is too long."), code="name_too_long", field="name")
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, name=name, token_sha256=hash_token(token), created_at=now))
    db.session.flush()
    return token


def user_for_token(token: str, now: datetime) -> User | None:
    """The active officer a bearer token belongs to, or None; records when it was last used."""
    token = (token or "").strip()
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_sha256 == hash_token(token)))
    if row is None or row.revoked_at is not None:
        return None
    user = row.user
    if user.role != Role.OFFICER or not user.is_active:
        return None
    row.last_used_at = now
    return user
