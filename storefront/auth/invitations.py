"""Producer onboarding: an officer invites people by email; each sets their own password through a
single-use, expiring link. No shared or default passwords exist anywhere. And disabling an account.

Called by the programme office's pages (`/program/`) and the producers' portal; rules only, the caller
commits once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update

from storefront.auth import links, mail
from storefront.auth.models import Invitation, Role, User
from storefront.auth.services import create_user, find_user_by_email, normalize_email
from storefront.auth.sessions import revoke_all_sessions
from storefront.db import rows_changed
from storefront.errors import Conflict, DomainError
from storefront.extensions import db
from storefront.producers.models import Producer

INVITATION_LIFETIME = timedelta(days=7)
_MAX_TOKEN_LENGTH = 64


class BadInvitation(DomainError):
    code = "bad_invitation"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invite_user(
    email: str,
    *,
    role: Role = Role.PRODUCER,
    producer: Producer | None,
    invited_by: User,
    now: datetime,
    language: str | None = "vi",
) -> Invitation:
    """Invite `email` to join as a member of `producer` (role PRODUCER) or as an officer (role OFFICER,
    no producer). Only an active officer may invite. The link is emailed through the outbox and works once,
    for 7 days; inviting the same address again replaces any invitation still open for it.

    Raises DomainError (field "email" or "producer") for a bad address, an address that already has an
    account (`email_taken`: the officer, unlike a stranger, may know that), or a role/producer mismatch.
    """
    if invited_by.role != Role.OFFICER or not invited_by.is_active:
        raise DomainError(_("Only programme officers can invite people."), code="not_officer")
    address = normalize_email(email)
    if role == Role.PRODUCER and producer is None:
        raise DomainError(_("Choose the producer this person works for."), code="producer_required", field="producer")
    if role != Role.PRODUCER and producer is not None:
        raise DomainError(
            _("Only producer accounts belong to a producer."), code="producer_not_allowed", field="producer"
        )
    if role == Role.CUSTOMER:
        raise DomainError(_("Shoppers register themselves; invite producers or officers."), code="invalid_role")
    if find_user_by_email(address) is not None:
        raise Conflict(_("An account with that email already exists."), code="email_taken", field="email")
    db.session.execute(
        update(Invitation)
        .where(Invitation.email == address, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=address,
        role=role,
        producer=producer,
        token_sha256=_digest(token),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    db.session.flush()
    mail.send_invitation(
        address, links.public_url(f"/invitations/{token}"), producer.name if producer else None, now, language
    )
    return invitation


def revoke_invitation(invitation: Invitation, *, now: datetime) -> None:
    """The link stops working (an officer invited the wrong address)."""
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = now
        db.session.flush()


def pending_invitations(producer: Producer | None = None) -> list[Invitation]:
    """Invitations not yet accepted nor revoked, newest first (expired ones included: they can be resent)."""
    query = select(Invitation).where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
    if producer is not None:
        query = query.where(Invitation.producer_id == producer.id)
    return list(db.session.scalars(query.order_by(Invitation.id.desc())))


def check_invitation(token: str, *, now: datetime) -> Invitation:
    """The open invitation this link is for, or BadInvitation (unknown, used, revoked or expired)."""
    token = (token or "").strip()
    row = None
    if token and len(token) <= _MAX_TOKEN_LENGTH and token.isascii():
        row = db.session.scalar(select(Invitation).where(Invitation.token_sha256 == _digest(token)))
    if row is None or row.accepted_at is not None or row.revoked_at is not None or row.expires_at <= now:
        raise BadInvitation(
            _("This invitation has expired or has already been used. Ask the programme office for a new one.")
        )
    return row


def accept_invitation(token: str, password: str, *, name: str = "", now: datetime) -> User:
    """Open the invitee's account with the password they chose, once. Two submissions at once make one
    account: the invitation is claimed with a conditional update before the account is created.

    Raises BadInvitation, or DomainError (field "password") for a password that breaks the rules.
    """
    invitation = check_invitation(token, now=now)
    claimed = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .values(accepted_at=now)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(claimed) != 1:
        raise BadInvitation(
            _("This invitation has expired or has already been used. Ask the programme office for a new one.")
        )
    db.session.refresh(invitation)
    producer_slug = invitation.producer.slug if invitation.producer is not None else None
    # The invitation reached this address, so the account's email is confirmed.
    user = create_user(
        invitation.email, invitation.role, password=password, producer_slug=producer_slug, name=name, now=now
    )
    invitation.user = user
    db.session.flush()
    return user


def disable_user(user: User, *, actor: User, now: datetime) -> None:
    """An officer closes an account: it can no longer log in, and every session it has ends at once
    (a copied cookie or remember-me cookie signs nobody in). Officers cannot disable themselves."""
    if actor.role != Role.OFFICER or not actor.is_active:
        raise DomainError(_("Only programme officers can disable accounts."), code="not_officer")
    if actor.id == user.id:
        raise DomainError(_("You cannot disable your own account."), code="cannot_disable_self")
    user.is_active_account = False
    user.disabled_at = now
    revoke_all_sessions(user, now)
    db.session.flush()


def enable_user(user: User, *, actor: User, now: datetime) -> None:
    """Open a disabled account again; its owner logs in afresh (old sessions stay ended)."""
    if actor.role != Role.OFFICER or not actor.is_active:
        raise DomainError(_("Only programme officers can enable accounts."), code="not_officer")
    user.is_active_account = True
    user.disabled_at = None
    db.session.flush()
