"""Officers' API tokens beyond creating one (`services.create_api_token`): listing and revoking."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from storefront.auth.models import ApiToken, Role, User
from storefront.errors import DomainError, NotFound
from storefront.extensions import db


def list_api_tokens() -> list[ApiToken]:
    """Every token with its owner, newest first (one query)."""
    return list(
        db.session.scalars(select(ApiToken).options(joinedload(ApiToken.user)).order_by(ApiToken.id.desc())).all()
    )


def revoke_api_token(token_id: int, *, actor: User, now: datetime) -> ApiToken:
    """Revoke a token at once: its next request is a 401. Revoking it again changes nothing."""
    if actor.role != Role.OFFICER or not actor.is_active:
        raise DomainError(_("Only programme officers can revoke API tokens."), code="not_officer")
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(_("There is no such API token."), code="token_not_found")
    if token.revoked_at is None:
        token.revoked_at = now
        db.session.flush()
    return token
